"""The agreement measure between the two attribution passes (scripts/annotation/attribution_agreement.py):
contents pair up one-to-one when they overlap by half of the shorter span, a shared cue decides
between two attributions of one content, and kappa is chance-corrected."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts" / "annotation"


def _module():
    sys.path.insert(0, str(SCRIPTS))
    path = SCRIPTS / "attribution_agreement.py"
    spec = importlib.util.spec_from_file_location("attribution_agreement", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


agreement = _module()


def rec(start: int, end: int, cue: list[int] | None = None, kind: str = "indirect") -> dict:
    return {"doc": "d", "start": start, "end": end,
            "labels": {"kind": kind, "source": None, "cue": cue, "modality": "reported", "source_ref": None}}


def test_overlap_is_a_share_of_the_shorter_span():
    assert agreement.overlap([0, 10], [5, 100]) == 0.5
    assert agreement.overlap([0, 10], [10, 20]) == 0.0
    assert agreement.overlap(None, [0, 4]) == 0.0


def test_contents_match_at_half_of_the_shorter_span_and_not_below():
    assert agreement.match([rec(0, 10)], [rec(5, 40)]) == [(0, 0)]
    assert agreement.match([rec(0, 10)], [rec(6, 40)]) == []


def test_each_attribution_is_used_once():
    assert agreement.match([rec(0, 20)], [rec(0, 20), rec(2, 20)]) == [(0, 0)]


def test_two_attributions_of_one_content_pair_by_their_cue():
    # "citing X, Y said C": the same content with two cues in both passes, listed in other orders.
    first = [rec(50, 90, cue=[10, 16]), rec(50, 90, cue=[30, 34])]
    second = [rec(50, 90, cue=[30, 34]), rec(50, 90, cue=[10, 16])]
    assert agreement.match(first, second) == [(0, 1), (1, 0)]


def test_kappa_is_one_for_agreement_and_zero_for_chance():
    assert agreement.cohen(["a", "b", "a"], ["a", "b", "a"]) == 1.0
    assert agreement.cohen(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert agreement.cohen([], []) is None
