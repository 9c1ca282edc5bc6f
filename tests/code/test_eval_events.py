"""`newsdesk eval events` on records written for this test (PLOVER layout), never seen in training."""

from __future__ import annotations

import json

import pytest

from newsdesk.eval.events import evaluate

pytestmark = pytest.mark.slow

RECORDS = [
    ("ASSAULT", "Rebel fighters attacked an army base near Goma on Tuesday.", "Rebel fighters", "army"),
    ("PROTEST", "Thousands of teachers protested in Nairobi against pay cuts.", "teachers", ""),
    (
        "COERCE",
        "Turkish police detained twelve journalists in Ankara on Friday.",
        "Turkish police",
        "journalists",
    ),
    (
        "CONSULT",
        "The Chilean president met the Argentine foreign minister in Santiago.",
        "Chilean",
        "Argentine",
    ),
    ("DISAPPROVE", "Poland accused Belarus of pushing migrants across the border.", "Poland", "Belarus"),
]


def _write(folder):
    rows = [{"id": "DOCUMENT", "event": "DOCUMENT"}]
    for n, (label, text, source, target) in enumerate(RECORDS):
        rows.append(
            {
                "id": f"T-{n}",
                "event": label,
                "text": text,
                "source": [{"actorText": source}] if source else "",
                "target": [{"actorText": target}] if target else "",
            }
        )
    (folder / "records.json").write_text(json.dumps(rows), encoding="utf-8")


def test_unseen_records_are_scored_by_the_shipped_model(tmp_path):
    _write(tmp_path)
    result = evaluate(tmp_path)
    assert result["n"] == len(RECORDS)
    assert result["cross_validated"] is False
    assert "never" in result["model"] or "none of these records" in result["model"]
    assert result["recall"] >= 0.8  # plain sentences, one clear trigger each
    assert set(result["by_category"]) == {"ASSAULT", "PROTEST", "COERCE", "CONSULT", "ACCUSE"}
    assert result["source_right"] >= 0.6


def test_unreadable_files_are_skipped(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert evaluate(tmp_path)["n"] == 0


def test_annotated_sentences_are_cross_validated_by_document(monkeypatch):
    from shareddata import shared_path

    from newsdesk.code import annotations

    corpus = shared_path("corpus")
    records = [r for r in annotations.load() if not annotations.heldout(r["doc"])]
    docs = sorted({r["doc"] for r in records})[:12]
    sample = [r for r in records if r["doc"] in docs]
    monkeypatch.setattr(annotations, "load", lambda *a, **k: sample)
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "2")
    result = evaluate(corpus)
    assert result["n"] == len(sample)
    assert "cross-validation by document" in result["split"]
    assert 0.0 <= result["f1"] <= 1.0 and result["none_given_event"] is not None
