"""The store keeps everything with offsets, once, and records page versions (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from corpus_kit import ingest_docs, make_doc, prebuilt, sample_corpus
from sqlalchemy import event, func, select, text

from newsdesk.store import schema
from newsdesk.store.engine import open_store
from newsdesk.store.load import ingest
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


@pytest.mark.parametrize("batch_size", [2, 6])
def test_ingest_is_idempotent_and_versions_changed_pages(store, batch_size):
    docs = sample_corpus()  # with 6 at a time both versions of a page are in one batch
    ingest_docs(store, docs, batch_size)
    again = ingest_docs(store, docs, batch_size)
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
    assert version == "0012"


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
    import newsdesk.store.load as ingest_module

    monkeypatch.setattr(ingest_module, "WINDOW", 2)
    docs = sample_corpus()
    pages = [d.raw for d in docs] + [docs[0].raw]  # the first page again, in a later window
    starts: list[int] = []
    report = ingest(store, pages, analyse=prebuilt(docs), batch_size=2, on_start=starts.append)
    assert (report.read, report.stored, report.skipped) == (7, 6, 1)
    assert starts == [2, 4, 6, 6]  # pages to analyse so far, window by window
    with store.connect() as conn:
        assert count(conn, schema.raw_pages) == 6


def rounds(n: int, start: int = 0) -> list:
    """Documents of one shape (an event, two actors), so every batch fills the same tables.

    Each has words of its own, so each starts a story (no near-duplicates among them).
    """
    return [
        make_doc(
            f"round-{i}",
            f"Norway and Chile met for round {i} of talks. " + " ".join(f"w{i}n{j}" for j in range(40)),
            published=f"2008-01-{i % 28 + 1:02d}",
            url=f"https://news.example/round/{i}",
            title=f"Round {i}",
            events=[
                (
                    "CONSULT",
                    "country:NOR",
                    "country:CHL",
                    "asserted",
                    f"Norway and Chile met for round {i} of talks.",
                    None,
                )
            ],
        )
        for i in range(start, start + n)
    ]


def statements_to_store(engine, docs) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = ingest_docs(engine, docs, batch_size=len(docs))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report.stored == len(docs)
    return len(seen)


def test_a_batch_costs_the_same_statements_whatever_its_size(store):
    """One INSERT per table per batch: the statement count does not grow with the documents."""
    statements_to_store(store, rounds(2))  # the first write also loads the story index
    few = statements_to_store(store, rounds(3, start=10))
    many = statements_to_store(store, rounds(24, start=20))
    assert many == few < 40


def test_commits_hold_commit_size_documents_whatever_the_analysis_batch(store):
    """``commit_size`` sets the transaction, ``batch_size`` only what the analysis is asked at once."""
    docs = rounds(7)
    asked: list[int] = []
    analyse = prebuilt(docs)

    def counting(pages, **options):
        asked.append(options["batch_size"])
        yield from analyse(pages, **options)

    committed: list[int] = []
    report = ingest(store, [d.raw for d in docs], analyse=counting, batch_size=2, commit_size=3,
                    on_batch=committed.append)
    assert report.stored == 7 and report.ok
    assert committed == [3, 3, 1] and asked == [2]
    with store.connect() as conn:
        assert count(conn, schema.articles) == 7


def test_a_document_that_cannot_be_stored_is_reported_and_its_batch_kept(store):
    docs = rounds(5)
    docs[2].events[0].type = None  # NOT NULL: this document's write fails
    report = ingest_docs(store, docs, batch_size=5)
    assert report.stored == 4 and len(report.errors) == 1 and "test/round-2" in report.errors[0]
    with store.connect() as conn:
        assert sorted(conn.scalars(select(schema.articles.c.doc_id))) == [f"round-{i}" for i in (0, 1, 3, 4)]
        assert count(conn, schema.events) == count(conn, schema.event_actors) / 2 == 4
        stories = set(conn.scalars(select(schema.articles.c.story_id)))
    assert len(stories) == 4
    again = ingest_docs(store, rounds(5), batch_size=5)  # the fixed page goes in on a re-run
    assert (again.stored, again.skipped) == (1, 4)
    with store.connect() as conn:
        assert len(set(conn.scalars(select(schema.articles.c.story_id)))) == 5


def test_a_copy_of_a_page_another_process_stored_joins_its_story(tmp_path):
    """A writer's story index is kept between runs, and topped up with what others stored."""
    docs = sample_corpus()
    ours, theirs = open_store(tmp_path / "shared.db"), open_store(tmp_path / "shared.db")
    try:
        ingest_docs(ours, [docs[2]])  # our index now exists (and is cached)
        ingest_docs(theirs, [docs[0]])  # the original, stored by someone else
        ingest_docs(ours, [docs[1]])  # its syndicated copy, by us
        with ours.connect() as conn:
            story = dict(conn.execute(select(schema.articles.c.doc_id, schema.articles.c.story_id)).all())
    finally:
        ours.dispose()
        theirs.dispose()
    assert story["talks"] == story["talks-copy"] != story["alliance"]


def test_postgres_statistics_follow_a_bulk_load(store):
    """The planner sees stored actors at once (stale statistics made dyads nested-loop)."""
    if store.dialect.name != "postgresql":
        pytest.skip("SQLite plans without statistics")
    ingest_docs(store, rounds(60), batch_size=20)
    with store.connect() as conn:
        analysed = set(
            conn.scalars(
                text(
                    "SELECT tablename FROM pg_stats "
                    "WHERE schemaname = current_schema() AND attname = 'entity_id'"
                )
            )
        )
    assert {"event_actors", "mentions"} <= analysed
