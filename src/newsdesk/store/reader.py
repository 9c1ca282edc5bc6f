"""Read stored documents back as the JSON of ``newsdesk extract`` (plus store ids and URL).

Children are fetched per chunk of articles, one query per table, so an export of the
whole corpus makes a handful of queries per thousand articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import Connection, select

from .schema import (
    articles,
    dates,
    entities,
    events,
    mentions,
    place_mentions,
    places,
    quotes,
    relations,
    roles,
)

CHUNK = 200
ARTICLE_FIELDS = (
    "title",
    "summary",
    "body",
    "captions",
    "outlet",
    "published",
    "language",
    "paywalled",
    "url",
    "authors",
    "agency",
)


def _by_article(conn: Connection, table, ids: list[int]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for row in conn.execute(select(table).where(table.c.article_id.in_(ids)).order_by(table.c.id)).mappings():
        out[row["article_id"]].append(dict(row))
    return out


def _drop(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def documents(conn: Connection, *, current_only: bool = True) -> Iterator[dict]:
    """Every stored article with what was read out of it, oldest first."""
    query = select(articles.c.id).order_by(articles.c.id)
    if current_only:
        query = query.where(articles.c.current.is_(True))
    ids = list(conn.scalars(query))
    for i in range(0, len(ids), CHUNK):
        yield from documents_by_id(conn, ids[i : i + CHUNK])


def documents_by_id(conn: Connection, ids: list[int]) -> Iterator[dict]:
    """The articles with these store ids (each must be stored), in the order given, as the JSON
    contract plus store ids; one query per table, so callers pass at most ``CHUNK`` ids at a time.

    The API's document page reads one article this way, by the id it has just looked up.
    """
    arts = {r["id"]: dict(r) for r in conn.execute(select(articles).where(articles.c.id.in_(ids))).mappings()}
    ment, rol = _by_article(conn, mentions, ids), _by_article(conn, roles, ids)
    plc, dts = _by_article(conn, places, ids), _by_article(conn, dates, ids)
    quo, evt, rel = (
        _by_article(conn, quotes, ids),
        _by_article(conn, events, ids),
        _by_article(conn, relations, ids),
    )
    place_ids = [p["id"] for ps in plc.values() for p in ps]
    pm: dict[int, list] = defaultdict(list)
    if place_ids:
        for row in conn.execute(
            select(place_mentions).where(place_mentions.c.place_id.in_(place_ids))
        ).mappings():
            pm[row["place_id"]].append({"start": row["start"], "end": row["end"]})
    entity_ids = {m["entity_id"] for ms in ment.values() for m in ms} | {
        r["entity_id"] for rs in rol.values() for r in rs
    }
    known = (
        {
            r["id"]: dict(r)
            for r in conn.execute(select(entities).where(entities.c.id.in_(list(entity_ids)))).mappings()
        }
        if entity_ids
        else {}
    )
    for aid in ids:
        a = arts[aid]
        doc = {
            "id": a["doc_id"],
            "store_id": aid,
            "story_id": a["story_id"],
            **{k: a[k] for k in ARTICLE_FIELDS},
        }
        ents: dict[str, dict] = {}
        for m in ment.get(aid, []):
            e = ents.setdefault(m["entity_id"], _entity(known, m["entity_id"]))
            e["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"]})
        for r in rol.get(aid, []):
            e = ents.setdefault(r["entity_id"], _entity(known, r["entity_id"]))
            e["roles"].append({"title": r["title"], "of": r["of"], "start": r["start"], "end": r["end"]})
        doc["entities"] = list(ents.values())
        doc["places"] = [
            {**_drop(p, "id", "article_id"), "mentions": pm.get(p["id"], [])} for p in plc.get(aid, [])
        ]
        doc["dates"] = [_drop(d, "id", "article_id") for d in dts.get(aid, [])]
        doc["quotes"] = [_drop(q, "id", "article_id") for q in quo.get(aid, [])]
        doc["events"] = [_drop(e, "id", "article_id") for e in evt.get(aid, [])]
        doc["relations"] = [_drop(r, "id", "article_id") for r in rel.get(aid, [])]
        yield doc


def _entity(known: dict, entity_id: str) -> dict:
    e = known.get(entity_id, {})
    return {
        "id": entity_id,
        "name": e.get("name", entity_id),
        "type": e.get("type"),
        "code": e.get("code"),
        "aliases": [],
        "mentions": [],
        "roles": [],
    }
