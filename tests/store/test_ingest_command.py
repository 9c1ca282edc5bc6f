"""`newsdesk ingest` through the real pipeline: bad inputs reported, good ones kept, re-runs skip."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store.engine import open_store
from newsdesk.store.schema import articles, raw_pages

pytestmark = pytest.mark.slow

PAGE = (
    "Norway and Chile sign fishing accord\n\n"
    "OSLO, March 3 - Norway and Chile signed an agreement on salmon farming on Monday, the Norwegian "
    "fisheries minister said. The accord covers research and the exchange of inspectors.\n"
)


def test_ingest_reports_bad_inputs_and_is_idempotent(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "fish.txt").write_text(PAGE, encoding="utf-8")
    (pages / "broken.txt.gz").write_bytes(b"this is not gzip data")
    (pages / "NOTES.md").write_text("not an input", encoding="utf-8")
    db = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(pages), "--db", str(db)], catch_exceptions=False)
    assert first.exit_code == 1
    assert "broken.txt.gz" in first.stderr and "NOTES.md" not in first.stderr
    assert "stored 1" in first.stderr
    second = runner.invoke(app, ["ingest", str(pages / "fish.txt"), "--db", str(db)], catch_exceptions=False)
    assert second.exit_code == 0 and "already stored 1" in second.stderr
    engine = open_store(db)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(raw_pages)) == 1
        body = conn.scalar(select(articles.c.body))
    assert "salmon farming" in body
