"""The events table an analyst filters, sorts and pages through: one row per coded event.

Every filter is a SQL condition, so the total is counted by the database and a page reads
only its own rows (bodies are read for those rows alone, to cut the evidence sentence).
Each stored copy of a story keeps its row: the outlet column says who printed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, or_, select, tuple_

from ..store.schema import articles, event_actors, events, places
from .actor_lookup import entity_names
from .facts import _sentence, attribution, fact_score, outlet_of

#: When an event happened: its own date, unless that is after the article was published (a
#: misread date: "45" read as 2045) and the event is not announced for the future; else the
#: article's date. ISO strings compare in order, and a month ("2009-01") sorts before its days.
WHEN = case(
    (
        and_(
            events.c.date.is_not(None),
            or_(
                articles.c.published.is_(None),
                events.c.date <= articles.c.published,
                events.c.modality == "future",
            ),
        ),
        events.c.date,
    ),
    else_=articles.c.published,
)
#: Sort keys a caller may ask for ("-" first means newest / last first): a value, then the
#: event id, so every row has its own place and a page can start after a row (keyset). A
#: missing value sorts as the empty string, first ascending and last descending in both engines.
SORTS = {
    "date": (func.coalesce(WHEN, ""), events.c.id),
    "type": (events.c.type, events.c.id),
    "outlet": (func.coalesce(articles.c.outlet, ""), events.c.id),
    "modality": (events.c.modality, events.c.id),
}
#: The columns of a row, in the order of a CSV download.
COLUMNS = [
    "date",
    "type",
    "modality",
    "source",
    "target",
    "reported_by",
    "location",
    "outlet",
    "published",
    "doc_id",
    "title",
    "url",
    "start",
    "end",
    "score",
    "sentence",
    "attribution",
]


@dataclass
class EventFilters:
    """Validated filters: actor and counterpart as entity ids (each a list of the ids a name denotes)."""

    actor: list[str] = field(default_factory=list)
    counterpart: list[str] = field(default_factory=list)
    category: str | None = None
    modality: str | None = None
    place: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None


def _named(ids: list[str]):
    return events.c.id.in_(
        select(event_actors.c.event_id).where(
            event_actors.c.entity_id.in_(ids), event_actors.c.side.in_(("source", "target"))
        )
    )


def outlet_condition(name: str):
    """Articles from the outlet: by its stated name, or (when a page did not say) by its site's
    host name, as pages show it ("en.wikinews.org")."""
    host = name.strip().lower().replace("%", "").replace("_", "")
    by_site = and_(
        articles.c.outlet.is_(None),
        or_(articles.c.url.like(f"%://{host}/%"), articles.c.url.like(f"%://www.{host}/%")),
    )
    return or_(func.lower(articles.c.outlet) == name.strip().lower(), by_site)


def conditions(f: EventFilters) -> list:
    cond: list[ColumnElement[bool]] = [articles.c.current.is_(True)]
    if f.actor:
        cond.append(_named(f.actor))
    if f.counterpart:
        cond.append(_named(f.counterpart))
    if f.category:
        cond.append(events.c.type == f.category)
    if f.modality:
        cond.append(events.c.modality == f.modality)
    if f.outlet:
        cond.append(outlet_condition(f.outlet))
    if f.since:
        cond.append(WHEN >= f.since)
    if f.until:
        cond.append(WHEN <= f.until + "\uffff")
    if f.place:
        named = or_(func.lower(places.c.name) == f.place.lower(), places.c.country_code == f.place.upper())
        cond.append(
            or_(
                func.lower(events.c.location) == f.place.lower(),
                events.c.article_id.in_(select(places.c.article_id).where(named)),
            )
        )
    return cond


def count_events(conn: Connection, f: EventFilters) -> int:
    query = (
        select(func.count())
        .select_from(events.join(articles, articles.c.id == events.c.article_id))
        .where(*conditions(f))
    )
    return conn.scalar(query) or 0


def _names(refs) -> list[str]:
    if refs is None:
        return []
    return [refs] if isinstance(refs, str) else [r for r in refs if isinstance(r, str)]


def event_rows(
    conn: Connection, f: EventFilters, *, sort: str = "-date", offset: int = 0, limit: int = 50
) -> list[dict]:
    """One page of events as plain rows; actor references are given as names, ids alongside."""
    return event_page(conn, f, sort=sort, offset=offset, limit=limit)[0]


def event_page(
    conn: Connection,
    f: EventFilters,
    *,
    sort: str = "-date",
    offset: int = 0,
    limit: int = 50,
    after: tuple[str, int] | None = None,
) -> tuple[list[dict], tuple[str, int] | None]:
    """A page of ``event_rows`` and the key of its last row, from which the next page starts.

    ``after`` (a key this returned) starts the page after that row instead of skipping
    ``offset`` rows: the database seeks to it rather than sorting and dropping every row
    before it, so the thousandth page costs what the first does. The key is None when the
    page is not full (nothing follows).
    """
    key = sort.lstrip("-")
    columns = SORTS.get(key, SORTS["date"])
    descending = sort.startswith("-")
    order = [c.desc() if descending else c.asc() for c in columns]
    cond = conditions(f)
    if after is not None:
        sort_tuple, after_tuple = tuple_(*columns), tuple_(*after)
        cond.append(sort_tuple < after_tuple if descending else sort_tuple > after_tuple)
    query = (
        select(
            columns[0].label("sort_key"),
            WHEN.label("when"),
            events.c.id,
            events.c.type,
            events.c.modality,
            events.c.source,
            events.c.target,
            events.c.reported_by,
            events.c.date,
            events.c.location,
            events.c.score,
            events.c.start,
            events.c.end,
            events.c.article_id,
            articles.c.doc_id,
            articles.c.title,
            articles.c.outlet,
            articles.c.published,
            articles.c.url,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(*cond)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    found = conn.execute(query).mappings().all()
    following = (found[-1]["sort_key"], found[-1]["id"]) if found and len(found) == limit else None
    ids = {i for r in found for side in ("source", "target", "reported_by") for i in _names(r[side])}
    names = entity_names(conn, sorted(ids))
    bodies = (
        {
            aid: (body, sentences)
            for aid, body, sentences in conn.execute(
                select(articles.c.id, articles.c.body, articles.c.sentences).where(
                    articles.c.id.in_({r["article_id"] for r in found})
                )
            )
        }
        if found
        else {}
    )
    out = []
    for r in found:
        body, sentences = bodies.get(r["article_id"], ("", None))
        row = {
            "id": r["id"],
            "date": r["when"],
            "type": r["type"],
            "modality": r["modality"],
            "outlet": outlet_of(r["outlet"], r["url"]),
            "published": r["published"],
            "doc_id": r["doc_id"],
            "title": r["title"],
            "url": r["url"],
            "location": r["location"],
            "start": r["start"],
            "end": r["end"],
            "score": fact_score("event", r["type"], r["score"]),
            "sentence": _sentence(body, r["start"], r["end"], sentences),
            "attribution": attribution(r["url"]),
        }
        for side in ("source", "target", "reported_by"):
            refs = _names(r[side])
            row[side] = " and ".join(names.get(i, i) for i in refs)
            row[f"{side}_ids"] = refs
        out.append(row)
    return out, following


def facets(conn: Connection, f: EventFilters) -> dict[str, dict[str, int]]:
    """Events per category and per modality under the other filters (each facet ignores its own
    filter, so every choice shows what picking it would give)."""
    out: dict[str, dict[str, int]] = {}
    for name, column in (("category", events.c.type), ("modality", events.c.modality)):
        cleared: dict[str, Any] = {name: None}
        others = replace(f, **cleared)
        rows = conn.execute(
            select(column, func.count())
            .select_from(events.join(articles, articles.c.id == events.c.article_id))
            .where(*conditions(others))
            .group_by(column)
            .order_by(func.count().desc(), column)
        ).all()
        out[name] = {value: n for value, n in rows}
    return out
