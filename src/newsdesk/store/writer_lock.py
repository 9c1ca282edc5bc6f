"""One writer per store: a second ingest or reprocess is refused with a one-line message.

Two writers at once keep every row right, but each holds its own near-duplicate index, so a
copy written by one never meets the original written by the other and stories come out twice.
The lock is one the system releases when its holder dies, so a killed ingest never
blocks the next one:

* PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) keyed by the store's schema,
  held on a connection of its own; the server drops it when that connection closes.
* SQLite: a POSIX record lock (``lockf``) on ``<database>-writer.lock`` beside the database; the
  kernel drops it when the process exits, and worker processes forked by the ingest do not
  inherit it.

Within one process a registry refuses a second writer too (POSIX locks are per process).
Readers (search, the API) never take the lock.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, Engine, text

try:
    import fcntl as _fcntl

    fcntl: ModuleType | None = _fcntl
except ImportError:  # not POSIX: the in-process registry is all there is
    fcntl = None

#: The advisory lock's first key; the second is the schema's name (hashed by PostgreSQL).
LOCK_NAME = "newsdesk writer"
_KEY = "hashtext(:name), hashtext(current_schema())"
#: TCP keepalives of the lock's session (seconds; count): the server drops the lock of a client
#: gone without closing its connection after about 30 + 3 × 10 s.
KEEPALIVE = {"tcp_keepalives_idle": 30, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 3}
_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()


class StoreBusy(RuntimeError):
    """Another writer holds the store; the message says who and since when, in one line."""


def _holder() -> str:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    return f"newsdesk pid {os.getpid()} on {socket.gethostname()} since {started}"


def _refusal(store: str, holder: str) -> StoreBusy:
    who = " ".join(holder.split())[:200] or "another process"
    return StoreBusy(f"{store} is being written by another newsdesk process ({who}); "
                     "run again when it has finished")


@contextmanager
def writer_lock(engine: Engine) -> Iterator[None]:
    """Hold the store's writer lock for the ``with`` block, or raise ``StoreBusy`` at once."""
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine):
            yield
    elif engine.dialect.name == "sqlite":
        with _sqlite_lock(engine):
            yield
    else:
        with _in_process(str(engine.url), "the store"):
            yield


@contextmanager
def _in_process(key: str, store: str) -> Iterator[None]:
    with _HELD_GUARD:
        if key in _HELD:
            raise _refusal(store, f"this process, pid {os.getpid()}")
        _HELD.add(key)
    try:
        yield
    finally:
        with _HELD_GUARD:
            _HELD.discard(key)


@contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        with _in_process(str(engine.url), "the store"):
            yield
        return
    path = Path(database).resolve()
    store = f"store {path.name}"
    with _in_process(str(path), store):
        if fcntl is None:
            yield
            return
        lock_file = path.with_name(path.name + "-writer.lock")
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise _refusal(store, os.pread(fd, 400, 0).decode("utf-8", "replace")) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, _holder().encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@contextmanager
def _postgres_lock(engine: Engine) -> Iterator[None]:
    conn = engine.connect()
    try:
        schema = conn.scalar(text("SELECT current_schema()"))
        store = f"store {engine.url.database}.{schema}"
        with _in_process(f"{engine.url.render_as_string(hide_password=True)}#{schema}", store):
            if not conn.scalar(text(f"SELECT pg_try_advisory_lock({_KEY})"), {"name": LOCK_NAME}):
                raise _refusal(store, _postgres_holder(conn))
            # named for whoever is refused next (pg_stat_activity); reset before the pool has it back
            conn.execute(text("SELECT set_config('application_name', :who, false)"),
                         {"who": _holder()[:60]})
            # a writer whose machine vanished (no FIN) is found out within a minute, not two hours
            for setting, seconds in KEEPALIVE.items():
                conn.execute(text("SELECT set_config(:name, :value, false)"),
                             {"name": setting, "value": str(seconds)})
            conn.commit()
            try:
                yield
            finally:
                _unlock(conn)
    finally:
        conn.close()


def _postgres_holder(conn: Connection) -> str:
    row = conn.execute(text(
        "SELECT a.application_name, a.pid, a.backend_start FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objsubid = 2 "
        "AND l.classid = (hashtext(:name)::bigint & 4294967295)::oid "
        "AND l.objid = (hashtext(current_schema())::bigint & 4294967295)::oid AND l.granted LIMIT 1"
    ), {"name": LOCK_NAME}).first()
    if row is None:
        return ""
    name = row.application_name if (row.application_name or "").startswith("newsdesk") else "a client"
    return f"{name}; PostgreSQL backend {row.pid}"


def _unlock(conn: Connection) -> None:
    """Give the lock back; if that fails, close the connection for good (the server then drops it)."""
    try:
        conn.rollback()
        conn.execute(text(f"SELECT pg_advisory_unlock({_KEY})"), {"name": LOCK_NAME})
        conn.execute(text("RESET application_name"))
        for setting in KEEPALIVE:
            conn.execute(text(f"RESET {setting}"))
        conn.commit()
    except Exception:
        conn.invalidate()
