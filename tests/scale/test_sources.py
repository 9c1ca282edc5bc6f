"""read_sources: one entry point for URLs, WARC archives, files and folders."""

from __future__ import annotations

import io
from pathlib import Path

from scale_site import Route, Site, html
from test_fetch import fetcher
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.ingest.fetch import Fetcher, FetchPolicy
from newsdesk.ingest.fetch_state import FetchState
from newsdesk.ingest.sources import read_sources
from newsdesk.model import InputError, RawPage


def _warc(path: Path, url: str, body: bytes) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))


def test_files_archives_and_urls_in_one_stream(site: Site, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text("Ferry service resumes\n\nThe island ferry sailed again on Friday.\n")
    _warc(folder / "crawl.warc.gz", "https://paper.example/ferry", html("Ferry", "It sailed again."))
    site.routes["/live"] = Route(html("Live", "A fetched story."), headers={"Content-Type": "text/html"})
    logged: list[str] = []
    with fetcher(tmp_path) as f:
        items = list(read_sources([str(folder), site.url("/live")], fetcher=f, log=logged.append))
    pages = [i for i in items if isinstance(i, RawPage)]
    assert [(p.kind, p.url) for p in pages] == [("text", None), ("html", "https://paper.example/ferry"),
                                                ("html", site.url("/live"))]
    assert all(isinstance(i, RawPage) for i in items)
    assert logged == [f"{folder / 'crawl.warc.gz'}: 1 HTML pages kept"]


def test_url_resolving_to_loopback_is_one_clear_error(site: Site, tmp_path: Path) -> None:
    page = tmp_path / "kept.txt"
    page.write_text("Bridge reopens\n\nThe bridge reopened to traffic on Sunday.\n")
    with Fetcher(policy=FetchPolicy(), state=FetchState(None)) as f:  # the refusal is on
        items = list(read_sources([site.url("/"), str(page)], fetcher=f))
    assert isinstance(items[0], InputError)
    assert "resolves to 127.0.0.1, a loopback address" in str(items[0])
    assert isinstance(items[1], RawPage) and "Bridge reopens" in items[1].content
    assert site.log == []
