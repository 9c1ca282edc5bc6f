"""Tuning weights are data, and a stage built with a config runs with it (and only it does)."""

from __future__ import annotations

import json
import pickle
from importlib.resources import files

import pytest
from shareddata import shared_path

from newsdesk import tuning
from newsdesk.model import RawPage
from newsdesk.pipeline import new_document
from newsdesk.stages import Stage, registered


def _stage(name: str) -> Stage:
    return next(s for s in registered() if s.name == name)


def test_every_weight_is_a_number_with_its_reason() -> None:
    data = files("newsdesk") / "data"
    on_disk = {stage: entries for folder in data.iterdir() if (folder / "weights.json").is_file()
               for stage, entries in json.loads((folder / "weights.json").read_text("utf-8")).items()}
    assert on_disk and set(tuning.table()) == set(on_disk)
    names = {s.name for s in registered()}
    for stage, entries in on_disk.items():
        assert stage in names, f"weights for {stage!r}, which is no registered stage"
        for name, entry in entries.items():
            assert set(entry) == {"value", "help"} and len(entry["help"]) > 20, (stage, name)
            assert getattr(tuning.defaults(stage), name) == entry["value"]


def _seed_page() -> RawPage:
    path = shared_path("seed", "000_b11bba290614fe3c.txt")
    return RawPage(id="seed", kind="text", content=path.read_text("utf-8"), source=str(path))


def test_a_configured_stage_runs_with_its_weights_and_no_other_run_does() -> None:
    clean = _stage("clean")
    shipped = [new_document(_seed_page())]
    clean.run(shipped)
    assert shipped[0].article.title  # the seed page has a headline

    strict = clean.configured(min_title_words=40)  # no headline is that long
    assert strict.config == {"min_title_words": 40} and clean.config == {}
    docs = [new_document(_seed_page())]
    strict.run(docs)
    assert docs[0].article.title != shipped[0].article.title
    assert tuning.weights("clean").min_title_words == tuning.defaults("clean").min_title_words

    again = [new_document(_seed_page())]
    clean.run(again)  # the shipped stage is untouched by the configured one
    assert again[0].article.title == shipped[0].article.title
    assert again[0].article.body == shipped[0].article.body


def test_a_configured_stage_survives_pickling_and_reconfiguring() -> None:
    strict = _stage("clean").configured(min_title_words=40)
    copy = pickle.loads(pickle.dumps(strict))
    assert copy.config == {"min_title_words": 40}
    both = copy.configured(header_lines=3)
    assert both.config == {"min_title_words": 40, "header_lines": 3}
    assert both.run.run is strict.run.run  # one layer of config, not one per call of configured()


@pytest.mark.parametrize(("config", "message"), [
    ({"min_title_word": 3}, "stage 'clean' has no weight 'min_title_word'; its weights: "),
    ({"min_title_words": 3.5}, "stage 'clean': weight 'min_title_words' must be a whole number, not 3.5"),
    ({"run_floor": "high"}, "stage 'clean': weight 'run_floor' must be a number, not 'high'"),
])
def test_a_wrong_config_is_refused_naming_it(config, message) -> None:
    with pytest.raises(ValueError) as error:
        _stage("clean").configured(**config)
    assert str(error.value).startswith(message)


def test_a_plugin_stage_reads_its_own_config() -> None:
    seen: list[float] = []

    def run(docs) -> None:
        seen.append(tuning.weights("sentiment").cut)

    stage = Stage(name="sentiment", phase="attribute", run=run, config={"cut": 0.3})
    stage.run([])
    assert seen == [0.3]
