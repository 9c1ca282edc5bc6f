"""`newsdesk eval extraction DIR`: the article-extraction-benchmark metric.

The metric and the reading of the benchmark's folders are :mod:`newsdesk.clean.benchmark`
(the cleaner's trainer uses them too). ``DIR`` holds ``ground-truth.json`` beside either
``html/*.html.gz`` or ``text/*.txt``. ``folds=K`` (K >= 2; ``--folds``, or ``NEWSDESK_EVAL_FOLDS``)
scores plain-text pages by K-fold cross-validation: the cleaner is retrained without each fold's
pages. ``seed=S`` (``--seed``, or ``NEWSDESK_EVAL_FOLD_SEED``) deals the pages into folds another
way (default 0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..clean.benchmark import load_pages, page_counts, score, shingles, summarise
from ..model import Article, RawPage
from . import whole

__all__ = ["benchmark_body", "evaluate", "load_pages", "page_counts", "score", "shingles", "summarise"]


def _clean_all(pages: Sequence[RawPage], cleaner: Callable[[RawPage], str]) -> list[tuple[str, str]]:
    return [(page.id, cleaner(page)) for page in pages]


def evaluate(path: Path, *, folds: int | None = None, seed: int | None = None) -> dict:
    from ..clean.article import clean_page

    truth, pages = load_pages(Path(path))
    folds = whole(folds, "eval_folds", 0, option="folds")
    if folds >= 2 and pages and all(p.kind == "text" for p in pages):
        from ..clean.train import cross_validated_bodies

        seed = whole(seed, "eval_fold_seed", 0, option="seed")
        bodies = cross_validated_bodies(pages, truth, folds, seed)
        return {**score(truth, bodies), "cross_validated_folds": folds, "fold_seed": seed}
    return score(truth, _clean_all(pages, lambda page: benchmark_body(page, clean_page(page))))


def benchmark_body(page: RawPage, article: Article) -> str:
    """The body as the benchmark counts it: its true bodies leave out the standfirst, which the
    plain-text cleaner puts at the head of ours. An HTML body is trafilatura's as it stands (its
    first paragraph may equal the page's description, and is then the article's own)."""
    if page.kind == "text" and article.summary and article.body.startswith(article.summary):
        return article.body[len(article.summary):].lstrip()
    return article.body
