"""`newsdesk eval actors`: the held-out option is a flag, and the split it picks is the fixed hash
of each document id (``is_heldout``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.eval.actors import evaluate, is_heldout, load


@pytest.mark.parametrize("heldout", [None, False, True])
def test_evaluate_takes_the_heldout_flag_and_filters_by_the_hash_split(heldout, tmp_path: Path):
    if not load():
        pytest.skip("no annotated actor mentions shipped")
    result = evaluate(tmp_path, heldout=heldout)
    assert result == {"n": 0, "error": f"none of the annotated documents is under {tmp_path}"}


def test_the_split_holds_out_about_a_fifth_of_the_documents():
    docs = {r["doc"] for r in load()}
    if not docs:
        pytest.skip("no annotated actor mentions shipped")
    held = [d for d in docs if is_heldout(d)]
    assert 0 < len(held) < len(docs)
