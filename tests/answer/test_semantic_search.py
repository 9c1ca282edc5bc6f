"""Semantic and hybrid search over sentence embeddings (loads all-MiniLM-L6-v2: slow)."""

from __future__ import annotations

import pytest
from corpus_kit import prebuilt, sample_corpus
from sqlalchemy import func, select

from newsdesk.answer.search import Filters, hybrid, semantic
from newsdesk.store.load import ingest
from newsdesk.store.schema import embeddings
from newsdesk.store.vectors import backfill

pytestmark = pytest.mark.slow


def test_semantic_and_hybrid_find_meaning_not_words(store):
    docs = sample_corpus()
    ingest(store, [d.raw for d in docs[:3]], analyse=prebuilt(docs), embed=True)  # embedded at ingest
    ingest(store, [d.raw for d in docs[3:]], analyse=prebuilt(docs))  # without vectors ...
    assert backfill(store) == 2  # ... filled in later (the current fishing version and the hostile page)
    assert backfill(store) == 0
    with store.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(embeddings)) >= 10
        hits = semantic(conn, "officials stayed silent about the two-day gathering")
        assert hits[0].doc_id in {"talks", "talks-copy"}
        body = {d.article.id: d.body for d in docs}[hits[0].doc_id]
        assert body[hits[0].start : hits[0].end] == hits[0].snippet  # the sentence, by offsets
        assert hits[0].snippet.startswith("Officials in Baghdad gave no further details")
        fish = semantic(conn, "seafood trade pact", Filters(since="2008"))
        assert fish[0].doc_id == "fish" and fish[0].title == "Fishing deal (updated)"
        assert all(h.published >= "2008" for h in fish)
        fused = hybrid(conn, "salmon farming accord")
        assert fused[0].doc_id == "fish"
