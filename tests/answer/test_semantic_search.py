"""Semantic and hybrid search over article vectors (loads all-MiniLM-L6-v2: slow)."""

from __future__ import annotations

import pytest
from corpus_kit import prebuilt, sample_corpus
from sqlalchemy import func, select

from newsdesk.answer.search import Filters, has_vectors, hybrid, semantic
from newsdesk.read.embedding import article_text, embed, lead_end
from newsdesk.store.load import ingest
from newsdesk.store.schema import article_vectors, embeddings
from newsdesk.store.vectors import backfill

pytestmark = pytest.mark.slow


def _count(conn, table) -> int:
    return conn.scalar(select(func.count()).select_from(table))


def test_every_ingested_article_gets_a_vector_by_default_and_none_with_no_embed(store):
    docs = sample_corpus()
    ingest(store, [d.raw for d in docs[:3]], analyse=prebuilt(docs), embed=False)
    with store.connect() as conn:
        assert _count(conn, article_vectors) == 0 and not has_vectors(conn)
    ingest(store, [d.raw for d in docs[3:]], analyse=prebuilt(docs))
    with store.connect() as conn:
        stored = _count(conn, article_vectors)
        assert stored == len(docs) - 3 and has_vectors(conn)
        assert _count(conn, embeddings) == 0  # sentence vectors stay opt-in
    # the articles stored without vectors are filled in, under the writer lock, then nothing is left
    assert backfill(store, sentences=False) >= 2
    assert backfill(store, sentences=False) == 0


def test_semantic_ranks_by_article_vector_and_shows_the_best_sentence_or_the_lead(store):
    docs = sample_corpus()
    ingest(store, [d.raw for d in docs[:3]], analyse=prebuilt(docs), embed=True)  # sentences too
    ingest(store, [d.raw for d in docs[3:]], analyse=prebuilt(docs))  # article vectors only
    bodies = {d.article.id: d.body for d in docs}
    with store.connect() as conn:
        assert _count(conn, embeddings) >= 10
        hits = semantic(conn, "officials stayed silent about the two-day gathering")
        assert hits[0].doc_id in {"talks", "talks-copy"}
        body = bodies[hits[0].doc_id]
        assert body[hits[0].start : hits[0].end] == hits[0].snippet  # the sentence, by offsets
        assert hits[0].snippet.startswith("Officials in Baghdad gave no further details")
        fish = semantic(conn, "seafood trade pact", Filters(since="2008"))
        assert fish[0].doc_id == "fish" and fish[0].title == "Fishing deal (updated)"
        assert all(h.published >= "2008" for h in fish)
        # no sentence vectors for the fishing deal: its snippet is its lead, with offsets
        assert (fish[0].start, fish[0].end) == (0, lead_end(bodies["fish"]))
        assert fish[0].snippet == bodies["fish"][: fish[0].end]
        fused = hybrid(conn, "salmon farming accord")
        assert fused[0].doc_id == "fish"


def test_a_lone_surrogate_in_a_scraped_title_is_read_as_a_replacement_character():
    # The tokenizer refuses a lone surrogate outright; a page is never lost to one.
    hostile, clean = embed(["Deal \ud800 signed in Oslo", "Deal \ufffd signed in Oslo"])
    assert float(hostile @ clean) > 0.9999


def test_the_article_text_is_title_standfirst_and_lead():
    body = ("The first sentence says who did what. The second says where. The third says when. "
            "The fourth is background that the vector does not read.")
    text = article_text("A title", "A standfirst the page gave apart.", body)
    assert text.splitlines()[:2] == ["A title", "A standfirst the page gave apart."]
    assert text.endswith("The third says when.") and "fourth" not in text
    assert article_text(None, body[:20], body) == body[: lead_end(body)]  # a standfirst in the lead: once


def test_the_lead_ends_where_the_stored_sentences_say():
    body = "Dr. Smith met the envoy. They talked. Then they left. A fourth sentence follows here."
    # The parser's sentences (the fallback rule would cut after "Dr.")
    parsed = [(0, 24), (25, 37), (38, 53), (54, len(body))]
    assert body[: lead_end(body, parsed)] == "Dr. Smith met the envoy. They talked. Then they left."
    assert lead_end(body) < lead_end(body, parsed)
