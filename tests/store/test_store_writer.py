"""The store keeps everything with offsets, once, and records page versions (SQLite and PostgreSQL)."""

from __future__ import annotations

from corpus_kit import ingest_docs, prebuilt, sample_corpus
from sqlalchemy import func, select, text

from newsdesk.store import schema
from newsdesk.store.ingest import ingest
from newsdesk.store.reader import documents


def count(conn, table, *where) -> int:
    return conn.scalar(select(func.count()).select_from(table).where(*where))


def test_ingest_stores_everything_with_offsets(store):
    docs = sample_corpus()
    report = ingest_docs(store, docs)
    assert report.stored == 6 and report.skipped == 0 and report.ok
    with store.connect() as conn:
        assert count(conn, schema.raw_pages) == 6
        assert count(conn, schema.articles, schema.articles.c.current.is_(True)) == 5
        stored = {d["id"] + ("" if d["title"] != "Fishing deal" else "-v1"): d for d in documents(conn)}
        raw = conn.execute(
            select(schema.raw_pages.c.content).where(schema.raw_pages.c.page_id == "alliance")
        ).scalar()
        roles = conn.execute(select(schema.roles.c.title, schema.roles.c.of)).all()
    assert raw == docs[2].raw.content  # the raw input is kept for re-processing
    assert roles == [("prime minister", "Iraq")]
    talks = stored["talks"]
    for entity in talks["entities"]:
        for m in entity["mentions"]:
            assert talks["body"][m["start"] : m["end"]] == m["text"]
    event = talks["events"][0]
    assert talks["body"][event["start"] : event["end"]].startswith("Former prime minister Ayad Allawi said")
    assert event["reported_by"] == "person:ayad-allawi" and event["modality"] == "reported"
    assert stored["alliance"]["relations"][0]["modality"] == "hypothetical"


def test_ingest_is_idempotent_and_versions_changed_pages(store):
    docs = sample_corpus()
    ingest_docs(store, docs)
    again = ingest_docs(store, docs)
    assert again.stored == 0 and again.skipped == 6
    with store.connect() as conn:
        assert count(conn, schema.raw_pages) == 6
        assert count(conn, schema.events) == 5
        versions = conn.execute(
            select(schema.raw_pages.c.version, schema.articles.c.current, schema.articles.c.title)
            .join(schema.articles, schema.articles.c.id == schema.raw_pages.c.id)
            .where(schema.raw_pages.c.url == "https://news.example/fish")
            .order_by(schema.raw_pages.c.version)
        ).all()
    assert [tuple(v) for v in versions] == [(1, False, "Fishing deal"), (2, True, "Fishing deal (updated)")]


def test_syndicated_copy_joins_the_story(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        story = dict(conn.execute(select(schema.articles.c.doc_id, schema.articles.c.story_id)).all())
    assert story["talks"] == story["talks-copy"]
    assert len({story["talks"], story["alliance"], story["hostile"]}) == 3


def test_full_text_index_is_built(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        if conn.dialect.name == "sqlite":
            n = conn.execute(
                text("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'salmon'")
            ).scalar()
        else:
            n = conn.execute(
                text("SELECT count(*) FROM articles WHERE search @@ to_tsquery('english', 'salmon')")
            ).scalar()
        assert n == 2  # both versions are indexed; answers filter on ``current``
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0001"


def test_a_copy_ingested_later_joins_the_stored_story(store):
    docs = sample_corpus()
    ingest_docs(store, [docs[0]])
    ingest_docs(store, [docs[1]])  # a new run: the story index is rebuilt from stored signatures
    with store.connect() as conn:
        story = dict(conn.execute(select(schema.articles.c.doc_id, schema.articles.c.story_id)).all())
    assert story["talks"] == story["talks-copy"]


def test_a_page_that_crashes_the_analysis_is_reported_and_the_rest_stored(store):
    docs = sample_corpus()
    build = prebuilt(docs)

    def analyse(pages, **options):
        for doc in build(pages, **options):
            if doc.article.id == "alliance":
                raise RuntimeError("parser exploded")
            yield doc

    report = ingest(store, [d.raw for d in docs], analyse=analyse, batch_size=2)
    assert report.stored == 5
    assert len(report.errors) == 1 and "test/alliance: analysis failed: RuntimeError" in report.errors[0]
    with store.connect() as conn:
        assert "alliance" not in set(conn.scalars(select(schema.articles.c.doc_id)))


def test_ingest_reads_in_windows_and_skips_repeats_across_them(store, monkeypatch):
    import newsdesk.store.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "WINDOW", 2)
    docs = sample_corpus()
    pages = [d.raw for d in docs] + [docs[0].raw]  # the first page again, in a later window
    starts: list[int] = []
    report = ingest(store, pages, analyse=prebuilt(docs), batch_size=2, on_start=starts.append)
    assert (report.read, report.stored, report.skipped) == (7, 6, 1)
    assert starts == [2, 4, 6, 6]  # pages to analyse so far, window by window
    with store.connect() as conn:
        assert count(conn, schema.raw_pages) == 6
