"""The Python API behind ``import newsdesk``: one function per thing a notebook asks for.

The functions here are thin: each builds the input the pipeline or the store expects and
calls the module that does the work. The answer functions take either an open
``Connection`` (what the CLI and the API hold) or the ``Engine`` that ``open_store``
returns (what a notebook holds), so a notebook needs no SQLAlchemy. Everything heavy is
imported inside the functions: ``import newsdesk`` loads neither spaCy nor SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from .answer.actors import ActorPage
    from .answer.ask import Brief
    from .answer.dyads import Dyad
    from .answer.search import Filters, Hit
    from .model import Document, InputError, RawKind, RawPage
    from .store.load import IngestReport

T = TypeVar("T")


def extract(text: str, *, id: str = "text", kind: RawKind = "text", title: str | None = None,
            url: str | None = None, upto: str | None = None) -> Document:
    """The analysed :class:`~newsdesk.model.Document` of one page given as a string.

    ``kind`` is ``text`` (plain text with boilerplate), ``html`` (a scraped page) or ``body``
    (the article text exactly, whose offsets every fact refers to); ``upto`` stops after a
    phase (``clean``, ``read``, ``attribute`` or ``code``). A page over the page size limit
    is refused with a ``ValueError`` before anything is read.
    """
    from .ingest.limits import MAX_PAGE_CHARS
    from .ingest.normalise import normal_text
    from .model import RawPage
    from .pipeline import analyse as analyse_one

    if len(text) > MAX_PAGE_CHARS:
        raise ValueError(f"page of {len(text):,} characters exceeds the "
                         f"{MAX_PAGE_CHARS:,}-character page limit")
    page = RawPage(id=id, kind=kind, content=normal_text(text), source=id, url=url, title=title)
    return analyse_one(page, upto=upto)


Sources = str | Path | Iterable["str | Path | RawPage | InputError"]


def _read(sources: Sources) -> Iterator[RawPage | InputError]:
    """Pages in order: a path, folder, WARC file or URL is read; a page already read passes."""
    from .ingest.sources import read_sources

    for item in [sources] if isinstance(sources, str | Path) else sources:
        if isinstance(item, str | Path):
            yield from read_sources([item])
        else:
            yield item


def ingest(engine: Engine, sources: Sources, **options: Any) -> IngestReport:
    """The :class:`~newsdesk.store.load.IngestReport` of storing every new page of ``sources``.

    ``sources`` is one path or holds paths, folders, WARC files and URLs (read as ``newsdesk ingest`` reads
    them) or pages already read; ``options`` are those of :func:`newsdesk.store.load.ingest`
    (``workers``, ``executor``, ``batch_size``, ``commit_size``, ``embed`` ...).
    """
    from .store.load import ingest as store_pages

    return store_pages(engine, _read(sources), **options)


@contextmanager
def _connection(store: Engine | Connection) -> Iterator[Connection]:
    from sqlalchemy import Engine

    if isinstance(store, Engine):
        with store.connect() as conn:
            yield conn
    else:
        yield store


def _on(store: Engine | Connection, answer: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with _connection(store) as conn:
        return answer(conn, *args, **kwargs)


def search(store: Engine | Connection, query: str, *, mode: str = "fts", filters: Filters | None = None,
           limit: int = 10, collapse: bool = True) -> list[Hit]:
    """The :class:`~newsdesk.answer.search.Hit` list of a search (``mode``: fts, semantic, hybrid)."""
    from .answer.search import search as hits

    return _on(store, hits, query, mode=mode, filters=filters, limit=limit, collapse=collapse)


def actor_page(store: Engine | Connection, name: str, *, limit: int = 20) -> ActorPage | None:
    """The :class:`~newsdesk.answer.actors.ActorPage` of the actor ``name`` resolves to, or None."""
    from .answer.actors import actor_page as page

    return _on(store, page, name, limit=limit)


def dyad(store: Engine | Connection, a: str, b: str) -> Dyad:
    """The :class:`~newsdesk.answer.dyads.Dyad`: what actors ``a`` and ``b`` did to each other."""
    from .answer.dyads import dyad as pair

    return _on(store, pair, a, b)


def ask(store: Engine | Connection, question: str) -> Brief:
    """The :class:`~newsdesk.answer.ask.Brief` answering ``question`` from the store, with its evidence."""
    from .answer.ask import ask as brief

    return _on(store, brief, question)


def export(store: Engine | Connection, fmt: str, out: str | Path) -> int:
    """The number of items written to ``out`` in export format ``fmt`` (jsonl, csv, stix ...)."""
    from .answer.export import writer

    return _on(store, writer(fmt), Path(out))
