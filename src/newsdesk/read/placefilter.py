"""Whether a found place name is a place here: a filter learned from the annotated dev sets.

The finder takes every name that looks like a place (NER's places, gazetteer names, names
ending in a place word); many are not the places an annotator marks: facilities and halls
("Webb Center", "City Hall"), routes ("Highway 82"), events ("St. Patrick's Day"), people and
organisations. Hand rules for them, tuned on the dev sets, do not hold on unseen text; so each
found mention gets a few features of how it was found and what it was read as, and a logistic
model learned with cross-validation by document (``docs/places.md``) says whether to keep it.
The weights are data (``data/places/filter.json``); without that file every mention is kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

LABELS = ("GPE", "LOC", "FAC", "GAZ", "QUAL")
KINDS = ("local", "city", "admin2", "admin1", "country", "water", "supranational")
#: Every feature the code can compute; a model uses the ones its file lists.
FEATURES = (
    *(f"label_{x.lower()}" for x in LABELS), *(f"kind_{k}" for k in KINDS),
    "log_population", "one_token", "three_tokens", "place_head", "street_head", "digit",
    "lower", "all_caps", "after_locative", "sentence_start", "log_mentions", "person_word",
    "other_entity", "in_longer_name", "qualified", "log_readings", "person_entity", "org_entity",
    "modifier", "possessive",
)


@dataclass(frozen=True)
class Filter:
    """A logistic model over named features and the probability under which a mention goes."""

    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    threshold: float
    #: The threshold for names the gazetteer does not know (halls, streets): the dev sets disagree
    #: on them (GeoWebNews marks them, LGL does not), so they may get a lower bar.
    local_threshold: float | None = None

    def keep(self, x: np.ndarray) -> np.ndarray:
        """Which rows of ``x`` (columns in :data:`FEATURES` order) are places."""
        columns = [FEATURES.index(f) for f in self.features]
        z = x[:, columns] @ self.weights + self.bias
        bar = np.full(len(x), self.threshold)
        if self.local_threshold is not None:
            bar[x[:, FEATURES.index("kind_local")] > 0] = self.local_threshold
        return 1.0 / (1.0 + np.exp(-z)) >= bar

    def to_json(self, extra: dict | None = None) -> str:
        record = {"features": list(self.features), "weights": [round(float(w), 6) for w in self.weights],
                  "bias": round(self.bias, 6), "threshold": self.threshold,
                  "local_threshold": self.local_threshold, **(extra or {})}
        return json.dumps(record, indent=1) + "\n"


def parse(record: dict) -> Filter:
    features = tuple(record["features"])
    unknown = [f for f in features if f not in FEATURES]
    if unknown or len(features) != len(record["weights"]):
        raise ValueError(f"place filter: unknown features {unknown} or weights of the wrong length")
    local = record.get("local_threshold")
    return Filter(features, np.array(record["weights"], dtype=float), float(record["bias"]),
                  float(record["threshold"]), None if local is None else float(local))


@cache
def load(name: str = "filter.json") -> Filter | None:
    """The shipped filter (once per process), or None when there is none."""
    path = files("newsdesk.data.places").joinpath(name)
    if not path.is_file():
        return None
    return parse(json.loads(path.read_text(encoding="utf-8")))


def row(label: str, kind: str | None, population: int, tokens: Sequence[str], heads: Collection[str],
        streets: Collection[str], after_locative: bool, sentence_start: bool, mentions: int,
        person_word: bool, other_entity: str | None, in_longer_name: bool, qualified: bool,
        readings: int, modifier: bool, possessive: bool) -> np.ndarray:
    """The features of one found mention, in :data:`FEATURES` order. ``other_entity``: the label
    of another entity NER saw over it (PERSON, ORG...); ``modifier``: it modifies a common noun
    ("the Bush administration", "Duma deputies"); ``possessive``: "'s" follows."""
    kind = kind if kind in KINDS else "supranational" if kind else "local"
    last = tokens[-1].lower() if tokens else ""
    values = [
        *(float(label == x) for x in LABELS), *(float(kind == k) for k in KINDS),
        math.log10(population + 1), float(len(tokens) == 1), float(len(tokens) >= 3),
        float(len(tokens) > 1 and last in heads), float(len(tokens) > 1 and last in streets),
        float(any(ch.isdigit() for t in tokens for ch in t)),
        float(any(t[:1].islower() for t in tokens if t.isalpha() and len(t) > 3)),
        float(all(t.isupper() for t in tokens if t.isalpha()) and any(len(t) > 2 for t in tokens)),
        float(after_locative), float(sentence_start), math.log(mentions), float(person_word),
        float(other_entity is not None), float(in_longer_name), float(qualified), math.log(readings + 1),
        float(other_entity == "PERSON"), float(other_entity == "ORG"), float(modifier), float(possessive),
    ]
    return np.array(values)


def fit(x: np.ndarray, y: np.ndarray, features: tuple[str, ...] = FEATURES, penalty: float = 1.0,
        threshold: float = 0.5, local_threshold: float | None = None) -> Filter:
    """A logistic regression (L2, ``penalty`` as scikit-learn's 1/C, on standardised features)."""
    from sklearn.linear_model import LogisticRegression

    columns = [FEATURES.index(f) for f in features]
    data = x[:, columns]
    mean, scale = data.mean(axis=0), data.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0 / penalty, max_iter=2000).fit((data - mean) / scale, y)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - weights @ mean)
    return Filter(tuple(features), weights, bias, threshold, local_threshold)
