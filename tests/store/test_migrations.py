"""The Alembic history runs both ways on both databases, and opening a store is idempotent."""

from __future__ import annotations

from sqlalchemy import inspect

from newsdesk.store.engine import downgrade, upgrade
from newsdesk.store.schema import metadata


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_downgrade_and_upgrade_again(store):
    assert set(metadata.tables) <= tables(store)
    upgrade(store)  # already at head: a no-op
    downgrade(store, "base")
    assert not set(metadata.tables) & tables(store)
    upgrade(store)
    assert set(metadata.tables) <= tables(store)
