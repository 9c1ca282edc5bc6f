"""Requests wait for a database connection on the event loop, never in a worker thread.

A connection taken in one worker thread (a dependency) and used in another (the endpoint)
deadlocks under a burst that outnumbers the pool: the threads taking the next connections block
in the pool's checkout, the threads that would run the endpoints and give connections back
never start, and at the pool's timeout every waiting request fails with a 500
(``QueuePool limit ... reached``).

Here a request first takes a slot of a semaphore no larger than the pool, waiting on the event
loop, where waiting holds no thread; only then is a connection checked out, and one is always
free. A burst therefore queues and is served in turn. Only when the queue is truly full (more
than ``max_waiting`` requests already waiting, or one has waited ``max_wait`` seconds) does a
request get a fast 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import HTTPException
from sqlalchemy import Connection, Engine
from sqlalchemy.pool import NullPool, QueuePool, SingletonThreadPool, StaticPool

#: Connections the API uses at most when it opens the store itself: enough to keep two cores
#: busy while some requests do Python work between queries, and far below PostgreSQL's default
#: of 100 connections.
API_CONNECTIONS = 16
#: Requests allowed to wait for a connection before new ones are refused at once.
MAX_WAITING = 2000
#: Seconds a request may wait for a connection before it is refused.
MAX_WAIT = 60.0
#: What ``Retry-After`` tells a refused client.
RETRY_AFTER = 5


def pool_capacity(engine: Engine, default: int = API_CONNECTIONS) -> int:
    """How many connections the engine's pool hands out at once without anyone waiting."""
    pool = engine.pool
    if isinstance(pool, (StaticPool, SingletonThreadPool)):
        return 1  # one connection shared: queries must take turns
    if isinstance(pool, NullPool):
        return default
    if isinstance(pool, QueuePool):
        overflow = max(pool._max_overflow, 0)  # noqa: SLF001  (no public accessor)
        return max(pool.size() + overflow, 1)
    return default


class ConnectionGate:
    """At most ``limit`` requests hold a connection; the rest wait their turn on the event loop."""

    def __init__(self, engine: Engine, limit: int | None = None, *, max_waiting: int = MAX_WAITING,
                 max_wait: float = MAX_WAIT) -> None:
        self.engine = engine
        self.limit = max(1, min(limit or pool_capacity(engine), pool_capacity(engine)))
        self.max_waiting, self.max_wait = max_waiting, max_wait
        self.waiting = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None

    def _semaphore(self) -> asyncio.Semaphore:
        # A semaphore belongs to one event loop; a test client may start a new loop per session.
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._loop, self._slots = loop, asyncio.Semaphore(self.limit)
        return self._slots

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        slots = self._semaphore()
        if self.waiting >= self.max_waiting:
            raise _busy(f"{self.waiting} requests are already waiting for the store")
        self.waiting += 1
        try:
            async with asyncio.timeout(self.max_wait):  # a cancelled acquire hands its turn on
                await slots.acquire()
        except TimeoutError:
            raise _busy(f"no store connection came free in {self.max_wait:.0f} s") from None
        finally:
            self.waiting -= 1
        try:
            with anyio.CancelScope(shield=True):  # a connection checked out is always given back
                conn = await anyio.to_thread.run_sync(self.engine.connect)
            try:
                yield conn
            finally:
                with anyio.CancelScope(shield=True):  # a client gone away must not leak it
                    await anyio.to_thread.run_sync(conn.close)
        finally:
            slots.release()


def _busy(reason: str) -> HTTPException:
    return HTTPException(503, f"server busy: {reason}; retry in {RETRY_AFTER} s",
                         headers={"Retry-After": str(RETRY_AFTER)})
