"""The article-extraction benchmark: its folders of pages and true bodies, and its metric.

Word 4-gram shingles over ``\\w+`` tokens; per page, true/false positives and negatives
are normalised by their sum so long pages weigh no more than short ones; precision and
recall are averaged over pages and F1 is taken from the two averages.

A folder holds ``ground-truth.json`` (``{stem: {"articleBody": ...}}``) beside either
``html/*.html.gz`` or ``text/*.txt``. The cleaner's trainer (:mod:`.train`) scores its
folds with it and ``newsdesk eval extraction`` reports it, so it lives with the cleaner.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import InputError, RawPage

_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-grams of ``text``; a text shorter than ``n`` words is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str, n: int = 4) -> Counts:
    """Normalised (tp, fp, fn) of one page."""
    gold, got = shingles(true, n), shingles(pred, n)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn)


def summarise(counts: Sequence[Counts]) -> dict[str, float]:
    """Precision and recall averaged over pages (pages with nothing predicted, or nothing
    true, are left out of that average) and F1 from the two averages."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def load_pages(path: Path) -> tuple[dict[str, str], list[RawPage]]:
    """Ground truth bodies by stem, and the raw pages that have one."""
    from ..ingest.files import read_file

    truth = {key: value.get("articleBody", "") or ""
             for key, value in json.loads((path / "ground-truth.json").read_text("utf-8")).items()}
    files = sorted(path.glob("html/*.html.gz")) + sorted(path.glob("html/*.html")) + sorted(
        path.glob("text/*.txt"))
    pages: list[RawPage] = []
    for file in files:
        stem = file.name.split(".")[0]
        if stem not in truth:
            continue
        for item in read_file(file):
            if isinstance(item, InputError):
                raise ValueError(str(item))
            item.id = stem
            pages.append(item)
    return truth, pages


def score(truth: dict[str, str], bodies: Iterable[tuple[str, str]]) -> dict[str, float]:
    counts = [page_counts(truth[key], body) for key, body in bodies]
    return {"n": len(counts), **summarise(counts)}
