"""The event table (one row per event, with its article and evidence sentence) as CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, select

from ...store.schema import articles, events
from ..facts import attribution, fact_score

COLUMNS = [
    "doc_id",
    "story_id",
    "url",
    "title",
    "outlet",
    "published",
    "type",
    "modality",
    "source",
    "target",
    "reported_by",
    "date",
    "location",
    "score",
    "start",
    "end",
    "sentence",
    "attribution",
]


def _ref(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def flat(row: dict) -> dict:
    """A row for a table: compound actors as JSON text."""
    return {k: _ref(v) if k in ("source", "target", "reported_by") else v for k, v in row.items()}


def rows(conn: Connection) -> Iterator[dict]:
    """One dict per current event; actor references as stored (an id, a list of ids, or None)."""
    query = (
        select(
            events,
            articles.c.doc_id,
            articles.c.story_id,
            articles.c.url,
            articles.c.title,
            articles.c.outlet,
            articles.c.published,
            articles.c.body,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(articles.c.current.is_(True))
        .order_by(events.c.id)
    )
    for r in conn.execute(query).mappings():
        yield {
            "doc_id": r["doc_id"],
            "story_id": r["story_id"],
            "url": r["url"],
            "title": r["title"],
            "outlet": r["outlet"],
            "published": r["published"],
            "type": r["type"],
            "modality": r["modality"],
            "source": r["source"],
            "target": r["target"],
            "reported_by": r["reported_by"],
            "date": r["date"],
            "location": r["location"],
            "score": fact_score("event", r["type"], r["score"]),
            "start": r["start"],
            "end": r["end"],
            "sentence": r["body"][r["start"] : r["end"]],
            "attribution": attribution(r["url"]),
        }


def write_csv(conn: Connection, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for row in rows(conn):
            w.writerow(flat(row))
            n += 1
    return n


SCHEMA = pa.schema(
    [
        (
            c,
            pa.int64()
            if c in ("story_id", "start", "end")
            else pa.float64()
            if c == "score"
            else pa.string(),
        )
        for c in COLUMNS
    ]
)


def write_parquet(conn: Connection, out: Path) -> int:
    data = [flat(row) for row in rows(conn)]
    table = pa.Table.from_pylist(data, schema=SCHEMA)
    pq.write_table(table, out)
    return len(data)
