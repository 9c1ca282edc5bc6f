"""The corpus commands over a store built from the test corpus."""

from __future__ import annotations

import json

import pytest
from corpus_kit import ingest_docs, sample_corpus
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store.engine import open_store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    engine = open_store(path)
    ingest_docs(engine, sample_corpus())
    engine.dispose()
    return str(path)


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_search_command(db):
    out = run("search", "fishing", "--db", db, "--format", "json")
    assert out.exit_code == 0
    assert [h["title"] for h in json.loads(out.stdout)] == ["Fishing deal (updated)"]
    text = run("search", "Anbar talks", "--db", db, "--actor", "Islamic State of Iraq").stdout
    assert "Talks in Anbar" in text and "Wikinews, CC BY 2.5" in text
    # the syndicated copy is the same story: one result, its copy counted
    hits = json.loads(run("search", "Anbar talks", "--db", db, "--format", "json").stdout)
    assert [(h["doc_id"], h["copies"]) for h in hits] == [("talks", 2)]


def test_ask_command_writes_markdown_json_and_html(db, tmp_path):
    html = tmp_path / "brief" / "ask.html"
    out = run("ask", "Will al-Qaeda and IS unite?", "--db", db, "--html", str(html))
    assert out.exit_code == 0 and "## Evidence" in out.stdout and "reported by Ayad Allawi" in out.stdout
    assert html.read_text().startswith("<!DOCTYPE html>")
    payload = json.loads(run("ask", "Will al-Qaeda and IS unite?", "--db", db, "--format", "json").stdout)
    assert [e["type"] for e in payload["evidence"]] == ["CONSULT", "alliance"]


def test_dyad_actor_and_export_commands(db, tmp_path):
    dyad = json.loads(run("dyad", "Norway", "Chile", "--db", db, "--format", "json").stdout)
    assert {(r["type"], r["count"]) for r in dyad["timeline"]} == {("AGREE", 1), ("REJECT", 1)}
    actor = run("actor", "Chile", "--db", db)
    assert actor.exit_code == 0 and "counterpart: Norway" in actor.stdout
    assert run("actor", "Atlantis", "--db", db).exit_code == 1
    out = tmp_path / "events.csv"
    assert run("export", "csv", "--out", str(out), "--db", db).exit_code == 0
    assert out.read_text().count("\n") == 5  # header and four current events
