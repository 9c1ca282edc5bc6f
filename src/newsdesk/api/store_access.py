"""What the API and the web pages ask of the store, one connection per request.

The connection is handed out by the app's ``ConnectionGate`` (``connection_gate.py``): a request
waits for it on the event loop, so a burst queues instead of exhausting the pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict, is_dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import Connection, select

from ..store import reader
from ..store.bounds import bounded_id
from ..store.schema import articles

#: Bounds on what a request may ask for (inputs are untrusted too).
MAX_QUERY = 500
MAX_LIMIT = 100


async def connection(request: Request) -> AsyncIterator[Connection]:
    async with request.app.state.gate.connection() as conn:
        yield conn


def document(conn: Connection, doc_id: str) -> dict | None:
    """The current stored version of a document, as the JSON contract (plus store ids).

    A document id over 200 characters is stored shortened (``store/bounds.py``); asked for in
    full, it is shortened the same way to be found."""
    doc_id = bounded_id(doc_id)
    current = select(articles.c.id).where(articles.c.doc_id == doc_id, articles.c.current.is_(True))
    store_id = conn.scalar(current.order_by(articles.c.id.desc()).limit(1))
    if store_id is None:
        return None
    return next(reader.documents_by_id(conn, [store_id]), None)


def plain(value: Any) -> Any:
    """Dataclasses (hits, pages, facts, actors) as JSON-ready dicts."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
