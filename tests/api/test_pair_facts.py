"""``pair_facts`` (the link walk ``ask`` uses) finds exactly what ``facts(..., dedupe_stories=False)``
finds, in the same order: facing each other either way, acting together, every copy."""

from __future__ import annotations

import pytest
from corpus_kit import ingest_docs, sample_corpus, sqlite_store

from newsdesk.answer.facts import facts
from newsdesk.answer.pair_facts import pair_facts


@pytest.mark.parametrize(
    "a,b",
    [
        (["org:aqi"], ["org:isi"]),
        (["org:isi"], ["org:aqi"]),
        (["org:isi"], ["org:al-qaeda"]),
        (["country:CHL"], ["country:NOR"]),
        (["org:aqi", "org:al-qaeda"], ["org:isi", "org:islamic-state"]),
        (["country:NOR"], ["org:isi"]),
    ],
)
def test_pair_facts_match_facts(tmp_path, a, b) -> None:
    engine = sqlite_store(tmp_path)
    ingest_docs(engine, sample_corpus())
    with engine.connect() as conn:
        slow = [(f.kind, f.id, f.article_id) for f in facts(conn, a, b, dedupe_stories=False)]
        fast = [(f.kind, f.id, f.article_id) for f in pair_facts(conn, a, b)]
    engine.dispose()
    assert fast == slow
    if a == ["org:aqi"]:
        assert len(fast) == 2, "the talks and their syndicated copy, both kept"
