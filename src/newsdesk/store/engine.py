"""Open a corpus store: a path or a SQLAlchemy URL in, a migrated engine out.

SQLite is the embedded default (one file, WAL so readers never block the writer);
``postgresql://`` URLs are routed to the psycopg 3 driver. The schema is brought to the
newest Alembic revision on open, so an old database upgrades itself. On both engines a NUL or
an unpaired surrogate in a query's parameters is replaced (``bounds.storable_parameters``), so
a search for one is answered the same on both instead of failing on one.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from .bounds import storable_parameters

DEFAULT_URL = "sqlite:///.newsdesk/newsdesk.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(db: str | Path | None) -> str:
    """``--db`` accepts a file path or a URL; bare ``postgresql://`` means psycopg 3."""
    text = str(db) if db else DEFAULT_URL
    if "://" not in text:
        return f"sqlite:///{text}"
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix) :]
    return text


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Batched writes touch index pages all over a large store: keep 64 MiB of them cached
    # (the default is 2 MiB), and copy the WAL back every 64 MiB rather than every 4, so a
    # page rewritten by several batches goes to the database file once.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA wal_autocheckpoint=16384")
    cursor.close()


def open_store(db: str | Path | None = None, *, migrate: bool = True, **engine_args) -> Engine:
    """An engine on the store at ``db``, created and migrated if needed."""
    url = make_url(normalise_url(db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **engine_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "before_cursor_execute", storable_parameters, retval=True)
    if migrate:
        upgrade(engine)
    return engine


def _migrate(engine: Engine, step, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrate(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` (``base`` drops every table)."""
    _migrate(engine, command.downgrade, revision)
