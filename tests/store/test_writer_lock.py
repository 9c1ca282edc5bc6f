"""One writer per store: a second ingest is refused in one line, and a dead writer blocks nobody.

Two ingests into one store used to keep every row right but put near-duplicates into twice
the stories, each writer holding its own index. The first writer here is a real second process
(an ingest paused inside its analysis, or a process killed while holding the lock), on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from corpus_kit import ingest_docs, sample_corpus
from sqlalchemy import func, select

from newsdesk.store import schema
from newsdesk.store.reprocess import reprocess
from newsdesk.store.writer_lock import StoreBusy, writer_lock

TESTS = Path(__file__).resolve().parents[1]

#: A second process: opens the store, then either ingests the sample corpus with an analysis
#: that waits for a line on stdin ("ingest") or only takes the writer lock and waits ("hold").
CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from corpus_kit import prebuilt, sample_corpus
    from newsdesk.store.engine import open_store
    from newsdesk.store.load import ingest
    from newsdesk.store.writer_lock import writer_lock

    engine = open_store({url!r}, connect_args={connect_args!r})
    docs = sample_corpus()

    def paused(pages, **options):
        print("analysing", flush=True)
        sys.stdin.readline()
        yield from prebuilt(docs)(pages, **options)

    if {mode!r} == "ingest":
        report = ingest(engine, [d.raw for d in docs], analyse=paused, batch_size=2)
        print("stored", report.stored, "errors", len(report.errors), flush=True)
    else:
        with writer_lock(engine):
            print("analysing", flush=True)
            sys.stdin.readline()
""")


def _child(engine, mode: str) -> subprocess.Popen:
    with engine.connect() as conn:
        schema_name = conn.exec_driver_sql("SELECT current_schema()").scalar() \
            if conn.dialect.name == "postgresql" else None
    connect_args = {"options": f"-csearch_path={schema_name}"} if schema_name else {}
    url = engine.url.render_as_string(hide_password=False)
    code = CHILD.format(tests=str(TESTS), url=url, connect_args=connect_args, mode=mode)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(TESTS)})
    assert child.stdout.readline().strip() == "analysing", "the first writer did not start"
    return child


def _stories(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.scalar(select(func.count()).select_from(schema.raw_pages)),
                conn.scalar(select(func.count(func.distinct(schema.articles.c.story_id)))))


def test_a_second_ingest_is_refused_while_the_first_writes(store, tmp_path):
    first = _child(store, "ingest")
    try:
        second = ingest_docs(store, sample_corpus())
        assert second.stored == 0 and second.read == 0
        assert len(second.errors) == 1
        message = second.errors[0]
        assert "being written by another newsdesk process" in message and "\n" not in message
        assert f"pid {first.pid}" in message  # who holds it
    finally:
        out, _ = first.communicate("go\n", timeout=120)
    assert "stored 6 errors 0" in out
    assert ingest_docs(store, sample_corpus()).skipped == 6  # the first writer's work is whole
    single = ingest_docs_into_fresh(tmp_path, store)
    assert _stories(store) == single  # stories as one writer makes them


def ingest_docs_into_fresh(tmp_path, store) -> tuple[int, int]:
    """Pages and stories of the same corpus written by one writer alone (a fresh SQLite store)."""
    from newsdesk.store.engine import open_store

    alone = open_store(tmp_path / "alone.db")
    ingest_docs(alone, sample_corpus())
    counts = _stories(alone)
    alone.dispose()
    return counts


def test_a_lock_held_by_a_killed_writer_blocks_nobody(store):
    holder = _child(store, "hold")
    assert ingest_docs(store, sample_corpus()).stored == 0
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(30)
    deadline = time.monotonic() + 20  # PostgreSQL ends the session when it sees the socket close
    while True:
        report = ingest_docs(store, sample_corpus())
        if report.stored or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert report.stored == 6 and report.ok, report.errors


def test_a_second_writer_in_the_same_process_is_refused_and_reprocess_takes_the_lock(store):
    ingest_docs(store, sample_corpus())
    with writer_lock(store):
        refused = ingest_docs(store, sample_corpus())
        assert refused.stored == 0 and "being written" in refused.errors[0]
        with pytest.raises(StoreBusy, match="being written by another newsdesk process"):
            reprocess(store, analyse=lambda pages, **_: iter(()))
    with writer_lock(store):  # given back when the block ends
        pass
