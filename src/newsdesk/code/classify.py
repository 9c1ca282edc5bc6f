"""Which PLOVER category a sentence's event belongs to: contextual vectors plus trigger-lexicon evidence.

A logistic regression over spaCy's own contextual token vectors (the sentence's mean and its
strongest trigger's, from ``doc.tensor``, which the parse computed already) joined with per-category
trigger features; at prediction its probabilities are combined with the lexicon's own evidence, so
a clear trigger word ("shelled", "demanded") wins and the vectors settle the ambiguous cases.
(all-MiniLM-L6-v2 sentence embeddings scored the same on the PLOVER records, CV F1 0.853, at a
second model's cost: about 13 ms a sentence on one core, a quarter of the pipeline's time.) The model is
a small ``.npz`` of plain arrays (no pickle) written by :mod:`newsdesk.code.train`; it keeps its
training features and a hash of each training sentence so that an evaluation on the training data
can refit without the sentences it scores (honest cross-validation).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from . import plover
from .triggers import Trigger

MODEL_PATH = Path(str(plover.DATA / "classifier.npz"))
#: Weight of the trigger-lexicon log-evidence against the classifier's log-probability.
LEXICON_WEIGHT = 3.0
TRIGGER_SCALE = 4.0


def sentence_hash(text: str) -> str:
    """A hash of a sentence's words, stable under spacing and case."""
    return hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode("utf-8")).hexdigest()[:16]


def depth(token) -> int:
    n = 0
    while token.head != token and n < 100:
        token = token.head
        n += 1
    return n


def trigger_vector(triggers: Sequence[Trigger]) -> np.ndarray:
    """Per category: the strongest trigger (closer to the root is stronger) and how many there are."""
    names = plover.names()
    v = np.zeros(2 * len(names), dtype=np.float32)
    for t in triggers:
        k = names.index(t.category)
        v[k] = max(v[k], 1.0 / (1.0 + depth(t.token)))
        v[len(names) + k] += 1
    return v


#: Width of spaCy's shared token vectors in the shipped pipeline (``en_core_web_sm``).
TENSOR_WIDTH = 96


def represent(sentences: Sequence[Span], found: Sequence[Sequence[Trigger]]) -> np.ndarray:
    """Per sentence: the mean of spaCy's contextual token vectors over the sentence and the vector of
    its strongest trigger (the word's sense in context), each unit length.

    The vectors are the parser's own ``doc.tensor``, computed already: coding costs no second
    model. A pipeline without a tensor of the shipped width gives zeros (lexicon evidence only).
    """
    out = np.zeros((len(sentences), 2 * TENSOR_WIDTH), dtype=np.float32)
    for row, (sentence, triggers) in enumerate(zip(sentences, found, strict=True)):
        tensor = sentence.doc.tensor
        if tensor is None or getattr(tensor, "ndim", 0) != 2 or tensor.shape[1] != TENSOR_WIDTH:
            continue
        out[row, :TENSOR_WIDTH] = _unit(np.asarray(tensor[sentence.start:sentence.end]).mean(axis=0))
        if triggers:
            strongest = min(triggers, key=lambda t: (depth(t.token), t.token.i)).token
            out[row, TENSOR_WIDTH:] = _unit(np.asarray(tensor[strongest.i]))
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def features(vectors: np.ndarray, trig: np.ndarray) -> np.ndarray:
    n = len(plover.names())
    return np.hstack([vectors, TRIGGER_SCALE * trig[:, :n], np.minimum(trig[:, n:], 2)]).astype(np.float32)


@dataclass
class Model:
    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    train_x: np.ndarray | None = None
    train_y: np.ndarray | None = None
    train_hash: np.ndarray | None = None

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Probabilities over all 16 categories, in :func:`plover.names` order."""
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        names = plover.names()
        out = np.zeros((len(x), len(names)), dtype=np.float32)
        for j, c in enumerate(self.classes):
            out[:, names.index(c)] = p[:, j]
        return out

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            train_x=self.train_x.astype(np.float16),
            train_y=np.array(self.train_y),
            train_hash=np.array(self.train_hash),
        )

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                [str(c) for c in z["classes"]],
                z["coef"],
                z["intercept"],
                z["train_x"].astype(np.float32),
                z["train_y"],
                z["train_hash"],
            )


def fit(x: np.ndarray, y: Sequence[str], hashes: Sequence[str] = (), c: float = 2.0) -> Model:
    """A logistic regression on ``x``; keeps the training data for leave-out refits."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=2000).fit(x, list(y))
    return Model(
        [str(k) for k in lr.classes_], lr.coef_, lr.intercept_, x, np.array(list(y)), np.array(list(hashes))
    )


def refit_without(model: Model, exclude: set[str]) -> Model:
    """The shipped model refitted without the training sentences whose hash is in ``exclude``."""
    if model.train_x is None or not exclude:
        return model
    keep = np.array([h not in exclude for h in model.train_hash])
    if keep.all():
        return model
    return fit(model.train_x[keep], model.train_y[keep], model.train_hash[keep])


_override: list[Model] = []


@cache
def shipped() -> Model | None:
    return Model.load(MODEL_PATH) if MODEL_PATH.exists() else None


def current() -> Model | None:
    """The model in use: the shipped one, unless an evaluation fold has put its own in place."""
    return _override[-1] if _override else shipped()


@contextmanager
def using(model: Model):
    _override.append(model)
    try:
        yield model
    finally:
        _override.pop()


#: A sentence whose triggers all name one category, the strongest at least this strong, is that
#: category whatever the vectors say: the classifier's log-probability lies in
#: [log(1e-4), log(1 + 1e-4)], so the category wins by LEXICON_WEIGHT * log((s + 1e-3) / 1e-3) >= 9.7
#: (for s >= 1/41, a trigger within 40 arcs of the root) against a spread of at most 9.22.
SETTLED_STRENGTH = 1.0 / 41


def choose(sentences: Sequence[Span], found: Sequence[Sequence[Trigger]]) -> list[np.ndarray]:
    """A score per category for each sentence (higher is likelier); lexicon-only without a model.

    Sentences the lexicon settles alone (see :data:`SETTLED_STRENGTH`) skip the classifier: their
    score is the lexicon's, whose best category is the one the full score would pick.
    """
    names = plover.names()
    trig = np.stack([trigger_vector(t) for t in found]) if found else np.zeros((0, 2 * len(names)))
    lexicon = np.log(trig[:, : len(names)] + 1e-3)
    model = current()
    if model is None:
        return list(lexicon)
    strength = trig[:, : len(names)]
    settled = ((strength > 0).sum(axis=1) == 1) & (strength.max(axis=1, initial=0.0) >= SETTLED_STRENGTH)
    open_ = np.flatnonzero(~settled)
    scores = list(lexicon)
    if len(open_):
        x = features(represent([sentences[i] for i in open_], [found[i] for i in open_]), trig[open_])
        full = np.log(model.proba(x) + 1e-4) + LEXICON_WEIGHT * lexicon[open_]
        for i, row in zip(open_, full, strict=True):
            scores[i] = row
    return scores
