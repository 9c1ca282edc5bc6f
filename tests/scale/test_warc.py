"""WARC reading: HTML responses kept, the rest counted, damaged records cost one line each."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from scale_site import html
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.ingest.warc import read_warc, summary
from newsdesk.model import InputError, RawPage

STORIES = [
    ("Council approves bridge", "The city council voted on Tuesday to rebuild the old river bridge. " * 20),
    ("Port strike ends", "Dock workers returned to work after a nine-day strike over pay. " * 20),
    ("Library reopens", "The central library reopened its doors after two years of repairs. " * 20),
    ("Rain delays harvest", "Farmers in the valley said heavy rain had delayed the grape harvest. " * 20),
]


def _write(gzip: bool) -> tuple[bytes, list[int]]:
    """A WARC with the stories as HTML responses, plus records that must be skipped."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    starts = []

    def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        starts.append(buf.tell())
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    for n, (title, text) in enumerate(STORIES):
        response(f"https://news.example/{n}", html(title, text), "text/html; charset=utf-8")
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    starts.append(buf.tell())
    writer.write_record(writer.create_warc_record("https://news.example/", "request", http_headers=request))
    response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    response("https://news.example/gone", b"<html>gone</html>", "text/html", "404 Not Found")
    starts.append(buf.tell())
    return buf.getvalue(), starts


def _read(path: Path) -> tuple[list[RawPage], list[InputError], Counter]:
    counts: Counter[str] = Counter()
    items = list(read_warc(path, counts))
    return ([i for i in items if isinstance(i, RawPage)], [i for i in items if isinstance(i, InputError)],
            counts)


@pytest.mark.parametrize("gzip", [False, True])
def test_html_responses_kept_rest_counted(tmp_path: Path, gzip: bool) -> None:
    data, _ = _write(gzip)
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data)
    pages, errors, counts = _read(path)
    assert errors == []
    assert [p.url for p in pages] == [f"https://news.example/{n}" for n in range(4)]
    assert all(p.kind == "html" and "<h1>" in p.content for p in pages)
    assert "Dock workers returned" in pages[1].content
    assert len({p.id for p in pages}) == 4
    assert counts["html"] == 4
    line = summary("crawl.warc", counts)
    assert "4 HTML pages kept" in line and "1 request record" in line and "1 not HTML" in line
    assert "1 HTTP 404" in line


@pytest.mark.parametrize("gzip", [False, True])
def test_truncated_record_in_the_middle_loses_nothing_else(tmp_path: Path, gzip: bool) -> None:
    data, starts = _write(gzip)
    cut = starts[1] + (starts[2] - starts[1]) // 2  # record 1 loses its second half
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:cut] + data[starts[2]:])
    pages, errors, counts = _read(path)
    assert [p.url for p in pages] == ["https://news.example/0", "https://news.example/2",
                                      "https://news.example/3"]
    assert len(errors) == 1
    assert f"byte {starts[1]}" in errors[0].message and "WARC record" in errors[0].message
    assert counts["damaged"] == 1


@pytest.mark.parametrize("gzip", [False, True])
def test_archive_cut_short_keeps_what_came_before(tmp_path: Path, gzip: bool) -> None:
    data, starts = _write(gzip)
    path = tmp_path / "short.warc"
    path.write_bytes(data[:starts[3] + (starts[4] - starts[3]) // 2])
    pages, errors, _ = _read(path)
    assert [p.url for p in pages] == [f"https://news.example/{n}" for n in range(3)]
    assert len(errors) == 1 and f"byte {starts[3]}" in errors[0].message


def test_garbage_between_records_is_one_error(tmp_path: Path) -> None:
    data, starts = _write(False)
    path = tmp_path / "junk.warc"
    path.write_bytes(data[:starts[2]] + b"this is not a record\r\n\r\n" + data[starts[2]:])
    pages, errors, _ = _read(path)
    assert len(pages) == 4
    assert len(errors) == 1 and "malformed" in errors[0].message


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    _, errors, _ = _read(tmp_path / "absent.warc")
    assert len(errors) == 1 and "cannot read" in errors[0].message
