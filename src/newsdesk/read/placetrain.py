"""Learning the place ranker's weights from annotated documents (GeoWebNews, LGL).

Each annotated name the reader finds gives its candidate readings' features as the last round
of :func:`places._resolve` saw them; the readings within 161 km of the annotated point are
right, the others wrong. A logistic regression on the differences between the right reading's
features and each wrong one's (a pairwise ranking model, each name weighing as one) gives the
weights of a linear score, which is what the reader uses. The context features depend on the
other names' readings, which depend on the weights: training runs a few times, each time on the
features the previous weights produce, starting from the previous model's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..model import Document
from . import placerank
from .placenames import PlaceIndex
from .places import Trace, read_places

#: A reading this close to the annotated point is a right one (the scoring's 100 miles).
RIGHT_KM = 161.0
#: Rounds of training on the features the previous weights produce.
ITERATIONS = 2
#: Inverse regularisation strength of the logistic regression (on standardised features).
C = 1.0
#: Most wrong readings per name a pair is made with (the most populous ones).
MAX_WRONG = 40


@dataclass
class Point:
    """An annotated toponym with coordinates: character offsets and where it is."""

    start: int
    end: int
    lat: float
    lon: float


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def examples(doc: Document, gold: Sequence[Point], index: PlaceIndex, ranker: placerank.Ranker
             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features of every reading, which readings are right) for each annotated name with both."""
    trace = Trace()
    read_places(doc, index, ranker, trace)
    out = []
    for cands, x, spans in zip(trace.options, trace.features, trace.spans, strict=False):
        if len(cands) < 2 or not len(x):
            continue
        hits = [g for s, e in spans for g in gold if g.start < e and s < g.end]
        if not hits:
            continue
        g = hits[0]
        right = np.array([_km(c.lat, c.lon, g.lat, g.lon) <= RIGHT_KM for c in cands])
        if right.any() and not right.all():
            out.append((x, right))
    return out


def fit(samples: list[tuple[np.ndarray, np.ndarray]], features: tuple[str, ...]) -> np.ndarray:
    """Weights (over ``features``, a subset of :data:`placerank.FEATURES`) from the samples."""
    columns = [placerank.FEATURES.index(f) for f in features]
    diffs, weights = [], []
    for x, right in samples:
        x = x[:, columns]
        best = x[np.flatnonzero(right)[0]]  # the most populous right reading (candidates come by size)
        wrong = x[~right][:MAX_WRONG]
        diffs.append(best - wrong)
        weights.append(np.full(len(wrong), 1.0 / len(wrong)))
    d = np.vstack(diffs)
    w = np.concatenate(weights)
    scale = d.std(axis=0)
    scale[scale == 0] = 1.0
    X = np.vstack([d / scale, -d / scale])
    y = np.r_[np.ones(len(d)), np.zeros(len(d))]
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=2000)
    model.fit(X, y, sample_weight=np.r_[w, w])
    return model.coef_[0] / scale


def train(docs: Sequence[Document], golds: Sequence[Sequence[Point]], index: PlaceIndex,
          start: placerank.Ranker, features: tuple[str, ...] = placerank.FEATURES,
          iterations: int = ITERATIONS) -> placerank.Ranker:
    """A ranker learned on ``docs``, each round on the features the previous round's weights give."""
    ranker = start
    for _ in range(iterations):
        samples = [s for doc, gold in zip(docs, golds, strict=True)
                   for s in examples(doc, gold, index, ranker)]
        ranker = ranker.with_weights(features, fit(samples, features))
    return ranker
