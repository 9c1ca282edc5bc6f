"""Dyad timelines: what two actors did to each other, month by month.

Counts are by category and modality after story de-duplication; the score sums each
fact's cooperation (+) / conflict (-) weight, so a month reads at a glance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection

from .facts import Fact, facts
from .resolve import Actor, entity_names, resolve_name, two_sides


@dataclass
class Dyad:
    a: list[Actor]
    b: list[Actor]
    facts: list[Fact]
    timeline: list[dict]


def timeline(found: list[Fact]) -> list[dict]:
    """Rows ``{month, type, modality, count, score}``, oldest month first (undated facts last)."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in found:
        groups[(f.month or "undated", f.type, f.modality)].append(f)
    rows = [
        {
            "month": month,
            "type": type_,
            "modality": modality,
            "count": len(items),
            "score": round(sum(f.score for f in items), 2),
        }
        for (month, type_, modality), items in groups.items()
    ]
    rows.sort(key=lambda r: (r["month"] == "undated", r["month"], r["type"], r["modality"]))
    return rows


def _actor(conn: Connection, name: str) -> Actor | None:
    ids = resolve_name(conn, name)
    if not ids:
        return None
    return Actor(id=ids[0], name=entity_names(conn, ids[:1]).get(ids[0], name), asked=name)


def dyad(conn: Connection, a: str, b: str) -> Dyad:
    """Events and relations between the actors named ``a`` and ``b`` (branches and earlier names included)."""
    actor_a, actor_b = _actor(conn, a), _actor(conn, b)
    if actor_a is None or actor_b is None:
        return Dyad([actor_a] if actor_a else [], [actor_b] if actor_b else [], [], [])
    side_a, side_b = two_sides(actor_a, actor_b)
    found = facts(conn, [x.id for x in side_a], [x.id for x in side_b])
    return Dyad(side_a, side_b, found, timeline(found))
