"""Line labels for training, derived from a page's true article body.

A token of the page counts as article text when some word 4-gram through it (taken over
the whole page, across line breaks) occurs in the true body; a line is article when most
of its tokens are. Short lines inside the article (sub-headings) are covered by the
4-grams that reach into their neighbours; the same words in a menu are not.
"""

from __future__ import annotations

import re

import numpy as np

from .lines import Line

_TOKEN = re.compile(r"\w+")
N = 4


def line_labels(lines: list[Line], body: str, share: float = 0.5) -> np.ndarray:
    true = _TOKEN.findall(body)
    gold = {tuple(true[i:i + N]) for i in range(max(len(true) - N + 1, 0))}
    tokens: list[str] = []
    owner: list[int] = []
    for index, line in enumerate(lines):
        found = _TOKEN.findall(line.text)
        tokens += found
        owner += [index] * len(found)
    covered = np.zeros(len(tokens), dtype=bool)
    for i in range(len(tokens) - N + 1):
        if tuple(tokens[i:i + N]) in gold:
            covered[i:i + N] = True
    hits = np.zeros(len(lines))
    sizes = np.zeros(len(lines))
    np.add.at(hits, owner, covered)
    np.add.at(sizes, owner, 1)
    return ((sizes > 0) & (hits >= share * np.maximum(sizes, 1))).astype(int)
