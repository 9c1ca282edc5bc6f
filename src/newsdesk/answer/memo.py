"""Answers kept between requests until the store changes: the map's places and the actor list
aggregate whole tables, and they change only when something is written.

The store's version is the largest row id of the tables written on ingest, re-reading and
analyst overrides (each a primary-key lookup): any write moves at least one of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select

from ..store.schema import actor_overrides, articles, events, mentions, places, relations

WATCHED = (articles, events, relations, mentions, places, actor_overrides)


def store_version(conn: Connection) -> tuple:
    return tuple(conn.scalar(select(func.max(t.c.id))) for t in WATCHED)


class Memo:
    """A small LRU of answers keyed by (engine, store version, arguments)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple, Any] = OrderedDict()

    def get(self, conn: Connection, key: tuple, compute: Callable[[], Any]) -> Any:
        full = (id(conn.engine), store_version(conn), *key)
        with self.lock:
            if full in self.items:
                self.items.move_to_end(full)
                return self.items[full]
        value = compute()
        with self.lock:
            self.items[full] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


MEMO = Memo()
