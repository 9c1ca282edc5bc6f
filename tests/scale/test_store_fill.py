"""bench/store_fill.py: copies made inside the database are whole articles (facts, links, search
rows), each in its original's story, and the store's own ingest goes on after them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus, store_fixture
from sqlalchemy import func, inspect, select

from newsdesk.answer.dyads import dyad
from newsdesk.answer.search import fulltext, search
from newsdesk.store.schema import articles, event_actors, events, mentions, place_mentions, raw_pages

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from store_fill import fill  # noqa: E402

FACTS = (raw_pages, mentions, events, event_actors, place_mentions)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    yield from store_fixture(request, tmp_path)


def _count(conn, table) -> int:
    return conn.scalar(select(func.count()).select_from(table))


def _indexes(engine) -> set[str]:
    return {ix["name"] for table in inspect(engine).get_table_names()
            for ix in inspect(engine).get_indexes(table)}


def test_fill_copies_whole_articles_into_their_stories(store) -> None:
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        n = _count(conn, articles)
        first = conn.scalar(select(func.min(articles.c.id)))
        last = conn.scalar(select(func.max(articles.c.id)))
        before = {t.name: _count(conn, t) for t in FACTS}
        stories = conn.scalar(select(func.count(func.distinct(articles.c.story_id))))
        doc_ids = conn.scalar(select(func.count(func.distinct(articles.c.doc_id))))  # two versions share one
        salmon = len(fulltext(conn, "salmon", limit=50))
    indexes = _indexes(store)
    said: list[str] = []
    reached = fill(store, 3 * n, (first, last), say=said.append)
    assert _indexes(store) == indexes  # dropped for the copying (PostgreSQL), built again after
    if store.dialect.name == "postgresql":
        assert said[0].startswith("dropped ") and int(said[0].split()[1]) >= 10
    assert reached == 3 * n
    with store.connect() as conn:
        assert _count(conn, articles) == 3 * n
        for table in FACTS:
            assert _count(conn, table) == 3 * before[table.name], table.name
        # copies join their originals' stories, each with its own id, document id and URL
        assert conn.scalar(select(func.count(func.distinct(articles.c.story_id)))) == stories
        assert conn.scalar(select(func.count(func.distinct(articles.c.doc_id)))) == doc_ids + 2 * n
        assert conn.scalar(select(func.count(func.distinct(raw_pages.c.content_hash)))) == 3 * n
        # the copies are found by full-text search (tsvector / FTS5 row), the retired version is not
        assert len(fulltext(conn, "salmon", limit=50)) == 3 * salmon
        hits = search(conn, "salmon", limit=5)
        assert len(hits) == 1 and hits[0].copies == 3 and "[salmon]" in hits[0].snippet.lower()
        # a dyad still counts each story once
        found = dyad(conn, "al-Qaeda in Iraq", "Islamic State of Iraq")
        assert [row["count"] for row in found.timeline] == [1]
        assert len(found.facts) == 1
    # the store's own ingest continues after the copies (PostgreSQL's id sequences moved on)
    extra = make_doc("after-fill", "Norway and Chile met again on Friday about salmon quotas.",
                     published="2009-02-06", url="https://news.example/after-fill", title="Met again")
    report = ingest_docs(store, [extra])
    assert report.stored == 1 and not report.errors
    with store.connect() as conn:
        assert _count(conn, articles) == 3 * n + 1
        assert "after-fill" in {h.doc_id for h in fulltext(conn, "quotas salmon", limit=50)}
