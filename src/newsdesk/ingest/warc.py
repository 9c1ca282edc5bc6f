"""WARC archives (Common Crawl's CC-NEWS): HTML responses become raw pages.

warcio parses the records; this module adds what a damaged archive needs. A truncated or
malformed record costs one error line and reading resumes at the next record boundary
(the next gzip member, or the next ``WARC/1.x`` line), so nothing after it is lost.

warcio reads header lines without a length limit, so a record whose header line is 60 MB
(or a gzip member whose "line" inflates to a gigabyte) would be read whole into memory:
its line reader is given a bound (``limits.MAX_WARC_HEADER_BYTES`` a line, four times that
for a record's headers together), and a record declaring more than
``limits.MAX_WARC_RECORD_BYTES`` is skipped without being read.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import re
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from ..model import InputError, RawPage
from .decode import DecodeError
from .files import os_reason
from .http_payload import MAX_PAGE_BYTES, html_page, is_html, url_id
from .limits import MAX_WARC_HEADER_BYTES, MAX_WARC_RECORD_BYTES, MB
from .shown import shown

#: A record's first line and first header; a cut record need not end in a newline, so none is required.
_PLAIN_START = re.compile(rb"WARC/1\.[01]\r?\n[A-Za-z-]+:")
_GZIP_MAGIC = b"\x1f\x8b\x08"


class WarcLimit(ValueError):
    """A record over one of the WARC bounds; the message says which."""


class _BoundedLines(DecompressingBufferedReader):
    """warcio's reader with bounded header lines (warcio itself asks for whole lines)."""

    headers_read = 0

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_WARC_HEADER_BYTES if length is None else min(length, MAX_WARC_HEADER_BYTES)
        line = super().readline(cap)
        if len(line) >= MAX_WARC_HEADER_BYTES and not line.endswith(b"\n"):
            raise WarcLimit(f"a header line longer than {MAX_WARC_HEADER_BYTES // 1024} KB")
        self.headers_read += len(line)
        if self.headers_read > 4 * MAX_WARC_HEADER_BYTES:
            raise WarcLimit(f"headers larger than {4 * MAX_WARC_HEADER_BYTES // 1024} KB")
        return line

    def read(self, length: int | None = None) -> bytes:
        self.headers_read = 0
        return super().read(length)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def read_warc(path: Path, counts: Counter[str] | None = None) -> Iterator[RawPage | InputError]:
    """Every HTML response in ``path``; ``counts`` tallies what was kept and skipped, and why."""
    counts = counts if counts is not None else Counter()
    source = shown(str(path))
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below; a generator cannot use `with` across yields)
    except OSError as error:
        yield InputError(source, f"cannot read WARC: {os_reason(error)}")
        return
    with fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        size = fh.seek(0, io.SEEK_END)
        pos: int | None = 0
        while pos is not None and pos < size:
            fh.seek(pos)
            pos = yield from _read_from(fh, source, gzipped, counts, size)


def _read_from(fh, source: str, gzipped: bool, counts: Counter[str],
               size: int) -> Generator[RawPage | InputError, None, int | None]:
    """Read records from the current position; returns where to resume after damage, else None."""
    iterator = ArchiveIterator(fh)
    iterator.reader.__class__ = _BoundedLines  # same state, bounded lines
    records = iter(iterator)
    while True:
        start = iterator.offset
        try:
            record = next(records)
        except StopIteration:
            if _unread_bytes(fh, start, size):
                counts["damaged"] += 1
                yield InputError(source, f"truncated WARC record at byte {start}: the archive ends inside it")
            return None
        except Exception as error:  # noqa: BLE001  hostile bytes: warcio, zlib and parsers raise many kinds
            counts["damaged"] += 1
            yield InputError(source, f"malformed WARC record at byte {start}: {_brief(error)}")
            return _next_record_start(fh, start + 1, gzipped)
        try:
            page, reason = _page(record, source)
            if reason == "oversized":
                counts["skipped: larger than the record limit"] += 1
                return _next_record_start(fh, start + 1, gzipped)
            errors_before = iterator.err_count
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its own warning
                iterator.read_to_end()
            misframed = iterator.err_count > errors_before
        except Exception as error:  # noqa: BLE001
            page, reason, misframed = None, _brief(error), True
        if misframed or reason == "truncated":
            counts["damaged"] += 1
            why = "truncated (fewer bytes than its Content-Length)" if reason == "truncated" else \
                "its length does not match its Content-Length" if misframed and not reason else reason
            yield InputError(source, f"damaged WARC record at byte {start}: {why}; skipped")
            return _next_record_start(fh, start + 1, gzipped)
        if page is None:
            counts[f"skipped: {reason}"] += 1
            continue
        counts["html"] += 1
        yield page


def _page(record, source: str) -> tuple[RawPage | None, str | None]:
    """The page a record holds, or None and the reason it is skipped."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > MAX_WARC_RECORD_BYTES:
        return None, "oversized"  # not read: the caller moves to the next record
    if record.rec_type != "response":
        return None, f"{record.rec_type} record"
    url = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if not url or http is None:
        return None, "response without URL or HTTP headers"
    status = http.get_statuscode()
    if not status.startswith("2"):
        return None, f"HTTP {status or 'status missing'}"
    content_type = http.get_header("Content-Type")
    stream = record.content_stream()
    data = stream.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        return None, f"larger than {MAX_PAGE_BYTES / MB:.1f} MB"
    while record.raw_stream.read(1 << 16):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None, "truncated"
    if not is_html(content_type, data):
        return None, "not HTML"
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    page_id = url_id(url) if not record_id else "warc-" + url_id(record_id)[4:]
    # WARC-Date is the crawl date, not the publication date: it is never passed off as one.
    try:
        return html_page(url, data, content_type, source, page_id=page_id), None
    except DecodeError as error:
        return None, f"undecodable ({error})"


def _unread_bytes(fh, start: int, size: int) -> bool:
    """Whether anything but blank lines is left after ``start`` (a cut-off last record)."""
    if start >= size:
        return False
    fh.seek(start)
    return bool(fh.read(4096).strip())


def _next_record_start(fh, after: int, gzipped: bool) -> int | None:
    """The byte offset of the next intact-looking record after ``after``, if any."""
    fh.seek(0, io.SEEK_END)
    if fh.tell() <= after:
        return None
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if not gzipped:
            found = _PLAIN_START.search(data, after)
            return found.start() if found else None
        at = data.find(_GZIP_MAGIC, after)
        while at != -1:
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[at:at + 4096], 16)
            except zlib.error:
                head = b""
            if head.startswith(b"WARC/"):
                return at
            at = data.find(_GZIP_MAGIC, at + 1)
    return None


def _brief(error: Exception) -> str:
    """A one-line, printable account of an error (the bytes that caused it may be binary)."""
    text = " ".join(str(error).split())
    text = text[:next((i for i, c in enumerate(text) if not c.isprintable()), len(text))][:120]
    if text.endswith(":") or text != " ".join(str(error).split())[:120]:
        text = text.rstrip(": ") + " (unreadable bytes)"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def summary(source: str, counts: Counter[str]) -> str:
    """One line: how many pages were kept and what was skipped, with reasons."""
    skipped = ", ".join(f"{n} {why.removeprefix('skipped: ')}" for why, n in sorted(counts.items())
                        if why.startswith("skipped: "))
    line = f"{source}: {counts['html']} HTML pages kept"
    if skipped:
        line += f"; skipped {skipped}"
    if counts["damaged"]:
        line += f"; {counts['damaged']} damaged records"
    return line
