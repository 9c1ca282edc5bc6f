"""The stage registry: how the pipeline finds its steps.

Built-in stages are declared in ``pyproject.toml`` under the entry-point group
``newsdesk.stages`` exactly as a plugin package would declare its own, so the
built-ins use no private path. Each entry point names a :class:`Stage`.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from . import tuning
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
    ``config`` overrides the stage's tuning weights (:mod:`newsdesk.tuning`) while it runs:
    ``stage.configured(run_floor=0.5)`` is the stage with that weight, everything else as shipped.
    """

    name: str
    phase: str
    run: Callable[[Sequence[Document]], None]
    order: int = 50
    requires: tuple[str, ...] = ()
    prepare: Callable[[], object] | None = None
    config: Mapping[str, float | int] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.phase not in PHASES:
            raise ValueError(f"stage {self.name!r}: unknown phase {self.phase!r}; use one of {PHASES}")
        config = tuning.check(self.name, self.config)
        run = self.run.run if isinstance(self.run, _Configured) else self.run
        object.__setattr__(self, "config", config)
        object.__setattr__(self, "run", _Configured(run, self.name, config) if config else run)

    def configured(self, **config: float | int) -> Stage:
        """This stage with ``config`` over its current config (a weight it lacks is refused)."""
        return dataclasses.replace(self, config={**self.config, **config})


@dataclass(frozen=True, eq=False)
class _Configured:
    """A stage's ``run`` with its config in force while it runs (picklable, unlike a closure)."""

    run: Callable[[Sequence[Document]], None]
    stage: str
    config: Mapping[str, float | int]

    def __call__(self, docs: Sequence[Document]) -> None:
        with tuning.overriding(self.stage, self.config):
            self.run(docs)


class PluginStageWarning(RuntimeWarning):
    """A third-party stage that cannot be imported and is left out of the pipeline."""


def _built_in(ep: EntryPoint) -> bool:
    """Whether an entry point names one of newsdesk's own stages (its module is in ``newsdesk``)."""
    return ep.value.split(":", 1)[0].split(".", 1)[0] == "newsdesk"


@cache
def registered() -> tuple[Stage, ...]:
    """All stages from the ``newsdesk.stages`` entry points, in pipeline order.

    A built-in stage that cannot be imported raises: the pipeline without it would give
    different results without saying so. A plugin's stage that cannot be imported (a package
    half-installed) is left out with a :class:`PluginStageWarning` naming it, so the
    analysis the user installed newsdesk for still runs.
    """
    found: list[Stage] = []
    for ep in entry_points(group="newsdesk.stages"):
        if _built_in(ep):
            stage = ep.load()
        else:
            try:
                stage = ep.load()
            except ImportError as error:
                dist = ep.dist.name if ep.dist else "an unknown package"
                warnings.warn(f"newsdesk: plugin stage {ep.name!r} ({ep.value}, from {dist}) is skipped: "
                              f"{type(error).__name__}: {error}", PluginStageWarning, stacklevel=2)
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
