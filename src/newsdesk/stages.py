"""The stage registry: how the pipeline finds its steps.

Built-in stages are declared in ``pyproject.toml`` under the entry-point group
``newsdesk.stages`` exactly as a plugin package would declare its own, so the
built-ins use no private path. Each entry point names a :class:`Stage`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

from .model import Document

#: The direction of flow; a stage runs in one phase, phases run in this order.
PHASES = ("clean", "read", "attribute", "code")


@dataclass(frozen=True)
class Stage:
    """One step over a batch of documents.

    ``run`` mutates the documents in place (batches let NLP stages use ``nlp.pipe``).
    ``order`` sorts stages within a phase; ``requires`` names stages that must run first.
    ``prepare``, when given, loads what the stage keeps for the life of a process (a model,
    an index): a worker calls it when it starts, so that its first batch is not the slow one.
    """

    name: str
    phase: str
    run: Callable[[Sequence[Document]], None]
    order: int = 50
    requires: tuple[str, ...] = ()
    prepare: Callable[[], object] | None = None

    def __post_init__(self) -> None:
        if self.phase not in PHASES:
            raise ValueError(f"stage {self.name!r}: unknown phase {self.phase!r}; use one of {PHASES}")


@cache
def registered() -> tuple[Stage, ...]:
    """All stages from the ``newsdesk.stages`` entry points, in pipeline order."""
    found: list[Stage] = []
    for ep in entry_points(group="newsdesk.stages"):
        try:
            stage = ep.load()
        except ModuleNotFoundError as error:
            # A declared stage whose module is absent (a plugin half-installed, or a
            # stage not yet written) is reported, not fatal: the rest still runs.
            print(f"newsdesk: stage {ep.name!r} unavailable: {error}", file=sys.stderr)
            continue
        if not isinstance(stage, Stage):
            raise TypeError(f"entry point {ep.name!r} ({ep.value}) is not a newsdesk.stages.Stage")
        found.append(stage)
    return tuple(sorted(found, key=lambda s: (PHASES.index(s.phase), s.order, s.name)))


def select(upto: str | None = None, skip: Sequence[str] = ()) -> list[Stage]:
    """The registered stages up to and including phase ``upto``, minus ``skip``."""
    last = PHASES.index(upto) if upto else len(PHASES) - 1
    chosen = [s for s in registered() if PHASES.index(s.phase) <= last and s.name not in skip]
    names = {s.name for s in chosen}
    for s in chosen:
        missing = [r for r in s.requires if r not in names]
        if missing:
            raise ValueError(f"stage {s.name!r} requires {missing}, which are not selected")
    return chosen
