"""Local files and folders to raw pages.

``.txt`` is a plain-text scrape, ``.html``/``.htm`` (optionally ``.gz``) is HTML, ``.jsonl``
holds one page a line. Folders are walked recursively in sorted order, hidden entries
skipped. Every unreadable input becomes an :class:`InputError` and the rest goes on: a
folder that cannot be listed, a file that cannot be opened, a page over a size limit.

A folder reached twice (a symbolic link to a parent, two links to one folder) is walked
once: folders are known by (device, inode). File names are shown escaped (``shown``), so
a name holding a newline or an escape sequence never reaches a terminal raw.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..model import InputError, RawKind, RawPage
from .decode import DecodeError, declared_charset, decode, gunzip, is_gzip
from .jsonl import read_stream
from .limits import MAX_FILE_BYTES, MAX_FOLDER_DEPTH, MAX_GZIP_RATIO, MAX_PAGE_CHARS, MB, MIN_GZIP_BUDGET
from .normalise import normal_text
from .shown import shown

KINDS: dict[str, RawKind] = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                             ".xhtml": "html"}
JSONL = {".jsonl", ".ndjson"}


def _suffixes(path: Path) -> tuple[str, bool]:
    """The content suffix (``.gz`` stripped) and whether the file is gzipped."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, True
    return Path(name).suffix, False


def readable(path: Path) -> bool:
    suffix, _ = _suffixes(path)
    return suffix in KINDS or suffix in JSONL


def page_id(path: Path) -> str:
    """A file's page id is its file name (an undecodable byte of it becomes U+FFFD)."""
    return normal_text(path.name)


def os_reason(error: OSError) -> str:
    """The operating system's reason, without the (possibly hostile) file name it quotes."""
    return error.strerror or type(error).__name__


def _read_bytes(path: Path, gzipped: bool) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DecodeError(f"file of {size / MB:.1f} MB exceeds the {MAX_FILE_BYTES // MB} MB limit")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if gzipped or is_gzip(data):
        data = gunzip(data)
    return data


def _read_jsonl(path: Path, source: str, gzipped: bool) -> Iterator[RawPage | InputError]:
    try:
        with path.open("rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            if gzipped or is_gzip(head):
                budget = max(MIN_GZIP_BUDGET, MAX_GZIP_RATIO * os.fstat(raw.fileno()).st_size)
                yield from read_stream(gzip.GzipFile(fileobj=raw), source, budget)
            else:
                yield from read_stream(raw, source)
    except (OSError, EOFError, zlib.error) as error:  # a damaged .gz: what was read is kept
        reason = os_reason(error) if isinstance(error, OSError) and error.errno else str(error)
        yield InputError(source, f"cannot read further: {shown(' '.join(reason.split()), 200)}")


def read_file(path: Path) -> Iterator[RawPage | InputError]:
    """The page(s) in one file, or an error naming it."""
    source = shown(str(path))
    suffix, gzipped = _suffixes(path)
    if suffix not in KINDS and suffix not in JSONL:
        yield InputError(source, f"unsupported file type {shown(suffix) or '(none)'!r}; "
                         "use .txt, .html, .htm, .jsonl or .gz of these")
        return
    if suffix in JSONL:
        yield from _read_jsonl(path, source, gzipped)
        return
    try:
        data = _read_bytes(path, gzipped)
        text, encoding = decode(data, declared_charset(data) if KINDS[suffix] == "html" else None)
    except DecodeError as error:
        yield InputError(source, str(error))
        return
    except OSError as error:
        yield InputError(source, f"cannot read: {os_reason(error)}")
        return
    if len(text) > MAX_PAGE_CHARS:
        yield InputError(source, f"page of {len(text):,} characters exceeds the "
                         f"{MAX_PAGE_CHARS:,}-character page limit")
        return
    yield RawPage(id=page_id(path), kind=KINDS[suffix], content=normal_text(text), source=source,
                  encoding=encoding)


def walk(folder: Path, wanted: Callable[[Path], bool]) -> Iterator[Path | InputError]:
    """Files under ``folder`` that ``wanted`` accepts, sorted; each folder visited once.

    Symbolic links to folders are followed only to folders not seen yet, so a link loop ends
    at once; a folder that cannot be listed is one error and the walk goes on.
    """
    seen: set[tuple[int, int]] = set()

    def visit(current: Path, depth: int) -> Iterator[Path | InputError]:
        try:
            info = current.stat()
        except OSError as error:
            yield InputError(shown(str(current)), f"cannot read folder: {os_reason(error)}")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        if depth > MAX_FOLDER_DEPTH:
            yield InputError(shown(str(current)), f"folder nested more than {MAX_FOLDER_DEPTH} deep; "
                             "not walked")
            return
        try:
            with os.scandir(current) as entries:
                children = sorted((entry.name, entry) for entry in entries if not entry.name.startswith("."))
        except OSError as error:
            yield InputError(shown(str(current)), f"cannot read folder: {os_reason(error)}")
            return
        for _, entry in children:
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as error:
                yield InputError(shown(str(child)), f"cannot read: {os_reason(error)}")
                continue
            if is_dir:
                yield from visit(child, depth + 1)
            elif is_file and wanted(child):
                yield child

    yield from visit(folder, 0)


def _kind_of(path: Path) -> str:
    """``dir``, ``file`` or ``missing``; a path the system refuses to look at is missing."""
    try:
        if path.is_dir():
            return "dir"
        if path.is_file():
            return "file"
    except (OSError, ValueError):  # ValueError: a NUL in the name
        pass
    return "missing"


def guarded(source: str, items: Iterator[RawPage | InputError]) -> Iterator[RawPage | InputError]:
    """``items``, with anything a reader raises after all turned into one last error line.

    Each reader catches what it knows hostile bytes cause; this is the backstop that keeps an
    unforeseen exception from ending the whole run (what was read before it is kept).
    """
    try:
        yield from items
    except Exception as error:  # noqa: BLE001  one input must not end the batch
        reason = shown(" ".join(str(error).split()), 200)
        yield InputError(source, f"cannot read further: {type(error).__name__}"
                         + (f": {reason}" if reason else ""))


def read_paths(paths: Iterable[Path]) -> Iterator[RawPage | InputError]:
    """Pages from files and folders, in order; errors are yielded in place, never raised."""
    for path in paths:
        path = Path(path)
        kind = _kind_of(path)
        if kind == "dir":
            for child in walk(path, readable):
                if isinstance(child, InputError):
                    yield child
                else:
                    yield from guarded(shown(str(child)), read_file(child))
        elif kind == "file":
            yield from guarded(shown(str(path)), read_file(path))
        elif os.path.lexists(path):
            yield InputError(shown(str(path)), "not a regular file or folder (or not accessible)")
        else:
            yield InputError(shown(str(path)), "no such file or folder")
