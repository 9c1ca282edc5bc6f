"""Where the pipeline runs: in this process, a process pool, or a Dask cluster.

Every executor cuts the pages into the same consecutive batches and runs each through the
stages as ``pipeline.process`` does, so it yields exactly what one process yields, in input
order. Models are loaded once per worker process (``get_nlp`` is cached per process and
warmed when a worker starts), never per document. Results come back to the caller, who
is the one writer to the store.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import Any

from .model import Document, RawPage
from .pipeline import new_document
from .stages import select

EXECUTORS = ("auto", "local", "process", "dask")
#: Process start method: spawn keeps workers clear of state forked from a threaded parent.
START_METHOD = os.environ.get("NEWSDESK_START_METHOD", "spawn")
#: Batches queued per worker: enough that a long batch at the head of the line leaves no
#: worker idle (results are yielded in input order), few enough that memory stays bounded.
INFLIGHT = 4


def analyse_pages(pages: Iterable[RawPage], *, workers: int = 1, executor: str = "auto",
                  scheduler: str | None = None, batch_size: int = 32, upto: str | None = None,
                  timings: dict[str, float] | None = None) -> Iterator[Document]:
    """Analyse ``pages``; ``executor`` is ``local`` (in this process), ``process`` or ``dask``.

    ``auto`` (the default) runs here for one worker and in a process pool for several,
    so ``--workers 2`` alone means two processes.

    ``workers`` sizes the process pool (or the local Dask cluster when no ``scheduler``
    address is given); ``scheduler`` is a ``dask.distributed`` address like ``tcp://host:8786``.
    ``timings``, when given, gathers the seconds each stage spent, summed over all workers.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    if executor == "auto":
        executor = "process" if workers > 1 else "local"
    timings = timings if timings is not None else {}
    batches = _batches(pages, batch_size)
    task = partial(analyse_batch, upto=upto)
    if executor == "local" or (executor == "process" and workers <= 1):
        yield from _in_order(lambda batch: _Done(task(batch)), batches, 1, timings)
    elif executor == "process":
        context = multiprocessing.get_context(START_METHOD)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm) as pool:
            yield from _in_order(lambda batch: pool.submit(task, batch), batches, INFLIGHT * workers, timings)
    else:
        yield from _on_dask(task, batches, workers, scheduler, timings)


def analyse_batch(pages: Sequence[RawPage], *, upto: str | None = None
                  ) -> tuple[list[Document], dict[str, float]]:
    """One batch through the stages, timed per stage, as ``pipeline.process`` runs a batch.

    Transient artefacts (the spaCy Doc) are dropped: they stay in the worker.
    """
    docs = [new_document(page) for page in pages]
    spent: dict[str, float] = {}
    for stage in select(upto):
        started = time.perf_counter()
        stage.run(docs)
        spent[stage.name] = spent.get(stage.name, 0.0) + time.perf_counter() - started
    for doc in docs:
        doc.analysis.clear()
    return docs, spent


def warm() -> None:
    """Load the models once when a worker starts, with one math thread per worker.

    What the stages loaded then lives as long as the worker: it is moved out of the cyclic
    garbage collector's sight (``gc.freeze``), which otherwise walks the half-million objects
    of the place index at every full collection.
    """
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from .stages import registered

    for stage in registered():
        if stage.prepare is not None:
            stage.prepare()
    gc.collect()
    gc.freeze()


def _batches(pages: Iterable[RawPage], size: int) -> Iterator[list[RawPage]]:
    it = iter(pages)
    while batch := list(islice(it, size)):
        yield batch


class _Done:
    """A result already computed, shaped like a future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def _in_order(submit: Callable[[list[RawPage]], Future | _Done | Any], batches: Iterable[list[RawPage]],
              inflight: int, timings: dict[str, float]) -> Iterator[Document]:
    """Results in input order, with at most ``inflight`` batches queued (memory stays bounded)."""
    pending: deque = deque()

    def take() -> list[Document]:
        docs, spent = pending.popleft().result()
        for name, seconds in spent.items():
            timings[name] = timings.get(name, 0.0) + seconds
        return docs

    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= inflight:
            yield from take()
    while pending:
        yield from take()


def _on_dask(task: Callable, batches: Iterable[list[RawPage]], workers: int, scheduler: str | None,
             timings: dict[str, float]) -> Iterator[Document]:
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True)
    client = Client(scheduler or cluster)
    try:
        client.run(warm)
        slots = max(sum(client.nthreads().values()), 1)
        submit = partial(client.submit, task, pure=False)
        yield from _in_order(submit, batches, INFLIGHT * slots, timings)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
