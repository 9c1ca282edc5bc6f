"""Dyad timelines: what two actors did to each other, month by month.

Counts are by category and modality after story de-duplication; the score sums each
fact's cooperation (+) / conflict (-) weight, so a month reads at a glance.

The facts of a dyad are found from the actor links, not by testing every fact: the ids
come from the (entity, side) and (fact, side) indexes (revision 0002), story
de-duplication runs on light columns (revision 0003 covers them in SQLite), and only the
facts it keeps are read in full.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Table, Text, cast, exists, func, select, union

from ..store.schema import articles, event_actors, events, relation_actors, relations
from .actor_lookup import ActorMatch, entity_names, resolve_name, two_sides
from .facts import ARTICLE, Fact

CHUNK = 500


@dataclass
class Dyad:
    a: list[ActorMatch]
    b: list[ActorMatch]
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


def _actor(conn: Connection, name: str) -> ActorMatch | None:
    ids = resolve_name(conn, name)
    if not ids:
        return None
    return ActorMatch(id=ids[0], name=entity_names(conn, ids[:1]).get(ids[0], name), asked=name)


#: Two views of each link table (built once: constructing them costs more than the lookup).
_VIEWS = {links.name: (links.alias("x"), links.alias("y")) for links in (event_actors, relation_actors)}
#: Links counted at most per side to choose which side a dyad query starts from.
COUNT_CAP = 5000


def _links_of(conn: Connection, links: Table, ids: list[str]) -> int:
    """How many links the actors have (up to ``COUNT_CAP``): a cheap count on the covering index."""
    some = select(links.c.id).where(links.c.entity_id.in_(ids)).limit(COUNT_CAP).subquery()
    return conn.scalar(select(func.count()).select_from(some)) or 0


def pair_ids(links: Table, key: str, a_ids: list[str], b_ids: list[str], a_rarer: bool = True):
    """Fact ids with A on one side and B on the other, or A and B both as source (acting together).

    Each branch walks the links of the rarer actor (``a_rarer`` says which) and probes the
    same fact's links for the other: index lookups in proportion to the rarer actor's facts,
    never a scan of the facts nor of a frequent actor's links (the United States in a large
    corpus). The probe is a correlated EXISTS so SQLite keeps that order.
    """
    x, y = _VIEWS[links.name]

    def branch(first: list[str], second: list[str], sides: tuple[str, ...]):
        lead = (x, ("source",), first) if a_rarer == (first is a_ids) else (y, sides, second)
        probe = (y, sides, second) if lead[0] is x else (x, ("source",), first)
        (outer, outer_sides, outer_ids), (inner, inner_sides, inner_ids) = lead, probe
        return select(outer.c[key]).where(
            outer.c.side.in_(outer_sides),
            outer.c.entity_id.in_(outer_ids),
            exists().where(
                inner.c[key] == outer.c[key], inner.c.side.in_(inner_sides), inner.c.entity_id.in_(inner_ids)
            ),
        )

    return union(branch(a_ids, b_ids, ("target", "source")), branch(b_ids, a_ids, ("target",)))


@lru_cache(maxsize=4096)
def _canonical(stored: str | None) -> str:
    """A stored actor reference as ``facts.dedupe`` keys it (decoded, dumped with sorted keys)."""
    return json.dumps(None if stored is None else json.loads(stored), sort_keys=True)


def _kept_ids(conn: Connection, a_ids: list[str], b_ids: list[str]) -> list[tuple[str, int]]:
    """(kind, id) of the facts ``facts.dedupe`` keeps, oldest first, from light columns only.

    Copies of a story repeat its facts hundreds of times in a large store; only the kept
    ones are read in full. The actor references are keyed from their stored JSON text.
    """
    light: list[tuple] = []
    for kind, table, links in (("event", events, event_actors), ("relation", relations, relation_actors)):
        rarer = _links_of(conn, links, a_ids) <= _links_of(conn, links, b_ids)
        query = (
            select(
                table.c.id,
                table.c.article_id,
                table.c.start,
                table.c.type,
                table.c.modality,
                cast(table.c.source, Text),
                cast(table.c.target, Text),
                articles.c.story_id,
                articles.c.published,
            )
            .join(articles, articles.c.id == table.c.article_id)
            .where(
                table.c.id.in_(pair_ids(links, f"{kind}_id", a_ids, b_ids, rarer)),
                articles.c.current.is_(True),
            )
            .order_by(table.c.id)
            .with_hint(articles, "INDEXED BY ix_articles_fact", "sqlite")
        )
        light.extend((kind, *row) for row in conn.execute(query))
    light.sort(key=lambda r: (r[9] or "", r[2], r[3]))  # published, article, start (as ``facts``)
    seen, kept = set(), []
    for kind, id_, article_id, _, type_, modality, source, target, story_id, _ in light:
        key = (
            story_id if story_id is not None else f"a{article_id}",
            kind,
            type_,
            modality,
            _canonical(source),
            _canonical(target),
        )
        if key not in seen:
            seen.add(key)
            kept.append((kind, id_))
    return kept


def dyad_facts(conn: Connection, a_ids: list[str], b_ids: list[str]) -> list[Fact]:
    """The facts between A and B, one per story, oldest first: ``facts(conn, a_ids, b_ids)``, faster."""
    kept = _kept_ids(conn, a_ids, b_ids)
    full: dict[tuple[str, int], Fact] = {}
    for kind, table in (("event", events), ("relation", relations)):
        ids = [i for k, i in kept if k == kind]
        for i in range(0, len(ids), CHUNK):
            query = (
                select(table, *ARTICLE, articles.c.body, articles.c.sentences)
                .join(articles, articles.c.id == table.c.article_id)
                .where(table.c.id.in_(ids[i : i + CHUNK]))
            )
            for row in conn.execute(query).mappings():
                full[(kind, row["id"])] = Fact.from_row(kind, row)
    return [full[k] for k in kept]


def dyad(conn: Connection, a: str, b: str) -> Dyad:
    """Events and relations between the actors named ``a`` and ``b`` (branches and earlier names included)."""
    actor_a, actor_b = _actor(conn, a), _actor(conn, b)
    if actor_a is None or actor_b is None:
        return Dyad([actor_a] if actor_a else [], [actor_b] if actor_b else [], [], [])
    side_a, side_b = two_sides(actor_a, actor_b)
    found = dyad_facts(conn, [x.id for x in side_a], [x.id for x in side_b])
    return Dyad(side_a, side_b, found, timeline(found))
