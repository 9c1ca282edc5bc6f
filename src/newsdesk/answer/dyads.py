"""Dyad timelines: what two actors did to each other, month by month.

Counts are by category and modality after story de-duplication; the score sums each
fact's cooperation (+) / conflict (-) weight, so a month reads at a glance.

The facts of a dyad are found from the actor links, not by testing every fact: the ids
come from the (entity, side) and (fact, side) indexes (revision 0002), and article bodies
are read only for the facts left after story de-duplication (copies of a story share one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Table, select, union

from ..store.schema import articles, event_actors, events, relation_actors, relations
from .facts import Fact, _sentence, dedupe, fact_score
from .resolve import Actor, entity_names, resolve_name, two_sides

#: Article columns a fact carries (the body is fetched later, for kept facts only).
ARTICLE = (
    articles.c.story_id,
    articles.c.doc_id,
    articles.c.title,
    articles.c.outlet,
    articles.c.published,
    articles.c.url,
)
CHUNK = 500


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


#: Two views of each link table (built once: constructing them costs more than the lookup).
_VIEWS = {links.name: (links.alias("x"), links.alias("y")) for links in (event_actors, relation_actors)}


def pair_ids(links: Table, key: str, a_ids: list[str], b_ids: list[str]):
    """Fact ids with A on one side and B on the other, or A and B both as source (acting together).

    Each branch starts from one actor's source links and probes the same fact's links for
    the other actor: two index lookups per candidate, never a scan of the facts.
    """
    x, y = _VIEWS[links.name]

    def branch(first: list[str], second: list[str], sides: tuple[str, ...]):
        return (
            select(x.c[key])
            .join(y, y.c[key] == x.c[key])
            .where(
                x.c.side == "source", x.c.entity_id.in_(first), y.c.side.in_(sides), y.c.entity_id.in_(second)
            )
        )

    return union(branch(a_ids, b_ids, ("target", "source")), branch(b_ids, a_ids, ("target",)))


def dyad_facts(conn: Connection, a_ids: list[str], b_ids: list[str]) -> list[Fact]:
    """The facts between A and B, one per story, oldest first: ``facts(conn, a_ids, b_ids)``, faster."""
    found: list[Fact] = []
    for kind, table, links in (("event", events, event_actors), ("relation", relations, relation_actors)):
        ids = pair_ids(links, f"{kind}_id", a_ids, b_ids)
        query = (
            select(table, *ARTICLE)
            .join(articles, articles.c.id == table.c.article_id)
            .where(table.c.id.in_(ids), articles.c.current.is_(True))
            .order_by(table.c.id)
        )
        for row in conn.execute(query).mappings():
            found.append(
                Fact(
                    kind=kind,
                    id=row["id"],
                    type=row["type"],
                    modality=row["modality"],
                    source=row["source"],
                    target=row["target"],
                    reported_by=row["reported_by"],
                    start=row["start"],
                    end=row["end"],
                    score=fact_score(kind, row["type"], row.get("score")),
                    date=row.get("date"),
                    article_id=row["article_id"],
                    story_id=row["story_id"],
                    doc_id=row["doc_id"],
                    title=row["title"],
                    outlet=row["outlet"],
                    published=row["published"],
                    url=row["url"],
                    sentence="",
                )
            )
    found.sort(key=lambda f: (f.published or "", f.article_id, f.start))
    kept = dedupe(found)
    wanted = sorted({f.article_id for f in kept})
    bodies: dict[int, str] = {}
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i : i + CHUNK]
        bodies.update(
            conn.execute(select(articles.c.id, articles.c.body).where(articles.c.id.in_(chunk))).all()
        )
    for f in kept:
        f.sentence = _sentence(bodies[f.article_id], f.start, f.end)
    return kept


def dyad(conn: Connection, a: str, b: str) -> Dyad:
    """Events and relations between the actors named ``a`` and ``b`` (branches and earlier names included)."""
    actor_a, actor_b = _actor(conn, a), _actor(conn, b)
    if actor_a is None or actor_b is None:
        return Dyad([actor_a] if actor_a else [], [actor_b] if actor_b else [], [], [])
    side_a, side_b = two_sides(actor_a, actor_b)
    found = dyad_facts(conn, [x.id for x in side_a], [x.id for x in side_b])
    return Dyad(side_a, side_b, found, timeline(found))
