"""Full-text search does its costly work for the hits it shows: snippets after copies of a story
are merged and the list is cut, and on PostgreSQL a bounded number of matches ranked."""

from __future__ import annotations

import json

import pytest
from corpus_kit import ingest_docs, sample_corpus
from sqlalchemy import event

from newsdesk.answer import search as search_module
from newsdesk.answer.search import fulltext, search


class _Statements:
    """The SQL statements run on an engine while the block runs, with their parameters."""

    def __init__(self, engine) -> None:
        self.engine, self.seen = engine, []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append((statement, parameters))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def snippet_statements(self) -> list:
        return [(s, p) for s, p in self.seen if "ts_headline" in s or "snippet(" in s]


def test_snippets_are_made_for_the_shown_hits_only(store) -> None:
    ingest_docs(store, sample_corpus())
    with store.connect() as conn, _Statements(store) as sql:
        hits = search(conn, "talks Anbar", limit=1)
    # the story and its syndicated copy match; one hit is shown, with both copies counted
    assert len(hits) == 1 and hits[0].copies == 2
    assert "[" in hits[0].snippet and hits[0].doc_id in {"talks", "talks-copy"}
    snippets = sql.snippet_statements()
    assert len(snippets) == 1  # one statement, after merging: not one per match, nor in the ranking
    asked = _ids(snippets[0][1])
    with store.connect() as conn:
        matches = {h.article_id for h in fulltext(conn, "talks Anbar", limit=10)}
    assert matches == {hits[0].article_id} | (matches - {hits[0].article_id}) and len(matches) == 2
    assert asked & matches == {hits[0].article_id}  # the copy merged away gets no snippet


def _ids(parameters) -> set[int]:
    """The integers among a statement's parameters (an IN list's values, a JSON list of ids)."""
    values = list(parameters.values() if isinstance(parameters, dict) else parameters)
    out: set[int] = set()
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool):
            out.add(v)
        elif isinstance(v, list | tuple):
            out |= {x for x in v if isinstance(x, int)}
        elif isinstance(v, str) and v.startswith("["):
            out |= {x for x in json.loads(v) if isinstance(x, int)}
    return out


def test_fulltext_marks_the_words_as_before(store) -> None:
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        hits = fulltext(conn, "salmon")
    assert [h.doc_id for h in hits] == ["fish"] and "[salmon]" in hits[0].snippet.lower()


@pytest.mark.postgres
def test_postgres_ranks_the_newest_matches_past_the_bound(tmp_path, monkeypatch) -> None:
    from corpus_kit import PostgresStore

    pg = PostgresStore()
    try:
        ingest_docs(pg.engine, sample_corpus())
        with pg.engine.connect() as conn:
            every = fulltext(conn, "meeting", limit=10)
            assert len(every) == 2
            monkeypatch.setattr(search_module, "PG_RANKED", 1)
            bounded = fulltext(conn, "meeting", limit=10)
        # one match ranked: the newest stored (highest id), with its snippet
        assert [h.article_id for h in bounded] == [max(h.article_id for h in every)]
        assert "[meeting]" in bounded[0].snippet.lower()
    finally:
        pg.close()
