"""The annotated event sentences: offsets point at real sentences, labels are valid, the splits are
by document, and the set has the size and spread the guideline promises."""

from __future__ import annotations

from collections import Counter

import pytest
from shareddata import shared_path

from newsdesk.code import annotations, plover


@pytest.fixture(scope="module")
def records():
    found = annotations.load()
    if not found:
        pytest.fail("data/annotation/events/labels.jsonl is missing or empty")
    return found


@pytest.fixture(scope="module")
def articles(records):
    return annotations.articles_for(records, shared_path("corpus"))


def test_offsets_point_at_the_sentence_and_spans_inside_it(records, articles):
    for r in records:
        assert r["doc"] in articles, r["doc"]
        body = articles[r["doc"]]["body"]
        sentence = body[r["start"] : r["end"]]
        assert sentence and sentence == sentence.strip(), r["sid"]
        assert r["sid"] == annotations.sentence_id(r["doc"], r["start"], r["end"])
        for e in r["events"]:
            assert e["category"] in plover.names()
            assert e["modality"] in annotations.MODALITIES
            for side in ("source", "target"):
                span = e[side]
                if span is not None:
                    assert r["start"] <= span[0] < span[1] <= r["end"], (r["sid"], side)
                    assert body[span[0] : span[1]].strip(), (r["sid"], side)


def test_size_and_spread(records):
    assert len(records) >= 4000
    assert len({r["sid"] for r in records}) == len(records)
    none = [r for r in records if not r["events"]]
    assert len(none) >= 1200
    per = Counter(e["category"] for r in records for e in r["events"])
    written = Counter(e["category"] for r in records if r.get("written") for e in r["events"])
    for category in plover.names():
        assert written[category] <= per[category] / 3, category


def test_held_out_fifth_is_fixed_by_document():
    docs = [f"enwikinews-{n:07d}" for n in range(5000)]
    share = sum(annotations.heldout(d) for d in docs) / len(docs)
    assert 0.17 < share < 0.23
    assert [annotations.heldout(d) for d in docs[:50]] == [annotations.heldout(d) for d in docs[:50]]


def test_cross_validation_folds_never_share_a_document(records):
    pairs = annotations.splits(records, folds=5)
    assert len(pairs) == 5
    scored_all = []
    for fitted, scored in pairs:
        assert not {r["doc"] for r in fitted} & {r["doc"] for r in scored}
        assert not any(annotations.heldout(r["doc"]) for r in fitted + scored)
        scored_all.extend(r["sid"] for r in scored)
    dev = [r["sid"] for r in records if not annotations.heldout(r["doc"]) and not r.get("written")]
    assert sorted(scored_all) == sorted(dev)  # written sentences are trained on, never scored
    ((fitted, scored),) = annotations.splits(records, final=True)
    assert scored and all(annotations.heldout(r["doc"]) for r in scored)
    assert not {r["doc"] for r in fitted} & {r["doc"] for r in scored}


def test_annotator_line_becomes_offsets(articles):
    doc_id, article = next((k, a) for k, a in articles.items() if not k.startswith("written-"))
    body = article["body"]
    end = body.find(".") + 1
    start = 0
    words = body[start:end].split()
    item = {"sid": annotations.sentence_id(doc_id, start, end),
            "events": [{"category": "DEMAND", "source": words[0], "target": "not in the sentence at all",
                        "modality": "reported"}]}
    record = annotations.to_record(item, articles)
    (event,) = record["events"]
    assert event["category"] == "REQUEST"  # the older label folds into the current codebook
    assert body[event["source"][0] : event["source"][1]] == words[0]
    assert event["target"] is None and record["problems"]
    with pytest.raises(ValueError):
        annotations.to_record({**item, "events": [{"category": "WEATHER"}]}, articles)
