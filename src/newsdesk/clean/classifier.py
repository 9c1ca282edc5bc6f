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

from .features import DATA, WINDOWS, _window_mean, page_features
from .lines import Line

MODEL_PATH = DATA / "line_model.joblib"
#: Inner folds used to give the second model honest (out-of-fold) first-stage scores.
INNER_FOLDS = 4


def _booster(seed: int = 0) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=250, learning_rate=0.08, max_leaf_nodes=31,
                                          min_samples_leaf=20, l2_regularization=1.0, random_state=seed)


def _stacked(features: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Features of the second model: the page's features plus windows of first-stage scores."""
    cols = [features, first[:, None]]
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
        features = page_features(list(lines))
        with threadpool_limits(1):  # one page is small; threads only contend on a shared machine
            first = self.first.predict_proba(features)[:, 1]
            return self.second.predict_proba(_stacked(features, first))[:, 1]

    def keep(self, lines: Sequence[Line]) -> np.ndarray:
        return self.scores(lines) >= self.threshold

    @classmethod
    @threadpool_limits.wrap(limits=1)  # a shared 2-core machine: more threads are 10x slower, not faster
    def fit(cls, pages: Sequence[np.ndarray], labels: Sequence[np.ndarray],
            weights: Sequence[np.ndarray]) -> LineClassifier:
        """Fit on per-page feature matrices, 0/1 labels and sample weights."""
        X, y, w = np.vstack(pages), np.concatenate(labels), np.concatenate(weights)
        groups = np.concatenate([np.full(len(p), i) for i, p in enumerate(pages)])
        out_of_fold = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=min(INNER_FOLDS, len(pages))).split(X, y, groups):
            model = _booster().fit(X[train], y[train], sample_weight=w[train])
            out_of_fold[test] = model.predict_proba(X[test])[:, 1]
        first = _booster().fit(X, y, sample_weight=w)
        bounds = np.cumsum([0] + [len(p) for p in pages])
        stacked = np.vstack([_stacked(pages[i], out_of_fold[bounds[i]:bounds[i + 1]])
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
