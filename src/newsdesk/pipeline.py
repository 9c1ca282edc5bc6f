"""Wire the stages: raw pages in, analysed documents out. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .model import Article, Document, RawPage
from .stages import Stage, select


def new_document(raw: RawPage) -> Document:
    """An empty document for a raw page; the ``clean`` phase fills its article."""
    article = Article(id=raw.id, title=raw.title, body="", url=raw.url, source=raw.source,
                      published=raw.published, outlet=raw.outlet)
    return Document(article=article, raw=raw)


def run_stages(docs: Sequence[Document], stages: Sequence[Stage]) -> None:
    for stage in stages:
        stage.run(docs)


def process(pages: Iterable[RawPage], *, upto: str | None = None, batch_size: int = 32,
            skip: Sequence[str] = ()) -> Iterator[Document]:
    """Run every registered stage (up to phase ``upto``) over ``pages`` in batches."""
    stages = select(upto, skip)
    batch: list[Document] = []
    for raw in pages:
        batch.append(new_document(raw))
        if len(batch) >= batch_size:
            run_stages(batch, stages)
            yield from batch
            batch = []
    if batch:
        run_stages(batch, stages)
        yield from batch


def analyse(raw: RawPage, *, upto: str | None = None) -> Document:
    """One page through the pipeline: the notebook-friendly entry point."""
    return next(process([raw], upto=upto, batch_size=1))
