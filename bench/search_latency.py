"""Search latency on the whole sample corpus: p50/p95 per mode (target p95 < 100 ms).

Uses an ingested store when given (``--db .newsdesk/demo.db``); otherwise builds one from
../shared/corpus with the article text only (no NLP, so it takes seconds) and, with
``--embed``, sentence embeddings for the semantic and hybrid modes. Queries are words and
phrases drawn from the corpus titles (seeded), so every run asks the same questions.

    .venv/bin/python bench/search_latency.py [--db PATH] [--embed] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from newsdesk.answer.search import Filters, search
from newsdesk.model import Article, Document, RawPage
from newsdesk.store.engine import open_store
from newsdesk.store.load import ingest

REPO = Path(__file__).resolve().parents[1]


def corpus_pages(corpus: Path) -> list[tuple[RawPage, Document]]:
    out = []
    for path in sorted(corpus.glob("*/articles.jsonl")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            a = json.loads(line)
            raw = RawPage(
                id=a["id"],
                kind="body",
                content=a["body"],
                source=str(path),
                url=a.get("url"),
                title=a.get("title"),
                published=a.get("published"),
                outlet="Wikinews",
            )
            doc = Document(
                article=Article(
                    id=a["id"],
                    title=a.get("title"),
                    body=a["body"],
                    url=a.get("url"),
                    published=a.get("published"),
                    outlet="Wikinews",
                ),
                raw=raw,
            )
            out.append((raw, doc))
    return out


def build(db: Path, corpus: Path, embed: bool):
    engine = open_store(db)
    pairs = corpus_pages(corpus)
    by_content = {raw.content: doc for raw, doc in pairs}
    started = time.perf_counter()
    report = ingest(
        engine,
        [raw for raw, _ in pairs],
        embed=embed,
        batch_size=64,
        analyse=lambda pages, **_: (by_content[p.content] for p in pages),
    )
    print(
        f"built {db}: {report.stored} stored, {report.skipped} already there, "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return engine, [doc.article.title or "" for _, doc in pairs]


def queries(titles: list[str], n: int, rng: random.Random) -> list[str]:
    words = [w for t in titles for w in t.split() if len(w) > 4 and w.isalpha()]
    out = []
    for _ in range(n):
        out.append(
            " ".join(rng.sample(words, rng.choice((1, 2, 3)))) if rng.random() < 0.7 else rng.choice(titles)
        )
    return out


def measure(conn, qs: list[str], mode: str, filters: Filters | None = None) -> dict:
    search(conn, qs[0], mode=mode, filters=filters)  # warm caches (and the model for semantic)
    times = []
    for q in qs:
        t = time.perf_counter()
        search(conn, q, mode=mode, filters=filters, limit=10)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "mode": mode,
        "filters": bool(filters and filters.any()),
        "n": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an ingested store (default: build .newsdesk/bench.db)")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--embed", action="store_true", help="build embeddings and time semantic/hybrid")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if args.db:
        engine = open_store(args.db)
        with engine.connect() as conn:
            from sqlalchemy import select

            from newsdesk.store.schema import articles

            titles = [t or "" for t in conn.scalars(select(articles.c.title))]
    else:
        name = "bench-embed.db" if args.embed else "bench.db"
        engine, titles = build(REPO / ".newsdesk" / name, args.corpus, args.embed)
    qs = queries(titles, args.queries, random.Random(11))
    with engine.connect() as conn:
        from sqlalchemy import func, select

        from newsdesk.store.schema import articles, embeddings

        n_articles = conn.scalar(select(func.count()).select_from(articles))
        n_vectors = conn.scalar(select(func.count()).select_from(embeddings))
        results = [
            measure(conn, qs, "fts"),
            measure(conn, qs, "fts", Filters(since="2006", until="2008-12-31")),
        ]
        if n_vectors:
            results += [measure(conn, qs, "semantic"), measure(conn, qs, "hybrid")]
    for r in results:
        print(json.dumps({"articles": n_articles, "sentence_vectors": n_vectors, **r}))


if __name__ == "__main__":
    main()
