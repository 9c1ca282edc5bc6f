"""Where ``newsdesk ingest`` gets its pages: URLs, WARC archives, files and folders.

One dispatcher so every command reads sources the same way; each kind has its reader.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..model import InputError, RawPage
from .fetch import Fetcher, is_url
from .files import guarded, read_paths, walk
from .shown import shown
from .warc import is_warc, read_warc, summary


def _stderr(line: str) -> None:
    print(f"newsdesk: {line}", file=sys.stderr)


def read_sources(items: Iterable[str | Path], fetcher: Fetcher | None = None,
                 log: Callable[[str], None] = _stderr) -> Iterator[RawPage | InputError]:
    """Pages from each item in order; errors are yielded in place, never raised.

    URLs are fetched (politely, SSRF-safe; a page unchanged since the last read is left
    out), ``.warc``/``.warc.gz`` files are read record by record (``log`` gets one line of
    counts per archive), folders are walked for both pages and archives (each folder once:
    the second walk's unreadable folders were reported by the first).
    """
    own_fetcher = fetcher is None
    try:
        for item in items:
            if isinstance(item, str) and is_url(item):
                if fetcher is None:
                    fetcher = Fetcher()
                yield from guarded(shown(item), _fetched(fetcher, item))
                continue
            path = Path(item)
            if is_warc(path) and _is_file(path):
                yield from _archive(path, log)
            elif _is_dir(path):
                yield from read_paths([path])
                for archive in walk(path, is_warc):
                    if isinstance(archive, Path):
                        yield from _archive(archive, log)
            else:
                yield from read_paths([path])
    finally:
        if own_fetcher and fetcher is not None:
            fetcher.close()


def _fetched(fetcher: Fetcher, url: str) -> Iterator[RawPage | InputError]:
    page = fetcher.page(url)
    if page is not None:
        yield page


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def _archive(path: Path, log: Callable[[str], None]) -> Iterator[RawPage | InputError]:
    counts: Counter[str] = Counter()
    yield from guarded(shown(str(path)), read_warc(path, counts))
    log(summary(shown(str(path)), counts))
