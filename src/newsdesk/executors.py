"""Where the pipeline runs: in this process, a process pool, or a Dask cluster.

Every executor cuts the pages into the same consecutive batches and runs each through the
stages as ``pipeline.process`` does, so it yields exactly what one process yields, in input
order. Models are loaded once per worker process (``get_nlp`` is cached per process and
warmed when a worker starts), never per document. Results come back to the caller, who
is the one writer to the store.

A page the stages cannot analyse costs that page only: when a batch raises, its pages are
run again one at a time, and a page that still raises, or whose cleaning finds no article
text, comes back in its place as an :class:`InputError` saying why (never as an empty
article). A worker watches its parent and ends when the parent is gone, so killing an
ingest never leaves its workers running.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import Any

from . import settings
from .cpu_budget import OverBudget, cpu_budget
from .ingest import limits
from .ingest.shown import shown
from .model import Document, InputError, RawPage
from .pipeline import new_document
from .stages import Stage, select

EXECUTORS = ("auto", "local", "process", "dask")
#: Batches queued per worker: enough that a long batch at the head of the line leaves no
#: worker idle (results are yielded in input order), few enough that memory stays bounded.
INFLIGHT = 4
#: Seconds between a worker's checks that its parent process is still alive.
PARENT_CHECK_SECONDS = 1.0
#: Fewest words a cleaned scrape must keep to be an article ("Home" from a navigation bar is none).
MIN_ARTICLE_WORDS = 5
#: Longest error message kept from an exception raised on a page, in characters.
MAX_REASON_CHARS = 300

Analysed = Document | InputError


def analyse_pages(pages: Iterable[RawPage], *, workers: int = 1, executor: str = "auto",
                  scheduler: str | None = None, batch_size: int = 32, upto: str | None = None,
                  timings: dict[str, float] | None = None, skip: Sequence[str] = ()) -> Iterator[Analysed]:
    """Analyse ``pages``; ``executor`` is ``local`` (in this process), ``process`` or ``dask``.

    Yields one item per page, in input order: its :class:`Document`, or an
    :class:`InputError` naming the page and why it could not be analysed.

    ``auto`` (the default) runs here for one worker and in a process pool for several,
    so ``--workers 2`` alone means two processes.

    ``workers`` sizes the process pool (or the local Dask cluster when no ``scheduler``
    address is given); ``scheduler`` is a ``dask.distributed`` address like ``tcp://host:8786``.
    ``timings``, when given, gathers the seconds each stage spent, summed over all workers.
    ``skip`` names stages left out (``ingest --no-embed`` leaves out ``vectors``).
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    if executor == "auto":
        executor = "process" if workers > 1 else "local"
    timings = timings if timings is not None else {}
    batches = _batches(pages, batch_size)
    skip = tuple(skip)
    task = partial(analyse_batch, upto=upto, skip=skip)
    if executor == "local" or (executor == "process" and workers <= 1):
        yield from _in_order(lambda batch: _Done(task(batch)), batches, 1, timings)
    elif executor == "process":
        # spawn by default: workers stay clear of state forked from a threaded parent
        context = multiprocessing.get_context(settings.text("start_method"))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm,
                                 initargs=(os.getpid(), skip)) as pool:
            yield from _in_order(lambda batch: pool.submit(task, batch), batches, INFLIGHT * workers, timings)
    else:
        yield from _on_dask(task, batches, workers, scheduler, timings, skip)


class StageFailed(Exception):
    """A stage raised on a batch; names the stage."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(stage)
        self.stage, self.error = stage, error


def _no_text(doc: Document) -> str:
    """Why a page gave no article: its kind, and the metadata that was found without one."""
    kind = doc.raw.kind if doc.raw is not None else "body"
    what = {"html": "no article text found in the HTML page",
            "text": "no article text found in the text (every line read as boilerplate)"
            }.get(kind, "empty body")
    found = [f"{name} {shown(value, 80)!r}" for name, value in
             (("title", doc.article.title), ("published", doc.article.published)) if value]
    return what + (f" (found {', '.join(found)})" if found else "")


def _too_short(doc: Document) -> bool:
    """No article text: an empty body, or a scrape's cleaning that kept only a few words."""
    body = doc.article.body
    if doc.raw is None or doc.raw.kind == "body":
        return not body.strip()
    return len(body.split()) < MIN_ARTICLE_WORDS


def _run_stages(docs: list[Document], stages: Sequence[Stage], spent: dict[str, float]) -> dict[int, str]:
    """Run ``stages`` over ``docs``; returns the index and reason of each page with no article."""
    empty: dict[int, str] = {}
    live = docs
    for position, stage in enumerate(stages):
        started = time.perf_counter()
        try:
            stage.run(live)
        except Exception as error:  # noqa: BLE001  hostile pages can make any stage raise
            raise StageFailed(stage.name, error) from error
        spent[stage.name] = spent.get(stage.name, 0.0) + time.perf_counter() - started
        following = stages[position + 1].phase if position + 1 < len(stages) else None
        if stage.phase == "clean" and following != "clean":
            for index, doc in enumerate(docs):
                if index not in empty and _too_short(doc):
                    empty[index] = _no_text(doc)
            live = [doc for index, doc in enumerate(docs) if index not in empty]
    return empty


def _failure(page: RawPage, reason: str) -> InputError:
    return InputError(shown(page.source), reason)


def _crash_reason(failed: StageFailed) -> str:
    message = " ".join(str(failed.error).split())
    message = shown(message, MAX_REASON_CHARS)
    return f"analysis failed in stage {failed.stage!r}: {type(failed.error).__name__}" + \
        (f": {message}" if message else "")


def _prepare(stages: Sequence[Stage]) -> None:
    """Load what the stages keep (models, indexes) outside any CPU budget, once per process."""
    for stage in stages:
        if stage.prepare is not None and stage.name not in _PREPARED:
            stage.prepare()
            _PREPARED.add(stage.name)


_PREPARED: set[str] = set()


def _one_page(page: RawPage, stages: Sequence[Stage], spent: dict[str, float]) -> Analysed:
    doc = new_document(page)
    try:
        with cpu_budget(limits.PAGE_CPU_SECONDS):
            empty = _run_stages([doc], stages, spent)
    except StageFailed as failed:
        if isinstance(failed.error, OverBudget):
            return _failure(page, f"analysis stopped in stage {failed.stage!r}: it {failed.error}")
        return _failure(page, _crash_reason(failed))
    except OverBudget as error:
        return _failure(page, f"analysis stopped: it {error}")
    return _failure(page, empty[0]) if empty else doc


def analyse_batch(pages: Sequence[RawPage], *, upto: str | None = None, skip: Sequence[str] = ()
                  ) -> tuple[list[Analysed], dict[str, float]]:
    """One batch through the stages, timed per stage, as ``pipeline.process`` runs a batch.

    When the batch raises, or spends more CPU than its pages should, each page is run alone
    with its own CPU bound (``limits.PAGE_CPU_SECONDS``), so one hostile page costs only
    itself. Transient artefacts (the spaCy Doc) are dropped: they stay in the worker.
    """
    stages = select(upto, skip)
    _prepare(stages)
    spent: dict[str, float] = {}
    if len(pages) == 1:
        results: list[Analysed] = [_one_page(pages[0], stages, spent)]
    else:
        docs = [new_document(page) for page in pages]
        budget = limits.PAGE_CPU_SECONDS + limits.BATCH_CPU_SECONDS_PER_PAGE * len(pages)
        try:
            with cpu_budget(budget):
                empty = _run_stages(docs, stages, spent)
            results = [_failure(page, empty[i]) if i in empty else doc
                       for i, (page, doc) in enumerate(zip(pages, docs, strict=True))]
        except (StageFailed, OverBudget):
            results = [_one_page(page, stages, spent) for page in pages]
    for item in results:
        if isinstance(item, Document):
            item.analysis.clear()
    return results, spent


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone (it is re-parented, so the id changes)."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(PARENT_CHECK_SECONDS)


def warm(parent: int | None = None, skip: Sequence[str] = ()) -> None:
    """Load the models once when a worker starts, with one math thread per worker.

    ``parent`` is the process id of the process that started the pool: a daemon thread
    ends this worker when that process dies (even by ``kill -9``), so no worker outlives
    the ingest that started it.

    What the stages loaded then lives as long as the worker: it is moved out of the cyclic
    garbage collector's sight (``gc.freeze``), which otherwise walks the half-million objects
    of the place index at every full collection.
    """
    if parent is not None:
        if os.getppid() != parent:
            os._exit(1)
        threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from .stages import registered

    for stage in registered():
        if stage.prepare is not None and stage.name not in skip:
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
              inflight: int, timings: dict[str, float]) -> Iterator[Analysed]:
    """Results in input order, with at most ``inflight`` batches queued (memory stays bounded)."""
    pending: deque = deque()

    def take() -> list[Analysed]:
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


async def _warm_beside_event_loop(*args: Any) -> None:
    """``warm`` on a Dask worker, in a thread of its own.

    ``Client.run`` calls a plain function on the worker's event loop, which then answers no
    heartbeat until the models are loaded: on a busy machine that took longer than the
    scheduler's worker TTL (5 minutes), so the scheduler restarted the worker, which began
    loading again, and the ingest never started. Awaited here, the loading runs in a thread
    while the loop goes on.
    """
    import asyncio

    await asyncio.get_running_loop().run_in_executor(None, warm, *args)


def _on_dask(task: Callable, batches: Iterable[list[RawPage]], workers: int, scheduler: str | None,
             timings: dict[str, float], skip: Sequence[str] = ()) -> Iterator[Analysed]:
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True)
    client = Client(scheduler or cluster)
    try:
        client.run(_warm_beside_event_loop, None, tuple(skip))  # a skipped stage loads nothing
        slots = max(sum(client.nthreads().values()), 1)
        submit = partial(client.submit, task, pure=False)
        yield from _in_order(submit, batches, INFLIGHT * slots, timings)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
