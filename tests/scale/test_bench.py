"""The bench's figures are consistent with each other on a small real sample."""

from __future__ import annotations

from itertools import islice

import pytest
from corpus_sample import corpus_pages

from newsdesk.benchmark.throughput import run

pytestmark = pytest.mark.slow


def test_bench_reports_consistent_figures() -> None:
    pages = list(islice(corpus_pages(), 6))
    out = run(pages, workers=1, batch_size=3).to_dict()
    assert out["articles"] == 6
    assert out["words"] > 6 * 50  # news articles, counted from the clean bodies
    assert out["words_per_s"] == pytest.approx(out["words"] / out["seconds"], rel=0.02)
    assert out["ratio"] == pytest.approx(out["words_per_s"] / out["ner_only_words_per_s"], rel=0.02)
    assert "nlp" in out["stages"] and sum(out["stages"].values()) <= out["seconds"] + 0.01
    assert 50 < out["peak_rss_mb"] < 8000
    assert "vectors" in out["stages"]  # article vectors are on by default, and counted


def test_bench_without_vectors_skips_their_stage() -> None:
    out = run(list(islice(corpus_pages(), 2)), workers=1, skip=("vectors",)).to_dict()
    assert out["articles"] == 2 and "vectors" not in out["stages"] and "nlp" in out["stages"]
