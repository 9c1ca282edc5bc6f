"""The PLOVER ontology (2021 manual): its 16 event categories and their cooperation–conflict scores.

The categories live in ``data/plover/categories.json``; older labels found in gold records
(DEMAND, DISAPPROVE, INVESTIGATE, FIGHT) fold into their 2021 category through :func:`canonical`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DATA = files("newsdesk") / "data" / "plover"


@dataclass(frozen=True)
class Category:
    name: str
    quad: str
    score: float
    description: str


@cache
def categories() -> dict[str, Category]:
    raw = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))["categories"]
    return {c["name"]: Category(c["name"], c["quad"], float(c["score"]), c["description"]) for c in raw}


@cache
def _older() -> dict[str, str]:
    raw = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))["categories"]
    return {old: c["name"] for c in raw for old in c["older"]}


def names() -> list[str]:
    """The 16 categories in cooperation-to-conflict order."""
    return list(categories())


def canonical(label: str) -> str | None:
    """A 2021 category for a label, mapping older names; None for anything else."""
    label = label.strip().upper()
    if label in categories():
        return label
    return _older().get(label)


def score(name: str) -> float | None:
    category = categories().get(name)
    return category.score if category else None
