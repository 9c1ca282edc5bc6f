"""Analyst overrides of actors, end to end through the real pipeline: merge, ingest more,
reprocess (the merge holds), undo (the store is as before); split, rename, not-an-actor; bad
overrides are one clear error and change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from newsdesk.model import RawPage
from newsdesk.store import overrides, schema
from newsdesk.store.load import ingest
from newsdesk.store.reprocess import reprocess

pytestmark = pytest.mark.slow

PAGES = {
    "one": "Kenyan police arrested the opposition leader Raila Odinga in Nairobi on Monday. "
    "Odinga said the arrest was illegal.",
    "two": "Raila Amolo Odinga told supporters in Kisumu that he would contest the election. "
    "The opposition leader met the Kenyan president on Tuesday.",
    "three": "Supporters of Raila Odinga marched in Mombasa on Friday to demand his release.",
}


def _page(key: str) -> RawPage:
    return RawPage(id=key, kind="body", content=PAGES[key], source=f"test:{key}", published="2008-01-15")


def _ids(store, like: str) -> set[str]:
    with store.connect() as conn:
        return set(conn.scalars(select(schema.mentions.c.entity_id).where(schema.mentions.c.text.like(like))))


def _actor_ids(store) -> set[str]:
    with store.connect() as conn:
        return set(conn.scalars(select(schema.event_actors.c.entity_id))) | set(
            conn.scalars(select(schema.mentions.c.entity_id))
        )


def test_merge_holds_across_ingest_and_reprocess_and_undo_restores(store):
    ingest(store, [_page("one"), _page("two")])
    before = _ids(store, "%Odinga%")
    assert len(before) >= 1
    odinga = sorted(before)[0]
    kept = "person:raila-odinga-test"
    # A second actor id to merge into: rename gives the analyst's name, merge moves everything.
    with store.begin() as conn:
        conn.execute(schema.entities.insert().values(id=kept, name="Raila Odinga", type="PERSON"))
    said = overrides.say(store, "merge", odinga, target=kept, who="tester")
    assert said.who == "tester" and said.at and said.articles
    assert _ids(store, "%Odinga%") == {kept}

    ingest(store, [_page("three")])  # the next ingest obeys the analyst
    assert _ids(store, "%Odinga%") == {kept}
    reprocess(store)  # and so does a full re-read
    assert _ids(store, "%Odinga%") == {kept}
    assert odinga not in _actor_ids(store)

    undone = overrides.undo(store, said.id, who="tester")
    assert undone.undone_at
    restored = _ids(store, "%Odinga%")
    assert odinga in restored and kept not in restored
    with store.connect() as conn:
        assert [o.id for o in overrides.active(conn)] == []
        assert len(overrides.listed(conn)) == 1  # the history is kept


def test_split_rename_and_not_an_actor(store):
    ingest(store, [_page("one"), _page("two"), _page("three")])
    with store.connect() as conn:
        police = conn.scalar(
            select(schema.mentions.c.entity_id).where(schema.mentions.c.text.like("%police%"))
        )
        odinga = conn.scalar(
            select(schema.mentions.c.entity_id).where(schema.mentions.c.text == "Raila Odinga")
        )
    assert police and odinga

    overrides.say(store, "rename", odinga, name="Raila Amolo Odinga", who="tester")
    with store.connect() as conn:
        assert conn.scalar(select(schema.entities.c.name).where(schema.entities.c.id == odinga)) == (
            "Raila Amolo Odinga"
        )

    overrides.say(store, "split", odinga, target="person:odinga-namesake", name="Another Odinga",
                  documents=["three"], who="tester")
    with store.connect() as conn:
        by_doc = dict(conn.execute(
            select(schema.articles.c.doc_id, schema.mentions.c.entity_id)
            .join(schema.mentions, schema.mentions.c.article_id == schema.articles.c.id)
            .where(schema.mentions.c.text.like("%Odinga%"))
        ).all())
    assert by_doc["three"] == "person:odinga-namesake" and by_doc["one"] == odinga

    overrides.say(store, "not-an-actor", police, who="tester")
    assert police not in _actor_ids(store)


def test_bad_overrides_are_one_line_and_change_nothing(store):
    ingest(store, [_page("one")])
    with store.connect() as conn:
        any_actor = conn.scalar(select(schema.mentions.c.entity_id))
        n = conn.scalar(select(func.count()).select_from(schema.mentions))
    for action, actor, options in [
        ("merge", "person:nobody-at-all", {"target": any_actor}),
        ("merge", any_actor, {"target": any_actor}),
        ("rename", any_actor, {"name": "  "}),
        ("split", any_actor, {"target": "person:x", "documents": ["no-such-document"]}),
        ("forget", any_actor, {}),
    ]:
        with pytest.raises(overrides.OverrideError) as error:
            overrides.say(store, action, actor, **options)
        assert "\n" not in str(error.value)
    with pytest.raises(overrides.OverrideError):
        overrides.undo(store, 999)
    with store.connect() as conn:
        assert overrides.listed(conn) == []
        assert conn.scalar(select(func.count()).select_from(schema.mentions)) == n
