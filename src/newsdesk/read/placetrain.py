"""Learning the place ranker's weights from annotated documents (GeoWebNews, LGL).

Each annotated name the reader finds gives its candidate readings' features as the last round
of :func:`places._resolve` saw them; the readings within 161 km of the annotated point are
right, the others wrong. A conditional logit (a softmax over each name's readings, as in
discrete-choice models) gives the weights of a linear score, which is what the reader uses.
The context features depend on the other names' readings, which depend on the weights:
training runs a few times, each time on the features the previous weights produce, starting
from the previous model's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from ..model import Document
from . import placefilter, placerank
from .placenames import PlaceIndex
from .places import Trace, read_places

#: A reading this close to the annotated point is a right one (the scoring's 100 miles).
RIGHT_KM = 161.0
#: Rounds of training on the features the previous weights produce.
ITERATIONS = 2
#: L2 penalty on the weights of standardised features, per name.
PENALTY = 0.01


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
             ) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """(features of every reading, which readings are right, how many mentions the name has) for
    each annotated name with both right and wrong readings."""
    trace = Trace()
    read_places(doc, index, ranker, trace, keep=False)
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
            out.append((x, right, float(len(spans))))
    return out


def fit(samples: list[tuple[np.ndarray, np.ndarray, float]], features: tuple[str, ...],
        penalty: float = PENALTY, by_mentions: bool = False) -> np.ndarray:
    """Weights (over ``features``, a subset of :data:`placerank.FEATURES`) from the samples.

    A conditional logit: for each name, a softmax over its readings, maximising the probability
    of the right ones, with an L2 penalty on standardised features. Unlike pairs of readings
    weighed alike, it spends its effort on the wrong readings that score high, which are the
    ones that win.
    """
    columns = [placerank.FEATURES.index(f) for f in features]
    xs = [x[:, columns] for x, _, _ in samples]
    stacked = np.vstack(xs)
    scale = stacked.std(axis=0)
    scale[scale == 0] = 1.0
    X = stacked / scale
    right = np.concatenate([r for _, r, _ in samples])
    # Each name once, or as many times as it is mentioned (as the score counts): once did as well
    # or better by cross-validation (docs/places.md).
    mentions = np.array([m for _, _, m in samples]) if by_mentions else np.ones(len(samples))
    group = np.repeat(np.arange(len(samples)), [len(x) for x in xs])
    starts = np.r_[0, np.cumsum([len(x) for x in xs])[:-1]]
    n = mentions.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[group])
        z_all = np.add.reduceat(e, starts)
        z_right = np.add.reduceat(e * right, starts)
        value = float(mentions @ (np.log(z_all) - np.log(z_right))) / n + penalty * float(w @ w)
        p_all = e / z_all[group]
        p_right = e * right / z_right[group]
        grad = X.T @ ((p_all - p_right) * mentions[group]) / n + 2 * penalty * w
        return value, grad

    result = minimize(loss, np.zeros(len(columns)), jac=True, method="L-BFGS-B")
    return result.x / scale


def train(docs: Sequence[Document], golds: Sequence[Sequence[Point]], index: PlaceIndex,
          start: placerank.Ranker, features: tuple[str, ...] = placerank.FEATURES,
          iterations: int = ITERATIONS, penalty: float = PENALTY, without_address: bool = False
          ) -> placerank.Ranker:
    """A ranker learned on ``docs``, each round on the features the previous round's weights give."""
    ranker = start
    for _ in range(iterations):
        samples = [s for doc, gold in zip(docs, golds, strict=True)
                   for s in examples(doc, gold, index, ranker)]
        if without_address:
            # Each document also without its address: most text the reader gets says nothing of
            # its outlet's home, and weights learned only with it lean on it (docs/places.md).
            samples += [s for doc, gold in zip(docs, golds, strict=True) if doc.article.url
                        for s in _without_address(doc, gold, index, ranker)]
        if not samples:  # nothing annotated to learn from: the starting weights stand
            return ranker
        ranker = ranker.with_weights(features, fit(samples, features, penalty))
    return ranker


def _without_address(doc: Document, gold: Sequence[Point], index: PlaceIndex, ranker: placerank.Ranker
                     ) -> list[tuple[np.ndarray, np.ndarray, float]]:
    url = doc.article.url
    doc.article.url = None
    try:
        return examples(doc, gold, index, ranker)
    finally:
        doc.article.url = url


def mention_examples(doc: Document, toponyms: Sequence[tuple[int, int]], index: PlaceIndex,
                     ranker: placerank.Ranker) -> tuple[np.ndarray, np.ndarray]:
    """(the place filter's features of every found mention, whether it overlaps an annotated
    toponym of any kind) for one document read with ``ranker``."""
    trace = Trace()
    read_places(doc, index, ranker, trace, keep=False)
    right = [any(s < e2 and s2 < e for s2, e2 in toponyms) for s, e in trace.mentions]
    rows = np.array(trace.rows).reshape(len(trace.rows), len(placefilter.FEATURES))
    return rows, np.array(right, dtype=bool)


def train_filter(docs: Sequence[Document], toponyms: Sequence[Sequence[tuple[int, int]]], index: PlaceIndex,
                 ranker: placerank.Ranker, features: tuple[str, ...] = placefilter.FEATURES,
                 penalty: float = 1.0, threshold: float = 0.5, local_threshold: float | None = None
                 ) -> placefilter.Filter | None:
    """The place filter learned on ``docs`` read with ``ranker``; with nothing to learn from (no
    mention, or all of one kind) the shipped filter stands, as the ranker's starting weights do."""
    pairs = [mention_examples(d, t, index, ranker) for d, t in zip(docs, toponyms, strict=True)]
    x = np.vstack([p[0] for p in pairs] or [np.zeros((0, len(placefilter.FEATURES)))])
    y = np.concatenate([p[1] for p in pairs] or [np.zeros(0, dtype=bool)])
    if len(set(y.tolist())) < 2:
        return placefilter.load()
    return placefilter.fit(x, y, features, penalty, threshold, local_threshold)
