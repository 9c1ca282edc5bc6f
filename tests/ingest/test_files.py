"""read_paths: each input kind, and every kind of bad input reported without stopping the batch."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newsdesk.ingest.files import read_paths
from newsdesk.model import InputError, RawPage

PAGE = "Skip to main content\n\nA headline about rain\n\nIt rained in the valley on Monday, officials said.\n"
HTML = "<html><head><title>Rain</title></head><body><p>It rained in the valley on Monday.</p></body></html>"


def _read(*paths: Path) -> list[RawPage | InputError]:
    return list(read_paths(paths))


def test_text_file_is_read_whole_with_its_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "rain.txt"
    path.write_text(PAGE, encoding="utf-8")
    [page] = _read(path)
    assert isinstance(page, RawPage)
    assert (page.id, page.kind, page.content) == ("rain.txt", "text", PAGE)


def test_html_plain_and_gzipped(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(HTML.encode()))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(HTML.encode()))
    pages = _read(tmp_path)
    assert [(p.id, p.kind) for p in pages] == [(name, "html") for name in ("a.html", "b.htm.gz", "c.html.gz")]
    assert all(p.content == HTML for p in pages)


def test_legacy_encoding_is_detected(tmp_path: Path) -> None:
    text = ("Le président a déclaré mercredi à Genève que les négociations étaient déjà très avancées. "
            "« Nous sommes prêts à signer l'accord dès la semaine prochaine », a-t-il ajouté.")
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("cp1252"))
    [page] = _read(path)
    assert isinstance(page, RawPage)
    assert page.content == text


def test_folders_are_walked_sorted_and_hidden_entries_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text(PAGE)
    (tmp_path / "1.txt").write_text(PAGE)
    (tmp_path / ".hidden" / "0.txt").write_text(PAGE)
    (tmp_path / ".secret.txt").write_text(PAGE)
    (tmp_path / "notes.md").write_text(PAGE)
    assert [p.id for p in _read(tmp_path)] == ["1.txt", "2.txt"]


def test_jsonl_kinds_and_metadata(tmp_path: Path) -> None:
    body = "  Already clean text, kept exactly as given.\n"
    lines = [
        {"id": "one", "body": body, "url": "https://example.org/1", "title": "One", "published": "2020-01-02",
         "outlet": "Example"},
        {"id": 2, "text": PAGE},
        {"id": "three", "html": HTML},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")
    one, two, three = _read(path)
    assert (one.id, one.kind, one.content) == ("one", "body", body)
    assert (one.url, one.title, one.published, one.outlet) == ("https://example.org/1", "One", "2020-01-02",
                                                                "Example")
    assert (two.id, two.kind) == ("2", "text")
    assert (three.id, three.kind, three.content) == ("three", "html", HTML)


def test_bad_jsonl_lines_are_reported_by_line_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok", "text": PAGE}),
        "{not json",
        json.dumps({"text": PAGE}),
        json.dumps({"id": "both", "text": PAGE, "html": HTML}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "last", "body": "Fine."}),
    ]))
    items = _read(path)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [p.id for p in items if isinstance(p, RawPage)] == ["ok", "last"]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert all(str(e).startswith(f"{path}:{e.line}: ") for e in errors)
    assert "JSON" in errors[0].message and "id" in errors[1].message


def test_bad_files_each_give_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PAGE)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.html"
    blank.write_text("  \n\n ")
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gzip.compress(HTML.encode() * 50)[:-30])
    not_gzip = tmp_path / "fake.html.gz"
    not_gzip.write_bytes(b"this is not gzip at all")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, no disk used
    missing = tmp_path / "missing.txt"
    bad = [binary, empty, blank, truncated, not_gzip, huge, missing]
    items = _read(good, *bad)
    assert isinstance(items[0], RawPage) and items[0].id == "good.txt"
    errors = items[1:]
    assert all(isinstance(e, InputError) for e in errors)
    assert [e.source for e in errors] == [str(p) for p in bad]
    messages = [e.message for e in errors]
    assert "binary" in messages[0]
    assert "empty" in messages[1] and "empty" in messages[2]
    assert "truncated" in messages[3]
    assert "gzip" in messages[4]
    assert "limit" in messages[5]
    assert all("\n" not in str(e) for e in errors)


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b" " * (25 * 1024 * 1024)))
    [error] = _read(path)
    assert isinstance(error, InputError) and "limit" in error.message


def test_extract_reports_bad_inputs_on_one_line_each_and_exits_1(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsdesk.cli import app

    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "kept", "body": "Rain fell on the valley on Monday."}) + "\n{oops\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    args = ["extract", str(good), str(empty), "--format", "jsonl", "--upto", "clean"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "kept" and record["body"] == "Rain fell on the valley on Monday."
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsdesk extract:")]
    assert len(errors) == 2
    assert f"{good}:2:" in errors[0] and str(empty) in errors[1]
