"""Local files and folders to raw pages.

``.txt`` is a plain-text scrape, ``.html``/``.htm`` (optionally ``.gz``) is HTML, ``.jsonl``
holds one page a line. Folders are walked recursively in sorted order, hidden entries
skipped. Every unreadable input becomes an :class:`InputError` and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import InputError, RawKind, RawPage
from .decode import MAX_BYTES, DecodeError, declared_charset, decode, gunzip, is_gzip
from .jsonl import parse_lines

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
    """A file's page id is its file name."""
    return path.name


def _read_bytes(path: Path, gzipped: bool) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DecodeError(f"file of {size / (1024 * 1024):.1f} MB exceeds the "
                          f"{MAX_BYTES // (1024 * 1024)} MB limit")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if gzipped or is_gzip(data):
        data = gunzip(data)
    return data


def read_file(path: Path) -> Iterator[RawPage | InputError]:
    """The page(s) in one file, or an error naming it."""
    source = str(path)
    suffix, gzipped = _suffixes(path)
    if suffix not in KINDS and suffix not in JSONL:
        yield InputError(source, f"unsupported file type {suffix or '(none)'!r}; "
                         "use .txt, .html, .htm, .jsonl or .gz of these")
        return
    try:
        data = _read_bytes(path, gzipped)
        text, encoding = decode(data, declared_charset(data) if KINDS.get(suffix) == "html" else None)
    except (DecodeError, OSError) as error:
        yield InputError(source, str(error))
        return
    if suffix in JSONL:
        yield from parse_lines(text, source)
        return
    yield RawPage(id=page_id(path), kind=KINDS[suffix], content=text, source=source, encoding=encoding)


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file() and readable(child):
            yield child


def read_paths(paths: Iterable[Path]) -> Iterator[RawPage | InputError]:
    """Pages from files and folders, in order; errors are yielded in place, never raised."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in _walk(path):
                yield from read_file(child)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield InputError(str(path), "no such file or folder")
