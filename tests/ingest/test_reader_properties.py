"""Property tests: every reader gives one error line or a record, never a traceback, never over the bounds.

Hypothesis writes the inputs: arbitrary bytes as ``.txt``, ``.html`` and ``.gz`` files, JSONL
lines of any JSON (or none), and WARC archives cut, overwritten and spliced at random. The
page limit is lowered for these runs so that the bound is actually reached.
"""

from __future__ import annotations

import gzip
import json
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from hostile import HTML_PAGE, warc_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.clean.html import clean_html
from newsdesk.ingest import files, jsonl, warc
from newsdesk.ingest.files import read_paths
from newsdesk.ingest.warc import read_warc
from newsdesk.model import InputError, RawPage

#: The page limit while these properties run (small, so that generated pages reach it).
SMALL_PAGE = 400
#: The WARC page limit while the WARC property runs, in bytes (the test pages are 700).
SMALL_WARC_PAGE = 1000
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def written(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _well_formed(item: RawPage | InputError) -> None:
    """The contract every reader keeps, whatever it was given."""
    if isinstance(item, InputError):
        text = str(item)
        assert text.isprintable() and "\n" not in text, text
        assert item.message
        return
    assert isinstance(item, RawPage)
    assert item.content.strip()
    assert len(item.content) <= SMALL_PAGE
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in item.content + item.id)
    if item.kind != "body":
        assert unicodedata.is_normalized("NFC", item.content)


def _surrogate_bytes(text: str) -> bytes:
    """UTF-8, lone surrogates included as the invalid bytes a broken encoder writes."""
    return text.encode("utf-8", "surrogatepass")


def _read_one(name: str, data: bytes) -> list[RawPage | InputError]:
    with written(name, data) as path, mock.patch.object(files, "MAX_PAGE_CHARS", SMALL_PAGE), \
            mock.patch.object(jsonl, "MAX_PAGE_CHARS", SMALL_PAGE):
        return list(read_paths([path]))


@SETTINGS
@given(data=st.binary(max_size=2000) | st.text(max_size=600).map(_surrogate_bytes))
def test_a_text_file_is_one_page_or_one_error(data: bytes) -> None:
    items = _read_one("page.txt", data)
    assert len(items) == 1
    _well_formed(items[0])


_TAGS = st.sampled_from(["div", "p", "span", "article", "nav", "script", "table", "td", "h1", "meta", "br"])


@st.composite
def html_markup(draw) -> str:
    """Markup of random nesting, text and stray characters."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(_TAGS)
        parts.append(draw(st.sampled_from([f"<{tag}>", f"</{tag}>", f"<{tag} class='x'>"])))
        parts.append(draw(st.text(max_size=40)))
    prefix = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>', "<!DOCTYPE html>",
                                   "\ufeff"]))
    return prefix + "".join(parts)


@SETTINGS
@given(markup=html_markup())
def test_an_html_file_is_one_page_or_one_error_and_cleans_without_raising(markup: str) -> None:
    items = _read_one("page.html", markup.encode("utf-8", "surrogatepass"))
    assert len(items) == 1
    _well_formed(items[0])
    if isinstance(items[0], RawPage):
        found = clean_html(items[0].content, "https://news.example.org/a")
        assert isinstance(found["body"], str)


@SETTINGS
@given(data=st.binary(max_size=2000), compress=st.booleans(), cut=st.integers(0, 40))
def test_a_gz_file_is_one_page_or_one_error(data: bytes, compress: bool, cut: int) -> None:
    payload = gzip.compress(data) if compress else data
    if cut and compress:
        payload = payload[:-cut]
    items = _read_one("page.html.gz", payload)
    assert len(items) == 1
    _well_formed(items[0])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@st.composite
def jsonl_line(draw) -> str:
    kind = draw(st.sampled_from(["record", "json", "garbage", "deep", "bigint", "blank"]))
    if kind == "record":
        record = {"id": draw(st.text(max_size=10) | st.integers()),
                  draw(st.sampled_from(["body", "text", "html"])): draw(st.text(max_size=500))}
        fields = st.sampled_from(["url", "title", "outlet", "published", "x"])
        record.update(draw(st.dictionaries(fields, _JSON, max_size=3)))
        return json.dumps(record, ensure_ascii=draw(st.booleans()))
    if kind == "json":
        return json.dumps(draw(_JSON))
    if kind == "deep":
        depth = draw(st.integers(20, 5000))
        return '{"id": "d", "text": "x", "m": ' + "[" * depth + "]" * depth + "}"
    if kind == "bigint":
        return '{"id": ' + "9" * draw(st.integers(30, 6000)) + ', "text": "x"}'
    if kind == "blank":
        return draw(st.sampled_from(["", "  ", "\t", "\r"]))
    return draw(st.text(max_size=200).map(lambda t: t.replace("\n", " ")))


@SETTINGS
@given(lines=st.lists(jsonl_line(), max_size=12), gzipped=st.booleans())
def test_each_jsonl_line_is_one_page_or_one_error_in_order(lines: list[str], gzipped: bool) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    name = "pages.jsonl.gz" if gzipped else "pages.jsonl"
    items = _read_one(name, gzip.compress(data) if gzipped else data)
    expected = [n for n, line in enumerate(lines, start=1) if line.strip()]
    numbers = [item.line if isinstance(item, InputError) else int(item.source.rsplit(":", 1)[1])
               for item in items]
    assert numbers == expected
    for item in items:
        _well_formed(item)


#: Valid archives written once (record ids and dates differ at each writing).
_ARCHIVES = {(count, gzipped): warc_records(count, gzipped)
             for count in (1, 2, 3) for gzipped in (True, False)}


@st.composite
def damaged_warc(draw) -> bytes:
    """A valid WARC, then cut, overwritten, spliced with stray bytes or a huge header line."""
    data = bytearray(_ARCHIVES[draw(st.integers(1, 3)), draw(st.booleans())])
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["cut", "overwrite", "insert", "header"]))
        at = draw(st.integers(0, len(data)))
        if action == "cut":
            del data[at:]
        elif action == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            data[at:at + len(chunk)] = chunk
        elif action == "insert":
            data[at:at] = draw(st.binary(max_size=64))
        else:
            data[at:at] = b"WARC/1.0\r\nWARC-Type: " + b"h" * draw(st.integers(1, 300_000)) + b"\r\n\r\n"
    return bytes(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged_warc())
def test_a_damaged_warc_gives_pages_and_error_lines_only(data: bytes) -> None:
    with written("crawl.warc.gz", data) as path, mock.patch.object(warc, "MAX_PAGE_BYTES", SMALL_WARC_PAGE):
        items = list(read_warc(path))
    for item in items:
        if isinstance(item, InputError):
            assert str(item).isprintable() and "\n" not in str(item)
        else:
            assert isinstance(item, RawPage) and item.kind == "html"
            assert len(item.content) <= SMALL_WARC_PAGE


def test_the_warc_property_sees_pages_at_all() -> None:
    """The property above is not vacuous: an undamaged archive gives its pages."""
    with written("crawl.warc.gz", warc_records(3)) as path:
        pages = list(read_warc(path))
    assert [p.kind for p in pages] == ["html"] * 3 and HTML_PAGE[:40] in pages[0].content
