"""Executors: a process pool and a Dask cluster give exactly what one process gives."""

from __future__ import annotations

import json
from itertools import islice

import pytest
from corpus_sample import corpus_pages

from newsdesk.executors import analyse_pages
from newsdesk.pipeline import process

pytestmark = pytest.mark.slow


def _dicts(docs) -> list[dict]:
    return [{"id": d.article.id, **d.to_dict()} for d in docs]


@pytest.fixture(scope="module")
def pages():
    return list(islice(corpus_pages(), 7))


@pytest.fixture(scope="module")
def one_process(pages) -> list[dict]:
    """The reference: the pipeline itself, in this process, with no executor in between."""
    return _dicts(process(pages, batch_size=3))


def test_one_process_reads_something(one_process: list[dict]) -> None:
    assert len(one_process) == 7
    assert sum(len(d["entities"]) for d in one_process) > 7  # a real run, not an empty one


def test_local_executor_matches_and_times_every_stage(pages, one_process: list[dict]) -> None:
    timings: dict[str, float] = {}
    local = _dicts(analyse_pages(pages, batch_size=3, timings=timings))
    assert json.dumps(local, sort_keys=True) == json.dumps(one_process, sort_keys=True)
    assert "nlp" in timings and all(seconds >= 0 for seconds in timings.values())


def test_process_pool_matches_one_process(pages, one_process: list[dict]) -> None:
    timings: dict[str, float] = {}
    pooled = _dicts(analyse_pages(pages, workers=2, executor="process", batch_size=3, timings=timings))
    assert json.dumps(pooled, sort_keys=True) == json.dumps(one_process, sort_keys=True)
    assert timings["nlp"] > 0


def test_dask_local_cluster_matches_one_process(pages, one_process: list[dict]) -> None:
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = _dicts(analyse_pages(pages, workers=1, executor="dask", scheduler=cluster.scheduler_address,
                                       batch_size=3))
    assert json.dumps(on_dask, sort_keys=True) == json.dumps(one_process, sort_keys=True)


def test_unknown_executor_is_refused(pages) -> None:
    with pytest.raises(ValueError, match="unknown executor"):
        list(analyse_pages(pages, executor="threads"))


def test_a_worker_prepares_every_stage_when_it_starts(monkeypatch) -> None:
    """``warm`` (a worker's start) runs each stage's ``prepare``, then freezes what it loaded."""
    import gc

    from newsdesk import executors
    from newsdesk.stages import Stage

    loaded: list[str] = []
    stages = (Stage(name="a", phase="read", run=lambda docs: None, prepare=lambda: loaded.append("a")),
              Stage(name="b", phase="code", run=lambda docs: None))
    monkeypatch.setattr("newsdesk.stages.registered", lambda: stages)
    try:
        executors.warm()
        assert loaded == ["a"]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
