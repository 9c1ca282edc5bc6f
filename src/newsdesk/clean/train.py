"""Train the line classifier: ``python -m newsdesk.clean.train [DIR ...] [--folds K]``.

Each DIR is in the layout of ``../shared/eval/scrape-text`` (``text/*.txt`` beside
``ground-truth.json``). Line labels come from the true bodies (:mod:`.labels`); lines
are weighted by their length because the metric counts words, not lines. With
``--folds K`` the script first prints the K-fold cross-validated score (pages of a fold
never train the model that cleans them; ``--seed`` picks another deal of pages into folds),
then fits on everything and saves the model.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from ..model import RawPage
from .benchmark import load_pages, score
from .classifier import MODEL_PATH, LineClassifier
from .features import content_words, page_features
from .labels import line_labels
from .lines import split_lines
from .text import clean_text

#: Total sample weight of one page (scale only; it keeps weights near 1 for the booster).
PAGE_WEIGHT = 200.0
DEFAULT_DIRS = [Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "scrape-text"]


def _weights(n_tokens: np.ndarray) -> np.ndarray:
    """Longer lines weigh more (the metric counts words), and every page weighs the same in
    total (the metric averages over pages), so a page of a thousand menu lines does not
    drown out a short article."""
    raw = np.sqrt(n_tokens) + 1.0
    return raw / raw.sum() * PAGE_WEIGHT


def training_rows(pages: Sequence[RawPage], truth: dict[str, str]):
    """Per-page (features, content words, labels, weights), skipping pages without lines."""
    rows = []
    for page in pages:
        lines = split_lines(page.content)
        if not lines:
            continue
        features = page_features(lines)
        rows.append((features, content_words(lines), line_labels(lines, truth[page.id]),
                     _weights(np.expm1(features[:, 0]))))
    return rows


def fit(pages: Sequence[RawPage], truth: dict[str, str]) -> LineClassifier:
    rows = training_rows(pages, truth)
    return LineClassifier.fit(*(list(column) for column in zip(*rows, strict=True)))


def fold_assignment(n: int, folds: int, seed: int = 0) -> list[set[int]]:
    """The test pages of each fold: a shuffled deal of ``n`` pages into ``folds`` sets.

    Whole pages flip between fold splits, so the cleaner's figure is judged on more than one
    ``seed`` (docs/cleaning.md); the same seed always deals the same folds.
    """
    order = np.random.default_rng(seed).permutation(n)
    return [{int(i) for i in order[k::folds]} for k in range(folds)]


def cross_validated_bodies(pages: Sequence[RawPage], truth: dict[str, str], folds: int,
                           seed: int = 0) -> Iterator[tuple[str, str]]:
    """(page id, body) for every page, each cleaned by a model that never saw it."""
    for test in fold_assignment(len(pages), folds, seed):
        model = fit([p for i, p in enumerate(pages) if i not in test], truth)
        for i in sorted(test):
            yield pages[i].id, clean_text(pages[i].content, model).body


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    parser.add_argument("--seed", type=int, default=0, help="how pages are dealt into folds")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    truth: dict[str, str] = {}
    pages: list[RawPage] = []
    for folder in args.dirs:
        found_truth, found_pages = load_pages(folder)
        truth.update(found_truth)
        pages += [p for p in found_pages if p.kind == "text"]
    if args.folds >= 2:
        result = score(truth, cross_validated_bodies(pages, truth, args.folds, args.seed))
        print(json.dumps({"cross_validated": True, "folds": args.folds, "fold_seed": args.seed, **result}))
    fit(pages, truth).save(args.out)
    print(json.dumps({"saved": str(args.out), "pages": len(pages)}))


if __name__ == "__main__":
    main()
