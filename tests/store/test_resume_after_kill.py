"""Killing an ingest midway and running it again leaves no duplicate and loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import func, select

from newsdesk.store import schema
from newsdesk.store.engine import open_store

TESTS = Path(__file__).resolve().parents[1]

CORPUS = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from corpus_kit import make_doc

    def corpus():
        return [make_doc(f"page-{{i}}", f"Norway and Chile met for round {{i}} of talks. Report number {{i}} "
                         f"of the fishing series, with {{i * 7}} boats counted.",
                         published=f"2008-01-{{i % 28 + 1:02d}}",
                         url=f"https://news.example/{{i}}", title=f"Round {{i}}",
                         events=[("CONSULT", "country:NOR", "country:CHL", "asserted",
                                  f"Norway and Chile met for round {{i}} of talks.", None)])
                for i in range(40)]

    def slow(docs, delay):
        by_content = {{d.raw.content: d for d in docs}}
        def analyse(pages, **_):
            for page in pages:
                time.sleep(delay)
                yield by_content[page.content]
        return analyse
""")

CHILD = CORPUS + textwrap.dedent("""
    from newsdesk.store.engine import open_store
    from newsdesk.store.load import ingest
    docs = corpus()
    ingest(open_store(sys.argv[1]), [d.raw for d in docs], analyse=slow(docs, 0.15), batch_size=4)
""")


def _counts(engine):
    with engine.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in (schema.raw_pages, schema.articles, schema.mentions, schema.events, schema.event_actors)
        }


def test_kill_midway_then_rerun(tmp_path):
    db = tmp_path / "killed.db"
    open_store(db).dispose()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(tests=str(TESTS)), str(db)], start_new_session=True
    )
    engine = open_store(db)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _counts(engine)["raw_pages"] < 8:
            assert child.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    partial = _counts(engine)
    assert 8 <= partial["raw_pages"] < 40 and partial["raw_pages"] % 4 == 0  # whole batches only

    namespace: dict = {}
    exec(CORPUS.format(tests=str(TESTS)), namespace)
    docs = namespace["corpus"]()
    from newsdesk.store.load import ingest

    report = ingest(engine, [d.raw for d in docs], analyse=namespace["slow"](docs, 0), batch_size=4)
    assert report.skipped == partial["raw_pages"] and report.stored == 40 - partial["raw_pages"]
    final = _counts(engine)
    assert final == {"raw_pages": 40, "articles": 40, "mentions": 80, "events": 40, "event_actors": 80}
    with engine.connect() as conn:
        titles = sorted(conn.scalars(select(schema.articles.c.title)))
    assert titles == sorted(f"Round {i}" for i in range(40))
