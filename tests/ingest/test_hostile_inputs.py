"""Hostile input costs one error line each, within bounds, and everything else is still read."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hostile import HTML_PAGE, STORY, TEXT_PAGE, long_header_line_warc, warc_records, write_corpus
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.executors import analyse_pages
from newsdesk.ingest import addresses, files, limits
from newsdesk.ingest.fetch import Fetcher, FetchPolicy
from newsdesk.ingest.fetch_state import FetchState
from newsdesk.ingest.files import read_paths
from newsdesk.ingest.jsonl import parse_lines
from newsdesk.ingest.shown import shown
from newsdesk.ingest.sources import read_sources
from newsdesk.ingest.warc import read_warc
from newsdesk.model import InputError, RawPage

ROOT = Path(__file__).resolve().parents[2]


def _items(*paths: Path) -> list[RawPage | InputError]:
    return list(read_sources([str(p) for p in paths], log=lambda line: None))


def _one_line(error: InputError) -> bool:
    text = str(error)
    return "\n" not in text and "\r" not in text and "\x1b" not in text and text.isprintable()


# -- the hostile corpus, read whole ---------------------------------------------------------


def test_hostile_corpus_gives_one_line_per_bad_file_and_keeps_the_good_ones(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus")
    started = time.monotonic()
    items = _items(tmp_path / "corpus")
    assert time.monotonic() - started < 60
    pages = [i for i in items if isinstance(i, RawPage)]
    errors = [i for i in items if isinstance(i, InputError)]
    ids = Counter(p.id for p in pages)
    # The good files once each, despite two symbolic links back into the folder.
    assert ids["good.txt"] == 1 and ids["good.html"] == 1
    assert ids.most_common(1)[0][1] == 1
    # The two WARC records before the bomb and the two after it are kept.
    assert sum(1 for p in pages if p.source.endswith("header-bomb.warc.gz")) == 4
    assert all(_one_line(e) for e in errors)
    by_file = {Path(e.source.split(":")[0]).name: e.message for e in errors}
    assert "nested" in by_file["deep.jsonl"]
    assert "integer with 5000 digits" in by_file["bigint.jsonl"]
    assert "page limit" in by_file["huge.txt"]
    assert "longer than" in by_file["long-line.jsonl"]
    assert "binary" in by_file["binary.txt"]
    assert "empty" in by_file["empty.html"]
    assert "gzip" in by_file["not-gzip.html.gz"]
    assert any("header-bomb" in e.source and "header line longer than" in e.message for e in errors)
    assert any("bad\\x0aname\\x1b[31m.txt" in e.source for e in errors)
    surrogate = next(p for p in pages if p.id == "s")
    assert "\ufffd" in surrogate.content and not any(0xD800 <= ord(c) <= 0xDFFF for c in surrogate.content)
    for page in pages:
        assert len(page.content) <= limits.MAX_PAGE_CHARS


def test_extract_over_the_hostile_corpus_reports_each_bad_file_and_prints_the_good(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "corpus"), "--format", "jsonl",
                                      "--upto", "clean"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    ids = {r["id"] for r in records}
    assert {"good.txt", "good.html", "s"} <= ids
    assert all(r["body"].strip() for r in records)  # no empty article
    lines = [line for line in result.stderr.splitlines() if line]
    assert all(line.startswith("newsdesk extract: ") for line in lines)
    assert any("nav-only.html" in line and "no article text" in line for line in lines)
    assert any("deep-divs.html" in line for line in lines)
    assert "Traceback" not in result.stderr


# -- JSONL -----------------------------------------------------------------------------------


def test_jsonl_splits_only_on_newline() -> None:
    text = json.dumps({"id": "a", "text": "one\u2028two\u2029three\x85four " + STORY}, ensure_ascii=False)
    [page] = parse_lines(text + "\n", "x.jsonl")
    assert isinstance(page, RawPage) and "\u2028" in page.content and "\x85" in page.content


def test_jsonl_nesting_and_numbers_are_bounded_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = ['{"id": "a", "text": "' + STORY + '"}',
             '{"id": "deep", "meta": ' + "[" * 100_000 + "]" * 100_000 + ', "text": "x"}',
             '{"id": 1' + "0" * 5000 + ', "text": "x"}',
             '{"id": "within", "meta": ' + "[" * 30 + "]" * 30 + ', "text": "' + STORY + '"}',
             '{"id": "b", "text": "' + STORY + '"}']
    path.write_text("\n".join(lines) + "\n")
    items = list(read_paths([path]))
    assert [(type(i).__name__, getattr(i, "line", None)) for i in items] == [
        ("RawPage", None), ("InputError", 2), ("InputError", 3), ("RawPage", None), ("RawPage", None)]
    assert "nested 100001 levels deep" in items[1].message
    assert "integer with 5001 digits" in items[2].message


def test_gzipped_jsonl_is_streamed_and_a_damaged_end_keeps_what_was_read(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"id": str(i), "text": STORY}) for i in range(50)) + "\n"
    data = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) - 20])
    items = list(read_paths([tmp_path / "cut.jsonl.gz"]))
    assert sum(isinstance(i, RawPage) for i in items) >= 1
    assert isinstance(items[-1], InputError) and "cannot read further" in items[-1].message


def test_decomposed_text_is_read_composed(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Zürich und München")
    (tmp_path / "nfd.txt").write_text(f"{decomposed}\n\n{STORY}\n", encoding="utf-8")
    [page] = read_paths([tmp_path / "nfd.txt"])
    assert "Zürich und München" in page.content


# -- files and folders -----------------------------------------------------------------------


def test_unreadable_file_and_folder_are_reported_and_skipped(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXT_PAGE)
    (tmp_path / "locked.txt").write_text(TEXT_PAGE)
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "inside.txt").write_text(TEXT_PAGE)
    (tmp_path / "z.txt").write_text(TEXT_PAGE)
    real_open, real_scandir = Path.open, os.scandir

    def refusing_open(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def refusing_scandir(path):
        if Path(path).name == "shut":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "open", refusing_open)
    monkeypatch.setattr(files.os, "scandir", refusing_scandir)
    items = list(read_paths([tmp_path]))
    assert [i.id for i in items if isinstance(i, RawPage)] == ["a.txt", "z.txt"]
    errors = {Path(i.source).name: i.message for i in items if isinstance(i, InputError)}
    assert errors == {"locked.txt": "cannot read: Permission denied",
                      "shut": "cannot read folder: Permission denied"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_extract_with_one_unreadable_file_processes_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT_PAGE)
    (tmp_path / "b.txt").write_text(TEXT_PAGE)
    (tmp_path / "b.txt").chmod(0)
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "jsonl", "--upto", "clean"])
    assert result.exit_code == 1 and "b.txt: cannot read" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a.txt"]


def test_extract_with_one_unreadable_file_processes_the_others_as_root_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXT_PAGE)
    (tmp_path / "b.txt").write_text(TEXT_PAGE)
    real_open = Path.open

    def refusing_open(self: Path, *args, **kwargs):
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                      "--format", "jsonl", "--upto", "clean"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"newsdesk extract: {tmp_path / 'b.txt'}: cannot read: Permission denied"
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a.txt"]


def test_symlink_loops_end_and_each_file_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_text(TEXT_PAGE)
    (tmp_path / "a" / "b" / "up").symlink_to("../..")
    (tmp_path / "a" / "again").symlink_to("b")
    (tmp_path / "a" / "b" / "broken").symlink_to("nowhere")
    started = time.monotonic()
    pages = list(read_paths([tmp_path]))
    assert time.monotonic() - started < 5
    assert [p.id for p in pages] == ["page.txt"]


def test_file_names_are_shown_escaped_on_one_line(tmp_path: Path) -> None:
    name = "evil\nname\x1b[2J\u202e.txt"
    (tmp_path / name).write_text("")
    [error] = read_paths([tmp_path])
    assert isinstance(error, InputError) and _one_line(error)
    assert "evil\\x0aname\\x1b[2J\\u202e.txt" in str(error)
    assert shown("plain name.txt") == "plain name.txt"


def test_a_missing_path_and_an_impossible_name_are_one_line_each(tmp_path: Path) -> None:
    items = list(read_paths([tmp_path / "missing.txt", tmp_path / ("x" * 5000 + ".txt")]))
    items += _items(tmp_path / "nul\x00.txt", tmp_path / "nul\x00.warc.gz")
    assert [i.message for i in items] == ["no such file or folder"] * 4
    assert all(len(str(i)) < 1000 and _one_line(i) for i in items)


# -- sizes -----------------------------------------------------------------------------------


def test_pages_over_the_size_limits_are_refused_not_emptied(tmp_path: Path) -> None:
    (tmp_path / "19mb.txt").write_text(("word " * 20 + "\n") * 190_000)
    (tmp_path / "one-line.txt").write_text("a" * (10 << 20))
    (tmp_path / "line.jsonl").write_text(json.dumps({"id": "big", "text": "a" * (10 << 20)}) + "\n")
    items = list(read_paths([tmp_path]))
    assert all(isinstance(i, InputError) for i in items) and len(items) == 3
    assert {i.message.split(" of ")[0] for i in items if "page limit" in i.message} == {"page"}


def test_an_article_inside_100000_nested_divs_is_found(tmp_path: Path) -> None:
    article = f"<p>{STORY}</p><p>{STORY}</p>"
    (tmp_path / "deep.html").write_text("<html><head><title>Deep</title></head><body>" + "<div>" * 100_000
                                        + article + "</div>" * 100_000 + "</body></html>")
    pages = [p for p in read_paths([tmp_path]) if isinstance(p, RawPage)]
    [doc] = list(analyse_pages(pages, upto="clean"))
    assert not isinstance(doc, InputError)
    assert "Heavy rain closed the only road" in doc.article.body and doc.article.title == "Deep"


# -- WARC ------------------------------------------------------------------------------------


def _child_run(code: str, timeout: float = 60) -> tuple[float, int, str]:
    """Seconds, peak memory (MB, printed last by ``code``) and the other lines of its stdout."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    *lines, peak = done.stdout.splitlines()
    return time.monotonic() - started, int(peak.split()[1]), "\n".join(lines)


#: Prints each item, then the peak resident memory in MB (VmHWM: of this program alone,
#: where ru_maxrss would carry over the forking test process's peak across exec).
_READ_WARC = """
import re
from pathlib import Path
from newsdesk.ingest.warc import read_warc
for item in read_warc(Path({path!r})):
    print(type(item).__name__, getattr(item, 'message', ''))
status = Path('/proc/self/status').read_text()
print("peak", int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc")
def test_a_gzipped_header_bomb_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    from hostile import header_bomb_warc

    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(header_bomb_warc())
    assert path.stat().st_size < 2 << 20
    seconds, peak, out = _child_run(_READ_WARC.format(path=str(path)))
    lines = out.splitlines()
    assert seconds < 30 and peak < 600, (seconds, peak)
    assert [line.split()[0] for line in lines] == ["RawPage"] * 2 + ["InputError"] + ["RawPage"] * 2
    assert "header line longer than" in lines[2]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc")
def test_a_60_mb_header_line_fails_fast_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "long.warc"
    path.write_bytes(long_header_line_warc(60))
    seconds, peak, out = _child_run(_READ_WARC.format(path=str(path)))
    lines = out.splitlines()
    assert seconds < 30 and peak < 600, (seconds, peak)
    assert [line.split()[0] for line in lines] == ["RawPage"] * 2 + ["InputError"] + ["RawPage"] * 2
    assert "AttributeError" not in out


def test_a_record_declaring_more_than_the_limit_is_skipped_unread(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.ingest import warc

    monkeypatch.setattr(warc, "MAX_WARC_RECORD_BYTES", 100)
    path = tmp_path / "x.warc.gz"
    path.write_bytes(warc_records(3))
    counts: Counter[str] = Counter()
    assert list(read_warc(path, counts)) == []
    assert counts["skipped: larger than the record limit"] == 3


# -- analysis --------------------------------------------------------------------------------


def test_a_page_without_article_text_is_a_failure_that_keeps_its_metadata() -> None:
    page = RawPage(id="p", kind="html", source="p.html", content=(
        "<html><head><title>Only a title</title>"
        "<meta property='article:published_time' content='2020-05-06'></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>"))
    good = RawPage(id="g", kind="html", source="g.html", content=HTML_PAGE)
    failed, kept = list(analyse_pages([page, good], upto="clean"))
    assert isinstance(failed, InputError) and failed.source == "p.html"
    assert "no article text found" in failed.message and "Only a title" in failed.message
    assert "2020-05-06" in failed.message
    assert kept.article.id == "g" and kept.article.body


def test_a_stage_that_raises_costs_only_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.clean import stage as clean_stage

    real = clean_stage.clean_page

    def fragile(raw: RawPage):
        if "poison" in raw.content:
            raise RecursionError("maximum recursion depth exceeded\nwith a second line")
        return real(raw)

    monkeypatch.setattr(clean_stage, "clean_page", fragile)
    pages = [RawPage(id=str(i), kind="text", source=f"{i}.txt",
                     content=TEXT_PAGE + ("poison" if i == 1 else "")) for i in range(3)]
    items = list(analyse_pages(pages, upto="clean", batch_size=3))
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert items[1].message.startswith("analysis failed in stage 'clean': RecursionError")
    assert _one_line(items[1])


# -- fetcher ---------------------------------------------------------------------------------


@pytest.mark.parametrize("address, words", [
    ("2002:7f00:1::1", "6to4 (embedding loopback"), ("2002:a00:1::1", "6to4 (embedding private"),
    ("fec0::1", "site-local"), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("64:ff9b::7f00:1", "NAT64 (embedding loopback"), ("64:ff9b::a9fe:a9fe", "NAT64 (embedding link-local"),
    ("64:ff9b:1::a00:1", "local-use NAT64"), ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("::127.0.0.1", "IPv4-compatible"), ("::8.8.8.8", "IPv4-compatible"),
    ("::ffff:0:7f00:1", "IPv4-translated (embedding loopback"),
])
def test_ipv6_transition_forms_are_judged_by_what_they_carry(address: str, words: str) -> None:
    assert words in (addresses.why_blocked(address) or "")


@pytest.mark.parametrize("address", ["2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8"])
def test_transition_forms_of_public_addresses_pass(address: str) -> None:
    assert addresses.why_blocked(address) is None


@pytest.mark.parametrize("host", ["0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "127.1",
                                  "127.0.0.1.", "0177.0.0.01.", "[::ffff:7f00:1]", "[2002:7f00:1::1]"])
def test_literal_loopback_in_any_spelling_is_refused_for_the_true_reason(host: str, tmp_path: Path) -> None:
    with Fetcher(policy=FetchPolicy(retries=0), state=FetchState(tmp_path / "state.json"),
                 sleep=lambda s: None) as fetcher:
        result = fetcher.page(f"http://{host}/story")
    assert isinstance(result, InputError)
    assert "refused" in result.message and "robots" not in result.message
    assert "loopback" in result.message


def test_an_unforeseen_reader_exception_is_one_line_and_the_next_file_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXT_PAGE)
    (tmp_path / "b.txt").write_text(TEXT_PAGE)
    real = files.decode

    def broken(data: bytes, declared=None):
        if b"valley" in data and broken.calls == 0:
            broken.calls += 1
            raise MemoryError("no room\nat all")
        return real(data, declared)

    broken.calls = 0
    monkeypatch.setattr(files, "decode", broken)
    first, second = read_paths([tmp_path])
    assert isinstance(first, InputError)
    assert first.message == "cannot read further: MemoryError: no room at all"
    assert isinstance(second, RawPage) and second.id == "b.txt"


def test_a_gzipped_jsonl_bomb_stops_at_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MIN_GZIP_BUDGET", 1 << 20)
    monkeypatch.setattr(files, "MAX_GZIP_RATIO", 10)
    good = (json.dumps({"id": "first", "text": STORY}) + "\n").encode()
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(good + b"a" * (50 << 20), compresslevel=9))
    started = time.monotonic()
    items = list(read_paths([tmp_path / "bomb.jsonl.gz"]))
    assert time.monotonic() - started < 10
    assert isinstance(items[0], RawPage) and items[0].id == "first"
    assert isinstance(items[-1], InputError) and "gzip bomb" in items[-1].message and len(items) <= 3


def test_a_page_that_would_take_minutes_is_stopped_by_its_cpu_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.clean import stage as clean_stage

    monkeypatch.setattr(limits, "PAGE_CPU_SECONDS", 1.0)
    monkeypatch.setattr(limits, "BATCH_CPU_SECONDS_PER_PAGE", 0.2)
    real = clean_stage.clean_page

    def slow(raw: RawPage):
        while "endless" in raw.content:
            sum(range(10_000))  # busy: CPU time, as a pathological page costs
        return real(raw)

    monkeypatch.setattr(clean_stage, "clean_page", slow)
    pages = [RawPage(id=str(i), kind="text", source=f"{i}.txt",
                     content=TEXT_PAGE + ("endless" if i == 1 else "")) for i in range(3)]
    started = time.monotonic()
    items = list(analyse_pages(pages, upto="clean", batch_size=3))
    assert time.monotonic() - started < 20
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert items[1].message == "analysis stopped in stage 'clean': it took more than 1 s of CPU"
    [alone] = list(analyse_pages(pages[1:2], upto="clean"))
    assert isinstance(alone, InputError) and "took more than 1 s of CPU" in alone.message
