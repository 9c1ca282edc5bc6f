"""Whether a sentence reports a political event, and of which PLOVER category: a model learned from
annotated news (docs/annotation/events.md), not a rule list.

Each candidate sentence becomes a bag of named features computed from what the pipeline already has:
its lemmas, the CAMEO verb dictionary's and the trigger lexicon's categories for its verbs with
their dependency role and the kind of subject they take, negation and modal cues, the kinds of actor
and entity it names, and the mean of spaCy's contextual token vectors (``doc.tensor``, computed by
the parse already). A multinomial logistic regression over these and the class ``none`` decides;
the verb knowledge is evidence the model weighs, so "beat" in a rugby report and "launch" of a
rocket learn to stay quiet. The model is a ``.npz`` of plain arrays (no pickle) written by
:mod:`newsdesk.code.train`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from .cameo import Hit
from .plover import DATA
from .triggers import Trigger

MODEL_PATH = Path(str(DATA / "event_model.npz"))
NONE = "none"
#: Width of spaCy's shared token vectors in the shipped pipeline (``en_core_web_sm``).
TENSOR_WIDTH = 96
#: Weight of the dense tensor block against the binary features (one scale for training and use).
TENSOR_SCALE = 0.5
MODALS = {"may", "might", "could", "would", "will", "should", "can", "must", "shall"}
#: Verbs that report speech or knowledge: the event is in what they report ("X said Y attacked Z").
REPORTING = {"say", "tell", "report", "announce", "state", "add", "claim", "believe", "think", "confirm",
             "reveal", "indicate", "note", "explain", "write", "according", "suggest", "show", "know"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}


def depth(token: Token) -> int:
    n = 0
    while token.head != token and n < 100:
        token = token.head
        n += 1
    return n


def _subject_kind(token: Token) -> str:
    """What kind of thing acts: the entity label or part of speech of the trigger's subject."""
    for child in token.children:
        if child.dep_ in {"nsubj", "nsubjpass", "agent"}:
            head = child
            if child.dep_ == "agent":
                head = next((g for g in child.children if g.dep_ == "pobj"), child)
            label = head.ent_type_ or ("PRON" if head.pos_ == "PRON" else head.lemma_.lower())
            return f"{child.dep_}:{label}"
    return "nosubj"


def predicates(sentence: Span) -> list[Token]:
    """The sentence's main predicates: its root, or what a reporting root reports, with the verbs
    they govern directly ("agreed to *withdraw*", "said the army had *shelled*")."""
    root = sentence.root
    heads = [root]
    if root.lemma_.lower() in REPORTING:
        inner = [c for c in root.children if c.dep_ in {"ccomp", "xcomp", "parataxis"}]
        heads = inner or heads
    out = list(heads)
    for h in heads:
        out.extend(
            c for c in h.children if c.dep_ in {"xcomp", "ccomp", "conj"} and c.pos_ in {"VERB", "AUX"}
        )
    return out[:6]


def features(
    sentence: Span, found: Sequence[Trigger], hits: Sequence[Hit], actor_types: Sequence[str] = ()
) -> dict[str, float]:
    """The named features of one sentence (see the module docstring)."""
    f: dict[str, float] = {}
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    lemmas = [t.lemma_.lower() for t in words]
    for lemma in lemmas:
        if lemma.isalpha() and len(lemma) > 1:
            f[f"w:{lemma}"] = 1.0
    for a, b in zip(lemmas, lemmas[1:], strict=False):
        f[f"b:{a}_{b}"] = 1.0
    f[f"root:{sentence.root.lemma_.lower()}"] = 1.0
    preds = predicates(sentence)
    hinted = {t.token.i: t.category for t in found}
    hinted.update({h.token.i: h.category for h in hits if h.category != NONE and h.token.i not in hinted})
    for n, p in enumerate(preds):
        weight = 1.0 if n == 0 else 0.5
        f[f"pred:{p.lemma_.lower()}"] = max(f.get(f"pred:{p.lemma_.lower()}", 0.0), weight)
        if p.i in hinted:
            f[f"predcat:{hinted[p.i]}"] = max(f.get(f"predcat:{hinted[p.i]}", 0.0), weight)
        for c in p.children:
            if c.dep_ in {"dobj", "nsubjpass", "attr"}:
                f[f"predobj:{c.lemma_.lower()}"] = weight
                if c.i in hinted:
                    f[f"predcat:{hinted[c.i]}"] = max(f.get(f"predcat:{hinted[c.i]}", 0.0), weight * 0.8)
            elif c.dep_ == "neg":
                f["predneg"] = 1.0
            elif c.dep_ == "prep":
                f[f"predprep:{p.lemma_.lower()}_{c.lower_}"] = weight
    for t in found:
        strength = 1.0 / (1.0 + depth(t.token))
        f[f"lex:{t.category}"] = max(f.get(f"lex:{t.category}", 0.0), strength)
        f[f"lexw:{t.category}:{t.token.lemma_.lower()}"] = 1.0
        f[f"lexdep:{t.category}:{t.token.dep_}"] = 1.0
        f[f"lexdepth:{t.category}:{min(depth(t.token), 3)}"] = 1.0
        f[f"lexsubj:{t.category}:{_subject_kind(t.token)}"] = 1.0
    for h in hits:
        if h.category == NONE:
            f[f"cameo0:{h.token.lemma_.lower()}"] = 1.0
            continue
        strength = 1.0 / (1.0 + depth(h.token))
        f[f"cameo:{h.category}"] = max(f.get(f"cameo:{h.category}", 0.0), strength)
        if h.words:
            f[f"cameo+:{h.category}"] = 1.0
        f[f"cameodep:{h.category}:{h.token.dep_}"] = 1.0
        f[f"cameosubj:{h.category}:{_subject_kind(h.token)}"] = 1.0
    for w in words:
        if w.dep_ == "neg":
            f["neg"] = 1.0
            f[f"neg:{w.head.lemma_.lower()}"] = 1.0
        elif w.tag_ == "MD" and w.lower_ in MODALS:
            f[f"modal:{w.lower_}"] = 1.0
    for label in entity_labels(sentence):
        f[f"ent:{label}"] = min(f.get(f"ent:{label}", 0.0) + 0.5, 1.0)
    for kind in actor_types:
        f[f"actor:{kind}"] = 1.0
    if not any(k.startswith("actor:") for k in f):
        f["actor:nobody"] = 1.0
    if '"' in sentence.text or "“" in sentence.text:
        f["quoted"] = 1.0
    return f


def entity_labels(sentence: Span) -> list[str]:
    """The labels of ``sentence.ents`` (the entities wholly inside it, in order).

    ``Span.ents`` reads every entity of the document again at each call, building a token
    object per word of the document; the document's entities are read here once per document
    and the sentence's found by bisection, with ``Span.ents``'s own rule (from the first entity
    starting in the sentence, up to the first that ends beyond it).
    """
    global _ENTITIES
    doc = sentence.doc
    cached = _ENTITIES  # read once: the triple is replaced whole, never changed in place
    if cached[0] is not doc:
        found = [(e.start, e.end, e.label_) for e in doc.ents]
        cached = _ENTITIES = (doc, [start for start, _, _ in found], found)
    _, starts, ents = cached
    labels = []
    for n in range(bisect_left(starts, sentence.start), len(ents)):
        _, end, label = ents[n]
        if end > sentence.end:
            break
        labels.append(label)
    return labels


#: The document whose entities :func:`entity_labels` read last, their starts, and the entities.
_ENTITIES: tuple = (None, [], [])


def tensor_mean(sentence: Span) -> np.ndarray:
    """The unit mean of spaCy's contextual vectors over the sentence (zeros without a tensor)."""
    tensor = sentence.doc.tensor
    if tensor is None or getattr(tensor, "ndim", 0) != 2 or tensor.shape[1] != TENSOR_WIDTH:
        return np.zeros(TENSOR_WIDTH, dtype=np.float32)
    v = np.asarray(tensor[sentence.start : sentence.end]).mean(axis=0)
    norm = float(np.linalg.norm(v))
    return (v / norm if norm > 0 else v).astype(np.float32)


@dataclass
class Model:
    """A multinomial logistic regression over named sparse features plus the dense tensor block."""

    classes: list[str]
    vocab: dict[str, int]
    coef: np.ndarray  # (classes, vocab + TENSOR_WIDTH)
    intercept: np.ndarray
    #: A sentence is ``none`` when that class has at least this probability (chosen by
    #: cross-validation when the model is trained, see :func:`newsdesk.code.train.fit_examples`).
    none_threshold: float = 0.5

    def proba(self, rows: Sequence[dict[str, float]], tensors: np.ndarray) -> np.ndarray:
        n_vocab = len(self.vocab)
        logits = np.tile(self.intercept, (len(rows), 1)).astype(np.float32)
        sparse = self.coef[:, :n_vocab]
        for i, row in enumerate(rows):
            cols = [(self.vocab[k], v) for k, v in row.items() if k in self.vocab]
            if cols:
                idx = np.fromiter((c for c, _ in cols), dtype=np.int64, count=len(cols))
                val = np.fromiter((v for _, v in cols), dtype=np.float32, count=len(cols))
                logits[i] += sparse[:, idx] @ val
        if len(rows):
            logits += TENSOR_SCALE * (tensors @ self.coef[:, n_vocab:].T)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            vocab=np.array(names),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            none_threshold=np.float32(self.none_threshold),
        )

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            vocab = {str(k): i for i, k in enumerate(z["vocab"])}
            threshold = float(z["none_threshold"]) if "none_threshold" in z else 0.5
            return cls([str(c) for c in z["classes"]], vocab, z["coef"], z["intercept"], threshold)


def design(rows: Sequence[dict[str, float]], tensors: np.ndarray, vocab: dict[str, int]):
    """The training matrix: sparse features in ``vocab`` order, then the scaled tensor block."""
    from scipy.sparse import csr_matrix, hstack

    data, indices, indptr = [], [], [0]
    for row in rows:
        for k, v in row.items():
            if k in vocab:
                indices.append(vocab[k])
                data.append(v)
        indptr.append(len(indices))
    sparse = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)), dtype=np.float32)
    return hstack([sparse, csr_matrix(TENSOR_SCALE * tensors)]).tocsr()


def fit(
    rows: Sequence[dict[str, float]],
    tensors: np.ndarray,
    labels: Sequence[str],
    c: float = 1.0,
    min_count: int = 2,
) -> Model:
    """Fit on annotated sentences; features seen fewer than ``min_count`` times are dropped."""
    from collections import Counter

    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for row in rows for k in row)
    names = sorted(k for k, n in counts.items() if n >= min_count)
    vocab = {k: i for i, k in enumerate(names)}
    x = design(rows, tensors, vocab)
    lr = LogisticRegression(C=c, max_iter=3000, class_weight=None).fit(x, list(labels))
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:
        # Two classes: scikit-learn keeps one row (the second class's log-odds); softmax over
        # [0, w] gives the same probabilities.
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return Model([str(k) for k in lr.classes_], vocab, coef.astype(np.float32), np.asarray(intercept))


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


def decide(probs: dict[str, float], none_threshold: float) -> str:
    """The class of a sentence: ``none`` when it is at least ``none_threshold`` likely, else the
    likeliest category."""
    if probs.get(NONE, 0.0) >= none_threshold:
        return NONE
    events = {k: v for k, v in probs.items() if k != NONE}
    return max(events, key=events.__getitem__) if events else NONE


def threshold() -> float:
    model = current()
    return model.none_threshold if model is not None else 0.5


def choose(rows: Sequence[dict[str, float]], tensors: np.ndarray) -> list[dict[str, float]]:
    """Per sentence, the probability of each class (the PLOVER categories and ``none``).

    Without a model, a sentence's category is its strongest trigger-lexicon category, so a store
    still codes something when the model file is missing.
    """
    model = current()
    if model is None:
        out = []
        for row in rows:
            lex = {k[4:]: v for k, v in row.items() if k.startswith("lex:")}
            out.append(lex or {NONE: 1.0})
        return out
    p = model.proba(rows, tensors)
    return [dict(zip(model.classes, map(float, r), strict=True)) for r in p]
