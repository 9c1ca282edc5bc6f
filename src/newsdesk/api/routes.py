"""The JSON API: thin over ``newsdesk.answer`` (the same calls the CLI makes).

Every list answers ``{"total", "offset", "limit", "items"}`` and honours ``offset``;
``format=csv`` (and ``geojson`` where places are involved) downloads the same page.
Every malformed or unknown parameter is refused with 422 and one line (``params``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Connection, func, select

import newsdesk

from ..answer.dyads import timeline as dyad_timeline
from ..answer.ego_network import actor_network
from ..answer.event_table import COLUMNS as EVENT_COLUMNS
from ..answer.event_table import SORTS, EventFilters, count_events, event_page, facets
from ..answer.memo import MEMO
from ..answer.place_map import place_features
from ..answer.search import MODES, Filters, has_vectors
from ..answer.search_count import count_matches
from ..store.schema import aliases, entities, mentions
from . import params
from .listing import csv_response, cursor, envelope, feature_collection, read_cursor
from .store_access import MAX_LIMIT, MAX_QUERY, connection, document, plain

router = APIRouter()
Conn = Annotated[Connection, Depends(connection)]
Name = Annotated[str, Query(min_length=1, max_length=200)]
Offset = Annotated[int, Query(ge=0, le=params.MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Format = Annotated[str, Query(pattern="^(json|csv)$")]
Short = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(max_length=40)]
#: How deep a search may be paged (each page ranks every hit above it again).
SEARCH_DEPTH = 1000
#: Rows a download may hold (``limit`` up to this when ``format`` is not json).
MAX_DOWNLOAD = 5000
SORT_KEYS = tuple(k for key in SORTS for k in (key, "-" + key))
SEARCH_COLUMNS = [
    "doc_id",
    "title",
    "outlet",
    "published",
    "url",
    "score",
    "snippet",
    "start",
    "end",
    "copies",
    "attribution",
]


def no_vectors_message() -> str:
    return (
        "semantic search needs article vectors and this store has none: "
        "run `newsdesk ingest` without --no-embed to add them (full-text search works meanwhile)"
    )


def search_page(conn: Connection, q: str, mode: str, filters: Filters, offset: int, limit: int):
    """(total, hits) of one page of a search; the semantic index must exist for semantic modes."""
    if mode != "fts" and not has_vectors(conn):
        raise params.BadParameter("mode", no_vectors_message())
    if offset + limit > SEARCH_DEPTH:  # a ranked list is built from the top for every page
        raise params.BadParameter(
            "offset", f"search pages reach the best {SEARCH_DEPTH:,} stories; narrow the query"
        )
    hits = newsdesk.search(conn, q, mode=mode, filters=filters, limit=offset + limit)[offset:]
    return count_matches(conn, q, mode, filters), hits


def search_filters(conn: Connection, actor, place, since, until, category, modality) -> Filters:
    params.actor_ids(conn, "actor", actor)
    since, until = params.date_range(since, until)
    return Filters(
        actor=actor or None,
        place=params.place(conn, place),
        since=since,
        until=until,
        category=params.category(category),
        modality=params.modality(modality),
    )


@router.get("/search", summary="Search stored articles (one hit per story)")
def search(
    conn: Conn,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
    mode: Annotated[str, Query(pattern="^(" + "|".join(MODES) + ")$")] = "fts",
    actor: Short = None,
    place: Short = None,
    since: Day = None,
    until: Day = None,
    category: Short = None,
    modality: Short = None,
    offset: Offset = 0,
    limit: Limit = 10,
    format: Format = "json",
) -> Any:
    filters = search_filters(conn, actor, place, since, until, category, modality)
    total, hits = search_page(conn, q, mode, filters, offset, limit)
    items = plain(hits)
    if format == "csv":
        return csv_response(items, SEARCH_COLUMNS, "search")
    return envelope(total, offset, limit, items)


@router.get("/documents/{doc_id:path}", summary="A stored document with everything read out of it")
def get_document(conn: Conn, doc_id: str) -> dict[str, Any]:
    found = document(conn, doc_id[:200]) if len(doc_id) <= 200 else None
    if found is None:
        raise HTTPException(404, f"no document {params.shown(doc_id)}")
    return found


@router.get("/actors", summary="Actors, most written about first; q narrows by name")
def list_actors(
    conn: Conn,
    q: Short = None,
    type: Short = None,
    offset: Offset = 0,
    limit: Limit = 50,
    format: Format = "json",
) -> Any:
    total, items = actor_list(conn, q, type, offset, limit)
    if format == "csv":
        return csv_response(items, ["id", "name", "type", "articles"], "actors")
    return envelope(total, offset, limit, items)


def actor_list(conn: Connection, q: str | None, type_: str | None, offset: int, limit: int):
    """(total, one page) of actors, most written about first; the ranking is kept until the store changes."""
    key = ("actors", (q or "").strip().lower(), (type_ or "").strip().upper())
    total, ranked = MEMO.get(conn, key, lambda: _ranked_actors(conn, q, type_))
    return total, ranked[offset : offset + limit]


#: Actors ranked at most (a page deeper than this lists nothing; the total still counts them all).
RANKED = 10_000


def _ranked_actors(conn: Connection, q: str | None, type_: str | None):
    cond: list[ColumnElement[bool]] = []
    if q and q.strip():
        from ..store.keys import fold

        cond.append(
            entities.c.id.in_(
                select(aliases.c.entity_id).where(
                    aliases.c.folded.like(fold(q.strip()).replace("%", "") + "%")
                )
            )
        )
    if type_ and type_.strip():
        cond.append(func.upper(entities.c.type) == type_.strip().upper())
    total = conn.scalar(select(func.count()).select_from(entities).where(*cond)) or 0
    n_articles = func.count(func.distinct(mentions.c.article_id)).label("articles")
    rows = (
        conn.execute(
            select(entities.c.id, entities.c.name, entities.c.type, n_articles)
            .outerjoin(mentions, mentions.c.entity_id == entities.c.id)
            .where(*cond)
            .group_by(entities.c.id, entities.c.name, entities.c.type)
            .order_by(n_articles.desc(), entities.c.name)
            .limit(RANKED)
        )
        .mappings()
        .all()
    )
    return total, [dict(r) for r in rows]


@router.get("/actors/{name:path}", summary="An actor's page: aliases, roles, counterparts, events")
def get_actor(conn: Conn, name: str) -> dict[str, Any]:
    page = newsdesk.actor_page(conn, name[:200])
    if page is None:
        raise HTTPException(404, f"no actor called {params.shown(name)}")
    return plain(page)


def event_filters(
    conn: Connection,
    actor=None,
    counterpart=None,
    category=None,
    modality=None,
    place=None,
    outlet=None,
    since=None,
    until=None,
) -> EventFilters:
    since, until = params.date_range(since, until)
    return EventFilters(
        actor=params.actor_ids(conn, "actor", actor)[:1],
        counterpart=params.actor_ids(conn, "counterpart", counterpart)[:1],
        category=params.category(category),
        modality=params.modality(modality),
        place=params.place(conn, place),
        outlet=params.outlet(conn, outlet),
        since=since,
        until=until,
    )


@router.get("/events", summary="Coded events with filters, sorting and pages; CSV or JSON")
def list_events(
    conn: Conn,
    actor: Short = None,
    counterpart: Short = None,
    category: Short = None,
    modality: Short = None,
    place: Short = None,
    outlet: Short = None,
    since: Day = None,
    until: Day = None,
    sort: Short = "-date",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_DOWNLOAD)] = 50,
    after: Annotated[str | None, Query(max_length=1000)] = None,
    format: Format = "json",
) -> Any:
    """``next`` is a cursor for the page after this one (None after the last): pass it as
    ``after``, with the same filters and sort, to page by key instead of by offset."""
    f = event_filters(conn, actor, counterpart, category, modality, place, outlet, since, until)
    sort = params.choice("sort", sort, SORT_KEYS, "-date")
    if format == "json" and limit > MAX_LIMIT:
        raise params.BadParameter(
            "limit", f"at most {MAX_LIMIT} as JSON (up to {MAX_DOWNLOAD} with format=csv)"
        )
    key = None
    if after:
        if offset:
            raise params.BadParameter("after", "give either offset or after, not both")
        try:
            key = read_cursor(after)
        except ValueError as error:
            raise params.BadParameter("after", f"{error}: {params.shown(after)}") from None
    items, following = event_page(conn, f, sort=sort, offset=offset, limit=limit, after=key)
    if format == "csv":
        return csv_response(items, EVENT_COLUMNS, "events")
    total = count_events(conn, f)
    return envelope(total, offset, limit, items, facets=facets(conn, f), next=cursor(following))


@router.get("/places", summary="Places with the articles and events that name them, as GeoJSON")
def list_places(
    conn: Conn,
    actor: Short = None,
    category: Short = None,
    since: Day = None,
    until: Day = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_DOWNLOAD)] = 500,
    format: Annotated[str, Query(pattern="^(json|geojson|csv)$")] = "geojson",
) -> Any:
    since, until = params.date_range(since, until)
    features = place_features(
        conn,
        actor=params.actor_ids(conn, "actor", actor)[:1],
        category=params.category(category),
        since=since,
        until=until,
    )
    page = features[offset : offset + limit]
    if format == "csv":
        rows = [
            {
                **f["properties"],
                "lon": f["geometry"]["coordinates"][0],
                "lat": f["geometry"]["coordinates"][1],
            }
            for f in page
        ]
        return csv_response(
            rows,
            ["name", "country_code", "geonameid", "feature", "lat", "lon", "articles", "events"],
            "places",
        )
    body = feature_collection(page, len(features), offset, limit)
    if format == "geojson":
        import json

        return Response(json.dumps(body, ensure_ascii=False), media_type="application/geo+json")
    return body


@router.get("/network", summary="An actor's counterparts and who acted on whom, by category")
def get_network(
    conn: Conn,
    actor: Name,
    category: Short = None,
    since: Day = None,
    until: Day = None,
    cap: Annotated[int, Query(ge=1, le=200)] = 25,
    min_weight: Annotated[int, Query(ge=1, le=10_000)] = 1,
    offset: Offset = 0,
    limit: Limit = 100,
    format: Format = "json",
) -> Any:
    ident = params.actor_ids(conn, "actor", actor)[0]
    since, until = params.date_range(since, until)
    net = actor_network(
        conn,
        ident,
        cap=cap,
        min_weight=min_weight,
        category=params.category(category),
        since=since,
        until=until,
    )
    items = net.edges[offset : offset + limit]
    if format == "csv":
        return csv_response(
            items,
            ["source", "source_name", "target", "target_name", "kind", "type", "count", "score"],
            "network",
        )
    return envelope(
        len(net.edges),
        offset,
        limit,
        items,
        center=net.center,
        nodes=net.nodes,
        dropped_nodes=net.dropped_nodes,
    )


def dyad_page(conn: Connection, a: str, b: str, category=None, modality=None, since=None, until=None):
    """The dyad of two different actors, its facts narrowed by the filters (the timeline follows them)."""
    a_ids, b_ids = params.actor_ids(conn, "a", a), params.actor_ids(conn, "b", b)
    if not a_ids or not b_ids:  # a blank name denotes no actor
        raise params.BadParameter("b" if a_ids else "a", "an actor's name is required")
    if a_ids[0] == b_ids[0]:
        raise params.BadParameter("b", f"{params.shown(b)} is the same actor as a={params.shown(a)}")
    category, modality = params.category(category), params.modality(modality)
    since, until = params.date_range(since, until)
    found = newsdesk.dyad(conn, a, b)
    kept = [
        f
        for f in found.facts
        if (not category or f.type == category)
        and (not modality or f.modality == modality)
        and (not since or (f.date or f.published or "") >= since)
        and (not until or (f.date or f.published or "") <= until + "\uffff")
    ]
    found.facts, found.timeline = kept, dyad_timeline(kept)
    return found


@router.get("/dyads", summary="Events and relations between two actors, with a monthly timeline")
def get_dyad(
    conn: Conn,
    a: Name,
    b: Name,
    category: Short = None,
    modality: Short = None,
    since: Day = None,
    until: Day = None,
    offset: Offset = 0,
    limit: Limit = 100,
    format: Format = "json",
) -> Any:
    found = dyad_page(conn, a, b, category, modality, since, until)
    items = plain(found.facts[offset : offset + limit])
    if format == "csv":
        return csv_response(
            items,
            [
                "kind",
                "type",
                "modality",
                "source",
                "target",
                "reported_by",
                "date",
                "published",
                "outlet",
                "doc_id",
                "title",
                "url",
                "start",
                "end",
                "score",
                "sentence",
            ],
            "dyad",
        )
    return envelope(
        len(found.facts), offset, limit, items, a=plain(found.a), b=plain(found.b), timeline=found.timeline
    )


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUERY)


@router.get("/ask", summary="An evidence brief answering a question about two actors")
def ask_get(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)]) -> dict[str, Any]:
    return newsdesk.ask(conn, q).to_dict()


@router.post("/ask", summary="An evidence brief answering a question about two actors")
def ask_post(conn: Conn, body: Question) -> dict[str, Any]:
    return newsdesk.ask(conn, body.question).to_dict()
