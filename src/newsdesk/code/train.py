"""Train the shipped event classifier (``data/plover/event_model.npz``) from the annotated sentences.

    python -m newsdesk.code.train ../shared/corpus

The labels (``data/annotation/events/labels.jsonl``, docs/annotation/events.md) point into the
articles of ``../shared/corpus``; each labelled article is read by the real pipeline so that the
classifier learns from exactly the inputs it sees when coding. The held-out fifth of the documents
is never used here. Only the fitted arrays are written to the repository.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import Article, Document
from ..stages import registered
from . import annotations as event_annotations
from . import classify
from .events import Candidate, candidates, inputs

#: Smallest share of an annotated sentence a parsed sentence must cover to stand for it.
MIN_OVERLAP = 0.5


@dataclass
class Example:
    """An annotated sentence and the candidate sentence that stands for it (None: no candidate)."""

    record: dict
    candidate: Candidate | None

    @property
    def label(self) -> str:
        events = self.record["events"]
        return events[0]["category"] if events else classify.NONE


def analyse(articles: Iterable[dict], batch: int = 32) -> list[Document]:
    """Corpus articles through the read and attribute phases (the coder's inputs)."""
    stages = [s for s in registered() if s.phase in {"read", "attribute"}]
    docs = [
        Document(article=Article(id=a["id"], title=a.get("title"), body=a["body"],
                                 published=a.get("published"), url=a.get("url")))
        for a in articles
    ]
    for start in range(0, len(docs), batch):
        part = docs[start : start + batch]
        for stage in stages:
            stage.run(part)
    return docs


def match(docs: Sequence[Document], records: Sequence[dict]) -> list[Example]:
    """Each annotated sentence with the candidate sentence of its document that covers it."""
    by_doc: dict[str, list[Candidate]] = {d.article.id: candidates(d) for d in docs}
    out = []
    for r in records:
        best, share = None, 0.0
        for c in by_doc.get(r["doc"], ()):
            lo, hi = max(r["start"], c.sentence.start_char), min(r["end"], c.sentence.end_char)
            if hi > lo and (hi - lo) / max(1, r["end"] - r["start"]) > share:
                best, share = c, (hi - lo) / max(1, r["end"] - r["start"])
        out.append(Example(r, best if share >= MIN_OVERLAP else None))
    return out


#: Candidate values of the model's ``none`` threshold.
THRESHOLDS = tuple(round(0.40 + 0.05 * k, 2) for k in range(9))


def fit_examples(examples: Sequence[Example], inner_folds: int = 3, **options) -> classify.Model:
    """A model of ``examples``, its ``none`` threshold the one that maximises micro F1 in a
    cross-validation by document inside ``examples`` (none when ``inner_folds`` < 2)."""
    usable = [e for e in examples if e.candidate is not None]
    rows, tensors = inputs([e.candidate for e in usable if e.candidate is not None])
    labels = [e.label for e in usable]
    model = classify.fit(rows, tensors, labels, **options)
    if inner_folds >= 2:
        model.none_threshold = _best_threshold(usable, rows, tensors, labels, inner_folds, **options)
    return model


def _best_threshold(usable, rows, tensors, labels, folds: int, **options) -> float:
    fold = [event_annotations.fold_of(e.record["doc"], folds, seed=7) for e in usable]
    probs: list[dict[str, float] | None] = [None] * len(usable)
    for k in range(folds):
        train_idx = [i for i, f in enumerate(fold) if f != k]
        test_idx = [i for i, f in enumerate(fold) if f == k]
        if not train_idx or not test_idx:
            continue
        inner = classify.fit([rows[i] for i in train_idx], tensors[train_idx], [labels[i] for i in train_idx],
                             **options)
        for i, p in zip(test_idx, inner.proba([rows[i] for i in test_idx], tensors[test_idx]), strict=True):
            probs[i] = dict(zip(inner.classes, map(float, p), strict=True))
    scored = [(p, gold) for p, gold in zip(probs, labels, strict=True) if p is not None]

    def f1(cut: float) -> float:
        tp = fp = fn = 0
        for p, gold in scored:
            guess = classify.decide(p, cut)
            tp += guess == gold != classify.NONE
            fp += guess != gold and guess != classify.NONE
            fn += guess != gold and gold != classify.NONE
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return max(THRESHOLDS, key=lambda cut: (f1(cut), -abs(cut - 0.5)))


def development(corpus: Path) -> tuple[list[Document], list[Example]]:
    """The annotated documents outside the held-out fifth, analysed, with their examples."""
    records = [r for r in event_annotations.load() if not event_annotations.heldout(r["doc"])]
    articles = event_annotations.articles_for(records, corpus)
    wanted = sorted({r["doc"] for r in records if r["doc"] in articles})
    docs = analyse(articles[d] for d in wanted)
    return docs, match(docs, [r for r in records if r["doc"] in articles])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the shared corpus folder (../shared/corpus)")
    parser.add_argument("--out", type=Path, default=classify.MODEL_PATH)
    args = parser.parse_args()
    _, examples = development(args.corpus)
    model = fit_examples(examples)
    model.save(args.out)
    used = sum(e.candidate is not None for e in examples)
    labels = np.array([e.label for e in examples if e.candidate is not None])
    print(f"wrote {args.out}: {used} candidate sentences of {len(examples)} annotated, "
          f"{int((labels != classify.NONE).sum())} events, {len(model.vocab)} features, "
          f"none threshold {model.none_threshold}")


if __name__ == "__main__":
    main()
