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


def link_indexes(engine) -> set[str]:
    found = inspect(engine)
    return {i["name"] for t in ("event_actors", "relation_actors", "articles") for i in found.get_indexes(t)}


def test_revision_0002_adds_the_actor_link_and_url_indexes(store):
    wanted = {
        "ix_articles_url",
        "ix_event_actors_entity_side",
        "ix_event_actors_fact_side",
        "ix_relation_actors_entity_side",
        "ix_relation_actors_fact_side",
    }
    assert wanted <= link_indexes(store)
    downgrade(store, "0001")
    assert not wanted & link_indexes(store)  # what a store made before 0002 looks like
    upgrade(store)
    assert wanted <= link_indexes(store)


def indexes(engine) -> set[str]:
    found = inspect(engine)
    return {i["name"] for t in ("places", "articles") for i in found.get_indexes(t)}


def test_revision_0004_drops_the_indexes_no_query_reads(store):
    dropped = {"ix_places_name", "ix_articles_story"}
    assert not dropped & indexes(store)
    downgrade(store, "0003")
    assert dropped <= indexes(store)  # a store made before 0004 has them
    upgrade(store)
    assert not dropped & indexes(store)
