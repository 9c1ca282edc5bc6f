"""Re-processing stored pages from their kept raw input replaces facts without duplicating them."""

from __future__ import annotations

from corpus_kit import ingest_docs, prebuilt, sample_corpus
from sqlalchemy import func, select

from newsdesk.answer.search import fulltext
from newsdesk.store import schema
from newsdesk.store.reprocess import reprocess


def counts(store) -> dict[str, int]:
    with store.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t)) for t in schema.metadata.sorted_tables
        }


def test_reprocess_replaces_facts_from_the_raw_input(store):
    ingest_docs(store, sample_corpus())
    before = counts(store)
    better = sample_corpus()  # the "better model": same pages, different reading
    for doc in better:
        doc.raw.source = "elsewhere"  # the sources are gone; only the store's raw copy is used
        if doc.article.id == "alliance":
            doc.relations[0].modality = "reported"
            doc.article.body = doc.article.body.replace("leaders met twice", "leaders met thrice")
    seen = []

    def analyse(pages, **options):
        seen.extend(p.content for p in pages)
        by_content = {d.raw.content: d for d in better}
        yield from (by_content[p.content] for p in pages)

    assert reprocess(store, analyse=analyse, batch_size=2) == 5  # current versions only
    assert len(seen) == 5 and all(p for p in seen)
    assert counts(store) == before  # every fact replaced, none duplicated, the raw pages untouched
    with store.connect() as conn:
        assert conn.scalar(select(schema.relations.c.modality)) == "reported"
        assert [h.doc_id for h in fulltext(conn, "thrice")] == ["alliance"]
        assert fulltext(conn, "twice") == []
    # running it again changes nothing
    assert reprocess(store, analyse=prebuilt(better), batch_size=4) == 5
    assert counts(store) == before
