"""Events as PLOVER-style records (event_type, mode, context, actors, modality, text, source)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Connection

from .tables import rows


def write_plover(conn: Connection, out: Path) -> int:
    records = []
    for i, r in enumerate(rows(conn), start=1):
        records.append(
            {
                "id": f"{r['doc_id']}-{i}",
                "event_date": r["date"] or r["published"],
                "event_type": r["type"],
                "source_actor": r["source"],
                "target_actor": r["target"],
                "modality": r["modality"],
                "reported_by": r["reported_by"],
                "location": r["location"],
                "score": r["score"],
                "event_text": r["sentence"],
                "span": [r["start"], r["end"]],
                "story_id": r["story_id"],
                "source": {
                    "doc_id": r["doc_id"],
                    "url": r["url"],
                    "title": r["title"],
                    "outlet": r["outlet"],
                    "published": r["published"],
                    "attribution": r["attribution"],
                },
            }
        )
    out.write_text(
        json.dumps(
            {"format": "PLOVER-style event records (newsdesk)", "events": records},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return len(records)

