"""The attribution gold set (docs/annotation/attribution.md): every offset points into the article
body the pipeline stores, the labels are valid, source and cue sit by their content, and the
selection with its held-out fifth is the one the hash fixes."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from shareddata import shared_path

from newsdesk.code.annotations import corpus_articles

DATA = Path(str(files("newsdesk") / "data" / "annotation" / "attribution"))
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "annotation" / "attributions.py"
KINDS = {"direct", "indirect", "mixed", "source_phrase"}
MODALITIES = {"reported", "denied", "hypothetical", "future"}
QUOTES = "\"“”„«»‘’'"


def _read(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        pytest.fail(f"{path} is missing")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return _read("labels.jsonl")


@pytest.fixture(scope="module")
def selection() -> list[dict]:
    return _read("selection.jsonl")


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    return corpus_articles(shared_path("corpus"))


def _paragraph(body: str, pos: int) -> int:
    return body.count("\n\n", 0, pos) if "\n\n" in body else body.count("\n", 0, pos)


def test_records_have_exactly_the_agreed_fields(labels):
    for r in labels:
        assert set(r) == {"doc", "start", "end", "labels"}, r
        lab = r["labels"]
        assert set(lab) == {"kind", "source", "cue", "modality", "source_ref"}, r
        assert lab["kind"] in KINDS, r
        assert lab["modality"] in MODALITIES, r
        assert 0 <= r["start"] < r["end"], r
        for key in ("source", "cue", "source_ref"):
            span = lab[key]
            assert span is None or (len(span) == 2 and 0 <= span[0] < span[1]), (r, key)
        if lab["source_ref"] is not None:
            assert lab["source"] is not None, r


def test_offsets_fall_on_real_text_of_the_stored_body(labels, articles):
    for r in labels:
        assert r["doc"] in articles, r["doc"]
        body = articles[r["doc"]]["body"]
        assert r["end"] <= len(body), r
        content = body[r["start"] : r["end"]]
        assert content.strip() and content == content.strip(), r
        for key in ("source", "cue", "source_ref"):
            span = r["labels"][key]
            if span is not None:
                text = body[span[0] : span[1]]
                assert span[1] <= len(body) and text.strip() == text and text, (r, key)
                # Spans start and end on word edges: no half words.
                assert not (span[0] > 0 and body[span[0] - 1].isalnum() and text[0].isalnum()), (r, key)
                assert not (span[1] < len(body) and body[span[1]].isalnum() and text[-1].isalnum()), (r, key)


def test_direct_content_sits_inside_quotation_marks_and_mixed_holds_one(labels, articles):
    for r in labels:
        body = articles[r["doc"]]["body"]
        content = body[r["start"] : r["end"]]
        kind = r["labels"]["kind"]
        if kind == "direct":
            before = body[max(0, r["start"] - 1) : r["start"]]
            after = body[r["end"] : r["end"] + 1]
            assert before in QUOTES or after in QUOTES, (r, content[:60])
        elif kind == "mixed":
            assert any(q in content for q in QUOTES), (r, content[:60])


def test_source_and_cue_are_in_the_same_or_the_next_paragraph(labels, articles):
    for r in labels:
        body = articles[r["doc"]]["body"]
        here = {_paragraph(body, r["start"]), _paragraph(body, r["end"])}
        for key in ("source", "cue"):
            span = r["labels"][key]
            if span is not None:
                p = _paragraph(body, span[0])
                assert min(abs(p - h) for h in here) <= 1, (r, key)
        ref, src = r["labels"]["source_ref"], r["labels"]["source"]
        if ref is not None:
            assert ref[1] <= src[0], r
            assert _paragraph(body, ref[0]) == _paragraph(body, src[0]), r


def test_no_attribution_is_recorded_twice(labels):
    keys = Counter((r["doc"], r["start"], r["end"], tuple(r["labels"]["cue"] or ())) for r in labels)
    assert not [k for k, n in keys.items() if n > 1]


def test_every_labelled_article_is_selected_and_counts_match(labels, selection):
    docs = [s["doc"] for s in selection]
    assert len(docs) == len(set(docs))
    per = Counter(r["doc"] for r in labels)
    assert set(per) <= set(docs)
    for s in selection:
        assert s["attributions"] == per.get(s["doc"], 0), s["doc"]


def test_held_out_flags_are_the_hash_of_the_id(selection):
    for s in selection:
        bucket = int(hashlib.sha1(f"newsdesk-attribution-holdout:{s['doc']}".encode()).hexdigest()[:8], 16)
        assert s["heldout"] == (bucket % 5 == 0), s["doc"]
    share = sum(s["heldout"] for s in selection) / len(selection)
    assert 0.1 <= share <= 0.3


def test_selection_is_the_head_of_the_hash_ranking(selection, articles):
    spec = importlib.util.spec_from_file_location("attributions_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ranked = module.candidates(articles)
    docs = [s["doc"] for s in selection]
    assert docs == ranked[: len(docs)]
    assert all(s["batch"] == i // module.BATCH + 1 for i, s in enumerate(selection))
