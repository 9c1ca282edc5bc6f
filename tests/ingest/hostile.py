"""Hostile inputs, written by the tests themselves: each maker puts one file in a folder."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STORY = ("Heavy rain closed the only road into the valley on Thursday, officials said, leaving hundreds "
         "of residents cut off from the town. The river rose by two metres overnight and the emergency "
         "services evacuated forty homes near the old bridge, the mayor told reporters.")
TEXT_PAGE = f"Floods close the valley road\n\n{STORY}\n"
HTML_PAGE = (f"<html><head><title>Floods close the valley road</title></head><body><article>"
             f"<h1>Floods close the valley road</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>")


def warc_records(count: int = 2, gzipped: bool = True) -> bytes:
    """A small, valid WARC of ``count`` HTML responses."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for i in range(count):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = HTML_PAGE.replace("valley road", f"valley road {i}").encode()
        writer.write_record(writer.create_warc_record(f"https://news.example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buffer.getvalue()


def header_bomb_warc() -> bytes:
    """Good records around a gzip member whose header line inflates to 1 GB (1 MB on disk)."""
    bomb = gzip.compress(b"WARC/1.0\r\nWARC-Type: " + b"a" * (1 << 30), compresslevel=9)
    return warc_records() + bomb + warc_records()


def long_header_line_warc(megabytes: int = 60) -> bytes:
    """Good records around an uncompressed record whose header line is ``megabytes`` long."""
    good = warc_records(gzipped=False)
    return good + b"WARC/1.0\r\nWARC-Type: " + b"b" * (megabytes << 20) + b"\r\n\r\n" + good


def write_corpus(folder: Path) -> dict[str, str]:
    """Every hostile file we know of, beside two good ones; returns name -> what it tries."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "good.txt": TEXT_PAGE,
        "good.html": HTML_PAGE,
        "deep.jsonl": '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        "bigint.jsonl": '{"id": ' + "7" * 5000 + ', "text": "x"}\n',
        "surrogate.jsonl": '{"id": "s", "text": "' + TEXT_PAGE.replace("\n", "\\n") + ' \\ud800 end"}\n',
        "huge.txt": ("word " * 20 + "\n") * 200_000,  # 20 MB of text, over the page limit
        "long-line.jsonl": '{"id": "long", "text": "' + "a" * (10 << 20) + '"}\n',
        "deep-divs.html": "<html><body>" + "<div>" * 100_000 + "</div>" * 100_000 + "</body></html>",
        "binary.txt": "\x00\x01\x02 not text",
        "empty.html": "   \n",
        "nav-only.html": "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "bad\nname\x1b[31m.txt": "",
    }
    for name, content in made.items():
        (folder / name).write_text(content, encoding="utf-8", errors="surrogatepass")
    (folder / "not-gzip.html.gz").write_bytes(b"\x1f\x8b\x08 truncated")
    (folder / "header-bomb.warc.gz").write_bytes(header_bomb_warc())
    (folder / "loop").mkdir()
    (folder / "loop" / "parent").symlink_to("..")
    (folder / "loop" / "self").symlink_to(".")
    return made
