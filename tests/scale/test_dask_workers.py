"""Dask workers: the per-page CPU bound holds in the threads that run their tasks, and loading
the models leaves their event loop free to answer the scheduler's heartbeats."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest

from newsdesk.cpu_budget import OverBudget, can_bound, cpu_budget
from newsdesk.executors import analyse_pages
from newsdesk.ingest import limits
from newsdesk.model import InputError, RawPage

STORY = ("The council of Riverton voted on Tuesday to close the valley road after the floods, "
         "the mayor said. Engineers will inspect the bridge next week.")


def _in_thread(work: Callable[[], object]) -> object:
    """What ``work`` returns or raises, run in a thread other than the main one."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:  # noqa: BLE001  handed back to the test
            result["value"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the bound did not stop the thread"
    return result["value"]


def _spin(cpu_seconds: float | None = None) -> float:
    """Busy CPU work (as a pathological page costs) for ``cpu_seconds``, or until stopped."""
    started = time.thread_time()
    while cpu_seconds is None or time.thread_time() - started < cpu_seconds:
        sum(range(1_000))
    return time.thread_time() - started


def test_a_thread_over_its_cpu_budget_is_stopped_with_the_bound_in_the_message() -> None:
    def guarded() -> float:
        started = time.thread_time()
        with pytest.raises(OverBudget, match=r"^took more than 0\.3 s of CPU$"):
            with cpu_budget(0.3):
                _spin()
        return time.thread_time() - started

    assert _in_thread(can_bound) is True
    spent = _in_thread(guarded)
    assert isinstance(spent, float) and 0.3 <= spent < 2.0


def test_a_thread_within_its_budget_is_not_stopped_later() -> None:
    def many_blocks() -> int:
        stopped = 0
        for _ in range(40):
            try:
                with cpu_budget(0.01):
                    _spin(0.009)  # ends around its deadline: the bound may or may not fire inside
            except OverBudget:
                stopped += 1
            _spin(0.02)  # any exception still pending from the block would surface here
        return stopped

    stopped = _in_thread(many_blocks)
    assert isinstance(stopped, int), f"an exception escaped its block: {stopped!r}"


def test_a_page_over_its_cpu_bound_on_a_dask_worker_costs_only_that_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers in this process (threads, as a Dask worker runs tasks), so the slow stage is patched in."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    from newsdesk.clean import stage as clean_stage

    monkeypatch.setattr(limits, "PAGE_CPU_SECONDS", 1.0)
    monkeypatch.setattr(limits, "BATCH_CPU_SECONDS_PER_PAGE", 0.2)
    real = clean_stage.clean_page

    def slow(raw: RawPage):
        if "endless" in raw.content:
            _spin(120)  # without the bound the page comes back analysed, two minutes later
        return real(raw)

    monkeypatch.setattr(clean_stage, "clean_page", slow)
    monkeypatch.setattr("newsdesk.executors.warm", lambda *args: None)  # no models: the test stops at clean
    pages = [RawPage(id=str(i), kind="text", source=f"{i}.txt",
                     content=f"Floods close the valley road\n\n{STORY}\n" + ("endless" if i == 1 else ""))
             for i in range(3)]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        items = list(analyse_pages(pages, executor="dask", scheduler=cluster.scheduler_address,
                                   upto="clean", batch_size=3))
    assert [type(item).__name__ for item in items] == ["Document", "InputError", "Document"]
    assert isinstance(items[1], InputError)
    assert items[1].message == "analysis stopped in stage 'clean': it took more than 1 s of CPU"


def test_a_dask_worker_loads_its_models_off_its_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker busy loading on its event loop misses heartbeats, and the scheduler restarts it."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    calls: list[bool] = []

    def warm(*args) -> None:
        try:
            asyncio.get_running_loop()
            calls.append(True)
        except RuntimeError:  # no event loop runs in this thread
            calls.append(False)

    monkeypatch.setattr("newsdesk.executors.warm", warm)
    page = RawPage(id="0", kind="text", source="0.txt", content=f"Floods close the valley road\n\n{STORY}\n")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        [item] = list(analyse_pages([page], executor="dask", scheduler=cluster.scheduler_address,
                                    upto="clean"))
    assert calls == [False]
    assert not isinstance(item, InputError) and "valley road" in item.article.body
