"""`newsdesk eval quotes`: the matching rule on hand-made spans, and the whole evaluation on a tiny
annotated set of articles written for this test."""

from __future__ import annotations

import json

import pytest

from newsdesk.eval import quotes as ev


def span(body: str, text: str) -> list[int]:
    start = body.index(text)
    return [start, start + len(text)]


def test_contents_match_on_half_the_shorter_span():
    gold = [ev.Attribution(0, 100, "indirect"), ev.Attribution(200, 220, "direct")]
    pred = [
        ev.Attribution(40, 90, "indirect"),  # inside the gold content: matches
        ev.Attribution(215, 260, "direct"),  # 5 of its 45 characters shared, 5 < 10 of the shorter gold
    ]
    assert ev.match(gold, pred) == [(0, 0)]


def test_one_content_with_two_sources_pairs_by_source():
    gold = [
        ev.Attribution(50, 80, "indirect", source=(0, 7)),
        ev.Attribution(50, 80, "source_phrase", source=(20, 30)),
    ]
    pred = [
        ev.Attribution(50, 80, "source_phrase", source=(20, 30)),
        ev.Attribution(50, 80, "indirect", source=(0, 7)),
    ]
    assert ev.match(gold, pred) == [(0, 1), (1, 0)]
    score = ev.Score()
    score.add(gold, pred)
    assert score.result()["speaker_accuracy"] == 1.0


@pytest.fixture
def annotated(tmp_path):
    a = (
        "\u201cWe will win this seat,\u201d said Peter Lindqvist on Sunday. "
        "Officials said the count would finish on Friday."
    )
    b = "According to police, the fire was set deliberately. The blaze began at night in the old mill."
    c = "Nine people died in the blast at the market, witnesses said."
    articles = [{"id": "a", "body": a}, {"id": "b", "body": b}, {"id": "c", "body": c}]

    def label(doc, body, content, kind, source, cue):
        return {
            "doc": doc,
            "start": span(body, content)[0],
            "end": span(body, content)[1],
            "labels": {
                "kind": kind,
                "source": span(body, source) if source else None,
                "cue": span(body, cue) if cue else None,
                "modality": "reported",
                "source_ref": None,
            },
        }

    labels = [
        label("a", a, "We will win this seat,", "direct", "Peter Lindqvist", "said"),
        label("a", a, "the count would finish on Friday", "indirect", "Officials", "said the"),
        label("b", b, "the fire was set deliberately", "source_phrase", "police", "According to"),
        # An attribution no rule can find (no cue): it costs recall.
        label("b", b, "The blaze began at night in the old mill", "indirect", None, None),
        label("c", c, "Nine people died in the blast at the market", "indirect", "witnesses", "said"),
    ]
    selection = [{"doc": d, "heldout": d == "c"} for d in "abc"]
    for name, rows in (("articles", articles), ("labels", labels), ("selection", selection)):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_evaluate_on_a_written_set(annotated, monkeypatch):
    monkeypatch.delenv("NEWSDESK_EVAL_HELDOUT", raising=False)
    got = ev.evaluate(annotated)
    assert got["documents"] == 2 and got["gold"] == 4
    assert got["predicted"] == 3 and got["precision"] == 1.0 and got["recall"] == 0.75
    assert got["recall_by_kind"] == {"direct": 1.0, "indirect": 0.5, "source_phrase": 1.0}
    assert got["speaker_accuracy"] == 1.0 and got["cue_accuracy"] == 1.0
    monkeypatch.setenv("NEWSDESK_EVAL_HELDOUT", "1")
    held = ev.evaluate(annotated)
    assert held["documents"] == 1 and held["recall"] == 1.0 and held["split"] == "held-out documents"


def test_no_annotation_is_a_clear_error(tmp_path):
    (tmp_path / "articles.jsonl").write_text('{"id": "a", "body": "x"}\n', encoding="utf-8")
    (tmp_path / "selection.jsonl").write_text("", encoding="utf-8")
    assert "error" in ev.evaluate(tmp_path)
