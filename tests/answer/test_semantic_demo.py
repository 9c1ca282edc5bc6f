"""The demo's meaning query on a real small store: the seed page and Wikinews articles about
militant groups, ingested through the whole pipeline with its default article vectors."""

from __future__ import annotations

import json

import pytest
from shareddata import shared_path

from newsdesk.answer.search import semantic
from newsdesk.ingest.sources import read_sources
from newsdesk.model import RawPage
from newsdesk.store.engine import open_store
from newsdesk.store.load import ingest

pytestmark = pytest.mark.slow
SEED_ID = "000_b11bba290614fe3c"
#: Articles of the sample about the same actors and words (the ones a wrong ranking would put first).
NEIGHBOURS = ("al-Qaeda", "Islamic State", "militant", "merger")


def _pages(limit: int = 40) -> list[RawPage]:
    path = shared_path("corpus", "wikinews-politics-2004-2009", "articles.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    near = [r for r in rows if any(word in r["body"] for word in NEIGHBOURS)][: limit - 10]
    other = [r for r in rows if r not in near][:10]
    return [RawPage(id=r["id"], kind="body", content=r["body"], source=r["id"], url=r["url"],
                    title=r["title"], published=r.get("published")) for r in near + other]


def test_a_meaning_query_finds_the_seed_among_the_first_three(tmp_path):
    seed = shared_path("seed", f"{SEED_ID}.txt")
    store = open_store(tmp_path / "demo.db")
    report = ingest(store, [*read_sources([str(seed)]), *_pages()])
    assert report.stored == 41, report.errors
    with store.connect() as conn:
        hits = semantic(conn, "militant groups negotiating a merger", limit=3)
    assert any(hit.doc_id.startswith(SEED_ID) for hit in hits), [h.doc_id for h in hits]
