"""Every stored document as one JSON line (the extract contract, plus URL and licence)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Connection

from ...store.reader import documents
from ..facts import attribution


def write_jsonl(conn: Connection, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in documents(conn):
            doc["attribution"] = attribution(doc.get("url"))
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    return n
