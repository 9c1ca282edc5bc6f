"""`--db` takes a file path or a SQLAlchemy URL; PostgreSQL URLs use the psycopg 3 driver."""

from __future__ import annotations

from newsdesk.store.engine import DEFAULT_URL, normalise_url, open_store


def test_db_option_forms(tmp_path):
    assert normalise_url(None) == DEFAULT_URL == "sqlite:///.newsdesk/newsdesk.db"
    assert normalise_url("data/x.db") == "sqlite:///data/x.db"
    assert normalise_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    engine = open_store(tmp_path / "nested" / "dir" / "x.db")  # folders are created
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
