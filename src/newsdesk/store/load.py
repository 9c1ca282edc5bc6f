"""Pages in, stored documents out: skip what is stored, analyse the rest, commit per batch.

Resumable by construction: a batch is one transaction, and pages whose content hash is
already stored are dropped before the (expensive) analysis, so re-running after a kill
picks up where it stopped with no duplicate and nothing lost.

One ingest writes a store at a time (``writer_lock.py``): a second one is refused at once with
a one-line error in its report, before it reads anything.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from ..model import Document, InputError, RawPage
from .writer import Writer, content_hash, known_hashes, printable
from .writer_lock import StoreBusy, writer_lock

Analyse = Callable[..., Iterator[Document | InputError]]
#: Pages read, checked against the store and analysed at a time (one analysis call each).
WINDOW = 5000


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    #: pages stored with changes (``bounds.py``: NUL replaced, a long id shortened, ...), one line each
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def windows(items: Iterable[RawPage | InputError], size: int | None = None) -> Iterator[list]:
    """The input in slices, so a corpus of any size is never held in memory at once."""
    size = size or WINDOW
    window: list = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def split_inputs(items: Iterable[RawPage | InputError], report: IngestReport) -> list[RawPage]:
    pages = []
    for item in items:
        if isinstance(item, InputError):
            report.errors.append(str(item))
        else:
            pages.append(item)
    report.read += len(pages)
    return pages


def fresh_pages(
    engine: Engine, pages: Sequence[RawPage], report: IngestReport, seen: set[str] | None = None
) -> list[RawPage]:
    """Pages whose content is not stored yet (and not repeated earlier in this run: ``seen``)."""
    with engine.connect() as conn:
        stored = known_hashes(conn, (content_hash(p) for p in pages))
    seen = set() if seen is None else seen
    seen |= stored
    todo = []
    for page in pages:
        digest = content_hash(page)
        if digest in seen:
            report.skipped += 1
            continue
        seen.add(digest)
        todo.append(page)
    return todo


def _default_analyse(pages: Iterable[RawPage], **options) -> Iterator[Document | InputError]:
    from ..executors import analyse_pages

    return analyse_pages(pages, **options)


def ingest(
    engine: Engine,
    items: Iterable[RawPage | InputError],
    *,
    analyse: Analyse | None = None,
    batch_size: int = 32,
    commit_size: int | None = None,
    embed: bool | None = None,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
    **analyse_options,
) -> IngestReport:
    """Store every new page of ``items``; ``analyse_options`` go to ``analyse_pages``.

    ``batch_size`` documents are analysed at a time; ``commit_size`` (default: the same) are
    written per transaction. A commit writes every index page its documents touched, and in
    a large store each actor a batch names has a page of its own in each actor-keyed index:
    bulk loads go faster with larger commits (docs/measurements.md), at the price of more
    work redone after a kill.
    ``on_start`` is told the number of pages to analyse so far (it grows window by window).
    ``embed``: None (the default) stores one vector per article for semantic search, True
    sentence vectors as well, False none (the ``vectors`` stage is skipped).
    """
    report = IngestReport()
    try:
        with writer_lock(engine):
            if embed is False:
                analyse_options = {**analyse_options, "skip": ("vectors",)}
            _ingest(engine, items, report, analyse or _default_analyse, batch_size, commit_size, embed,
                    on_start, on_batch, analyse_options)
            if report.stored and embed is not False:
                from .vector_index import maintain

                maintain(engine)
    except StoreBusy as busy:
        report.errors.append(str(busy))
    return report


def _ingest(engine: Engine, items, report: IngestReport, analyse: Analyse, batch_size: int,
            commit_size: int | None, embed: bool | None, on_start, on_batch, analyse_options: dict) -> None:
    run: _Run | None = None
    seen: set[str] = set()
    total = 0
    for window in windows(items):
        todo = fresh_pages(engine, split_inputs(window, report), report, seen)
        total += len(todo)
        if on_start:
            on_start(total)
        if not todo:
            continue
        if run is None:
            with engine.connect() as conn:
                run = _Run(engine, Writer(conn), analyse, batch_size, commit_size or batch_size, embed,
                           report, on_batch, analyse_options)
        run.pages(todo)
    if report.stored:
        refresh_statistics(engine, report.stored)


#: Tables whose row counts and value frequencies decide query plans (PostgreSQL).
PLANNED = ("articles", "events", "event_actors", "relations", "relation_actors", "mentions", "raw_pages")


def refresh_statistics(engine: Engine, stored: int) -> None:
    """Let PostgreSQL's planner see what was just stored (ANALYZE samples, so it stays cheap).

    Autovacuum lags a bulk load: with stale statistics a frequent actor looks rare and a
    dyad query nested-loops over tens of thousands of links (docs/measurements.md). Tables
    are analysed when a tenth of them is new, so the cost is
    amortised. SQLite plans without statistics and needs nothing here.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        # reltuples is the article count at the last ANALYZE (-1: never analysed)
        known = conn.scalar(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('articles')"))
        if known is None or known < 0 or stored > 0.1 * known:
            conn.execute(text(f"ANALYZE {', '.join(PLANNED)}"))


class _Run:
    """Analyse and store pages; a page that crashes the analysis is reported, not fatal.

    The executors keep input order, so when the analysis raises, the guilty page is in the
    batch after the last document handed back: what was analysed is stored, that batch is
    retried one page at a time in this process, and the rest goes on as before. Only the
    guilty page is lost, and a worker pool is not rebuilt for every slice of the input.
    """

    def __init__(self, engine, writer, analyse, batch_size, commit_size, embed, report, on_batch,
                 options) -> None:
        self.engine, self.writer, self.analyse = engine, writer, analyse
        self.batch_size, self.commit_size = batch_size, max(commit_size, 1)
        self.embed, self.report = embed, report
        self.on_batch, self.options = on_batch, options

    def pages(self, pages: Sequence[RawPage], options: dict | None = None) -> None:
        batch: list[Document] = []
        handed = 0
        try:
            for doc in self.analyse(pages, batch_size=self.batch_size, **(options or self.options)):
                handed += 1
                if isinstance(doc, InputError):  # a page the analysis refused, in its place
                    self.report.errors.append(str(doc))
                    if self.on_batch:
                        self.on_batch(1)
                    continue
                batch.append(doc)
                if len(batch) >= self.commit_size:
                    self.commit(batch)
                    batch = []
        except Exception as error:  # hostile input must not stop a corpus ingest
            if batch:
                self.commit(batch)
            if len(pages) == 1:
                self.report.errors.append(
                    f"{pages[0].source}: analysis failed: {type(error).__name__}: {error}"
                )
                if self.on_batch:
                    self.on_batch(1)
                return
            single = {**self.options, "workers": 1, "executor": "local", "scheduler": None}
            suspects = pages[handed : handed + self.batch_size]
            for page in suspects:
                self.pages([page], single if "executor" in self.options else options)
            if handed + len(suspects) < len(pages):
                self.pages(pages[handed + len(suspects) :], options)
            return
        if batch:
            self.commit(batch)

    def commit(self, batch: list[Document]) -> None:
        _commit(self.engine, self.writer, batch, self.embed, self.report, self.on_batch)


def _commit(
    engine: Engine,
    writer: Writer,
    batch: list[Document],
    embed: bool | None,
    report: IngestReport,
    on_batch: Callable[[int], None] | None,
) -> None:
    if embed is not False:
        from .vectors import embed_documents, missing_article_vectors

        missing_article_vectors(batch)
        if embed:
            embed_documents(batch)
    collecting = gc.isenabled()
    # The rows built for a batch (tens of thousands of dicts) hold no cycles and refcounting
    # frees them; the cyclic collector would walk the whole heap for nothing at each of its
    # runs (docs/measurements.md).
    gc.disable()
    try:
        with engine.begin() as conn:
            result = writer.write_batch(conn, batch)
    finally:
        if collecting:
            gc.enable()
    report.stored += len(result.written)
    report.skipped += len(result.skipped)
    report.errors.extend(f"{printable(source)}: {message}" for source, message in result.failed)
    report.notes.extend(f"{printable(source)}: stored with changes: {message}"
                        for source, message in result.notes)
    for doc in batch:
        doc.analysis.clear()  # free the parse once stored
    if on_batch:
        on_batch(len(batch))
