"""The line classifier: is this line of a plain-text scrape part of the article?

Two stacked gradient-boosting models. The first scores each line from its own and its
neighbours' shallow features; the second re-scores it from those features plus the first
model's scores over windows of neighbouring lines, which smooths the decision along the
page (an article is a run of lines, boilerplate comes in runs too). Trained by
``python -m newsdesk.clean.train``; shipped as ``data/clean/line_model.joblib``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from .features import DATA, WINDOWS, _window_mean, content_words, page_features, topical_overlap
from .lines import Line

MODEL_PATH = DATA / "line_model.joblib"
#: Inner folds used to give the second model honest (out-of-fold) first-stage scores.
INNER_FOLDS = 4


def _booster(seed: int = 0) -> HistGradientBoostingClassifier:
    """A fixed number of boosting rounds, no early stopping: scikit-learn's default stops on a
    random 10 % of *lines* (the rest of their pages train the model), which leaks, drops a tenth
    of the training lines, and its stopping round moved with float rounding between machines,
    on top of the trees' own differences there (docs/cleaning.md)."""
    return HistGradientBoostingClassifier(max_iter=150, learning_rate=0.06, max_leaf_nodes=15,
                                          min_samples_leaf=80, l2_regularization=3.0,
                                          early_stopping=False, random_state=seed)


def best_run(gain: np.ndarray) -> tuple[int, int]:
    """First and last index of the contiguous run with the largest sum of ``gain``."""
    best, current, start, span = -np.inf, 0.0, 0, (0, 0)
    for i, g in enumerate(gain):
        if current <= 0:
            current, start = g, i
        else:
            current += g
        if current > best:
            best, span = current, (start, i)
    return span


def _run_features(first: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """Where each line lies relative to the page's main run of article-like lines."""
    n = len(first)
    start, end = best_run((first - 0.5) * (sizes + 1))
    pos = np.arange(n)
    inside = ((pos >= start) & (pos <= end)).astype(float)
    distance = np.where(pos < start, start - pos, np.where(pos > end, pos - end, 0))
    return [inside[:, None], np.log1p(distance)[:, None], ((pos - start) / max(end - start, 1))[:, None]]


#: First-stage score above which a line counts as core article text for topical overlap.
CORE = 0.7
#: A page's words: its lines' content words (see :func:`content_words`).
Words = list[frozenset[str]]


def _stacked(features: np.ndarray, words: Words, first: np.ndarray) -> np.ndarray:
    """Features of the second model: the page's features, windows of first-stage scores,
    the main run of article-like lines, and each line's vocabulary overlap with the core."""
    core = first >= min(CORE, float(first.max()) if len(first) else CORE)
    overlap = topical_overlap(words, core)
    cols = [features, first[:, None], *_run_features(first, np.expm1(features[:, 0])), overlap[:, None]]
    for k in (1, 2, 4):
        cols.append(_window_mean(overlap, k)[:, None])
    # The same scores against the page's own: a list or table article scores low
    # everywhere, yet higher than the page's menus.
    top = max(float(first.max()), 1e-3)
    rank = np.argsort(np.argsort(first)) / max(len(first) - 1, 1)
    cols += [(first / top)[:, None], rank[:, None], np.full((len(first), 1), top)]
    for k in WINDOWS:
        cols.append(_window_mean(first, k)[:, None])
    for shift in (-2, -1, 1, 2):
        rolled = np.roll(first, shift)
        if shift > 0:
            rolled[:shift] = 0
        else:
            rolled[shift:] = 0
        cols.append(rolled[:, None])
    return np.hstack(cols)


@dataclass
class LineClassifier:
    first: HistGradientBoostingClassifier
    second: HistGradientBoostingClassifier
    threshold: float = 0.5

    def scores(self, lines: Sequence[Line]) -> np.ndarray:
        """Probability that each line belongs to the article body."""
        if not lines:
            return np.zeros(0)
        features, words = page_features(list(lines)), content_words(list(lines))
        with threadpool_limits(1):  # one page is small; threads only contend on a shared machine
            first = self.first.predict_proba(features)[:, 1]
            return self.second.predict_proba(_stacked(features, words, first))[:, 1]

    def keep(self, lines: Sequence[Line]) -> np.ndarray:
        return self.scores(lines) >= self.threshold

    @classmethod
    @threadpool_limits.wrap(limits=1)  # threads contend on a shared machine (docs/measurements.md)
    def fit(cls, pages: Sequence[np.ndarray], words: Sequence[Words], labels: Sequence[np.ndarray],
            weights: Sequence[np.ndarray]) -> LineClassifier:
        """Fit on per-page feature matrices and content words, 0/1 labels and sample weights."""
        X, y, w = np.vstack(pages), np.concatenate(labels), np.concatenate(weights)
        groups = np.concatenate([np.full(len(p), i) for i, p in enumerate(pages)])
        out_of_fold = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=min(INNER_FOLDS, len(pages))).split(X, y, groups):
            model = _booster().fit(X[train], y[train], sample_weight=w[train])
            out_of_fold[test] = model.predict_proba(X[test])[:, 1]
        first = _booster().fit(X, y, sample_weight=w)
        bounds = np.cumsum([0] + [len(p) for p in pages])
        stacked = np.vstack([_stacked(pages[i], words[i], out_of_fold[bounds[i]:bounds[i + 1]])
                             for i in range(len(pages))])
        second = _booster(1).fit(stacked, y, sample_weight=w)
        return cls(first, second)

    def save(self, path=MODEL_PATH) -> None:
        joblib.dump({"first": self.first, "second": self.second, "threshold": self.threshold}, path,
                    compress=3)


@cache
def load(path=MODEL_PATH) -> LineClassifier:
    """The shipped classifier, loaded once per process."""
    data = joblib.load(path)
    return LineClassifier(data["first"], data["second"], data["threshold"])
