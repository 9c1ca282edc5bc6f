"""End-to-end throughput against its reference: spaCy's NER alone on the same text.

The pipeline run is timed whole (reading excluded, worker start-up and model loading
included). The reference runs the same spaCy pipeline with only its ``ner`` component
enabled, over the same clean bodies, with as many processes as the pipeline had workers,
so ``ratio`` compares like with like.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..executors import analyse_pages
from ..model import Document, RawPage
from .memory import PeakMemory


@dataclass
class BenchResult:
    articles: int
    words: int
    seconds: float
    ner_only_seconds: float
    peak_rss_mb: float
    peak_total_rss_mb: float
    workers: int
    stages: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        words_per_s = self.words / self.seconds if self.seconds else 0.0
        ner_words_per_s = self.words / self.ner_only_seconds if self.ner_only_seconds else 0.0
        return {
            "articles": self.articles,
            "words": self.words,
            "articles_per_s": round(self.articles / self.seconds, 2) if self.seconds else 0.0,
            "words_per_s": round(words_per_s, 1),
            "ner_only_words_per_s": round(ner_words_per_s, 1),
            "ratio": round(words_per_s / ner_words_per_s, 3) if ner_words_per_s else 0.0,
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "peak_total_rss_mb": round(self.peak_total_rss_mb, 1),
            "workers": self.workers,
            "seconds": round(self.seconds, 2),
            "ner_only_seconds": round(self.ner_only_seconds, 2),
            "stages": {name: round(s, 3) for name, s in sorted(self.stages.items(), key=lambda kv: -kv[1])},
        }


def words_in(text: str) -> int:
    return len(text.split())


def run(pages: Sequence[RawPage], workers: int = 1, executor: str | None = None,
        batch_size: int = 32, skip: Sequence[str] = ()) -> BenchResult:
    """Time the pipeline over ``pages`` (without the stages named in ``skip``, as an ingest
    with ``--no-embed`` runs it), then the NER-only reference over the same bodies."""
    executor = executor or ("process" if workers > 1 else "local")
    timings: dict[str, float] = {}
    bodies: list[str] = []
    with PeakMemory() as memory:
        started = time.perf_counter()
        for doc in analyse_pages(pages, workers=workers, executor=executor, batch_size=batch_size,
                                 timings=timings, skip=skip):
            if isinstance(doc, Document):  # a page refused by the analysis is not timed as one
                bodies.append(doc.body)
        seconds = time.perf_counter() - started
    return BenchResult(articles=len(bodies), words=sum(map(words_in, bodies)), seconds=seconds,
                       ner_only_seconds=ner_only(bodies, workers, batch_size),
                       peak_rss_mb=memory.per_process_mb, peak_total_rss_mb=memory.total_mb,
                       workers=workers, stages=timings)


def ner_only(texts: Sequence[str], workers: int = 1, batch_size: int = 32) -> float:
    """Seconds spaCy's NER alone takes over ``texts`` (the same pipeline, other components off)."""
    from ..read.nlp import MAX_CHARS, get_nlp

    nlp = get_nlp()
    started = time.perf_counter()
    with nlp.select_pipes(enable=["ner"]):
        for _ in nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=batch_size, n_process=max(workers, 1)):
            pass
    return time.perf_counter() - started
