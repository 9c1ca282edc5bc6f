"""Re-read stored pages with the current stages, from the raw input kept in the store.

Better models must not need the sources again: each stored raw page is analysed anew and
its article's facts replaced, a batch per transaction (so an interrupted run can simply be
run again; it redoes at most one batch). It holds the store's writer lock, as an ingest does
(``writer_lock.StoreBusy`` when another writer has it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine, select

from ..model import Document, InputError, RawPage
from .load import Analyse, _default_analyse
from .schema import articles, raw_pages
from .writer import Writer
from .writer_lock import writer_lock


def stored_pages(
    engine: Engine, *, current_only: bool = True, article_ids: Sequence[int] | None = None
) -> list[tuple[int, RawPage]]:
    query = select(raw_pages).join(articles, articles.c.id == raw_pages.c.id).order_by(raw_pages.c.id)
    if current_only:
        query = query.where(articles.c.current.is_(True))
    if article_ids is not None:
        query = query.where(raw_pages.c.id.in_(list(article_ids)))
    with engine.connect() as conn:
        return [
            (
                r.id,
                RawPage(
                    id=r.page_id,
                    kind=r.kind,
                    content=r.content,
                    source=r.source,
                    url=r.url,
                    title=r.title,
                    published=r.published,
                    outlet=r.outlet,
                    encoding=r.encoding,
                ),
            )
            for r in conn.execute(query)
        ]


def reprocess(
    engine: Engine,
    *,
    analyse: Analyse | None = None,
    batch_size: int = 32,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
    article_ids: Sequence[int] | None = None,
    **analyse_options,
) -> int:
    """Analyse every current stored page (or those of ``article_ids``) again and replace its facts;
    returns pages redone."""
    with writer_lock(engine):
        return _reprocess(engine, analyse, batch_size, on_start, on_batch, article_ids, analyse_options)


def _reprocess(engine: Engine, analyse: Analyse | None, batch_size: int, on_start, on_batch,
               article_ids: Sequence[int] | None, analyse_options: dict) -> int:
    pages = stored_pages(engine, article_ids=article_ids)
    if on_start:
        on_start(len(pages))
    analyse = analyse or _default_analyse
    with engine.connect() as conn:
        writer = Writer(conn)
    ids = [i for i, _ in pages]
    done = 0
    batch: list[tuple[int, Document | InputError]] = []
    for doc in analyse([p for _, p in pages], batch_size=batch_size, **analyse_options):
        batch.append((ids[done + len(batch)], doc))
        if len(batch) >= batch_size:
            done += _commit(engine, writer, batch, on_batch)
            batch = []
    if batch:
        done += _commit(engine, writer, batch, on_batch)
    return done


def _commit(engine: Engine, writer: Writer, batch, on_batch) -> int:
    with engine.begin() as conn:
        for article_id, doc in batch:
            writer.rewrite(conn, article_id, doc)
    for _, doc in batch:
        doc.analysis.clear()
    if on_batch:
        on_batch(len(batch))
    return len(batch)
