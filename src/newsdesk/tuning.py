"""The stages' tuning weights and thresholds: data files, overridable per stage.

The numbers a stage was tuned with (how sure a line score must be to start an article, how
many words make a quotation a claim, how far a town may be from the places already read) are
data, kept beside the other data of the stage: ``data/<area>/weights.json`` maps a stage's name
to its weights, each with its value and a line saying what it does and how it was chosen. The
files are read once per process.

Code reads a weight through :func:`weights` (``weights("clean").run_floor``) when it runs, so a
stage built with ``Stage(..., config={"run_floor": 0.5})`` runs with that value and every other
run keeps the shipped one: the stage's ``run`` holds its config in force (:func:`overriding`)
for as long as it runs. A config names only weights its stage has (a misspelt name is refused);
a plugin stage with no weights file may carry any config, which it reads with :func:`weights`.

Limits on hostile input (``ingest/limits.py`` and the ``MAX_*`` bounds beside the code) are
not tuning and stay in the code; so do parameters of a trained model, which change only with
the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from types import MappingProxyType, SimpleNamespace
from typing import Any

__all__ = ["Weights", "check", "defaults", "overriding", "table", "weights"]

Number = int | float


class Weights(SimpleNamespace):
    """A stage's weights by name, as plain attributes (``w.run_floor``: as fast to read as a
    module constant, for code that reads one in a loop); read-only."""

    def __init__(self, stage: str, values: Mapping[str, Number]) -> None:
        super().__init__(**values)
        object.__setattr__(self, "_stage", stage)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("weights are read-only: build the stage with Stage(config=...) instead")

    def as_dict(self) -> dict[str, Number]:
        return {k: v for k, v in vars(self).items() if k != "_stage"}


@cache
def table() -> Mapping[str, Mapping[str, Mapping[str, Any]]]:
    """Every stage's weights with their help, from all ``data/*/weights.json``: {stage: {name:
    {"value": ..., "help": ...}}}. A stage named in two files is an error."""
    found: dict[str, Mapping[str, Mapping[str, Any]]] = {}
    data = files("newsdesk") / "data"
    for folder in sorted(data.iterdir(), key=lambda p: p.name):
        path = folder / "weights.json"
        if not path.is_file():
            continue
        for stage, entries in json.loads(path.read_text(encoding="utf-8")).items():
            if stage in found:
                raise ValueError(f"data/{folder.name}/weights.json: stage {stage!r} has weights in two files")
            for name, entry in entries.items():
                value = entry.get("value")
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"data/{folder.name}/weights.json: {stage}.{name} is not a number")
            found[stage] = MappingProxyType(entries)
    return MappingProxyType(found)


@cache
def defaults(stage: str) -> Weights:
    """The shipped weights of ``stage`` (none for a stage without a weights file)."""
    return Weights(stage, {name: entry["value"] for name, entry in table().get(stage, {}).items()})


#: Weights in force, by stage, while a configured stage runs (a new dict each time, never changed).
_ACTIVE: ContextVar[dict[str, Weights]] = ContextVar("newsdesk_tuning", default={})  # noqa: B039
#: The shipped weights by stage, once looked up (the common case, kept to a dict lookup).
_SHIPPED: dict[str, Weights] = {}


def weights(stage: str) -> Weights:
    """The weights of ``stage`` now: its config while a stage built with one runs, else the shipped."""
    active = _ACTIVE.get()
    if active and stage in active:
        return active[stage]
    found = _SHIPPED.get(stage)
    if found is None:
        found = _SHIPPED[stage] = defaults(stage)
    return found


def check(stage: str, config: Mapping[str, object]) -> dict[str, Number]:
    """``config`` as the weights it overrides, or a ValueError naming what is wrong with it.

    A stage with a weights file takes only its own names, each a number (a whole number where
    the shipped value is one); a stage without takes any numbers."""
    if not config:
        return {}  # no file is read for a stage built without a config (every import of a stage)
    known = table().get(stage)
    checked: dict[str, Number] = {}
    for name, value in config.items():
        if known is not None and name not in known:
            raise ValueError(f"stage {stage!r} has no weight {name!r}; its weights: "
                             f"{', '.join(sorted(known))}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"stage {stage!r}: weight {name!r} must be a number, not {value!r}")
        if known is not None and isinstance(known[name]["value"], int) and not float(value).is_integer():
            raise ValueError(f"stage {stage!r}: weight {name!r} must be a whole number, not {value!r}")
        checked[name] = int(value) if known is not None and isinstance(known[name]["value"], int) else value
    return checked


@contextmanager
def overriding(stage: str, config: Mapping[str, object]) -> Iterator[Weights]:
    """Within the block, :func:`weights` of ``stage`` gives ``config`` over the shipped weights."""
    merged = Weights(stage, {**defaults(stage).as_dict(), **check(stage, config)})
    token = _ACTIVE.set({**_ACTIVE.get(), stage: merged})
    try:
        yield merged
    finally:
        _ACTIVE.reset(token)
