"""Semantic search at scale: the approximate vector index against the exact scan.

Fills the ``article_vectors`` table of a store to ``--size`` vectors, builds the index
(``store/vector_index.build``, the same code ingest runs), and asks ``--queries`` real
sentences: latency p50/p95 of the query (embedding the sentence, then the index) and the
index's recall@10 against the exact scan of every vector.

The vectors are the real article vectors of the sample corpus (title and lead of its 3,200
articles through MiniLM, as ingest computes them; kept in ``--cache`` once computed) and
perturbed copies of them: vector ``n`` (from 0) is a copy of article ``n mod 3200``, the first
3,200 the originals, each later one ``normalise(v + NOISE * g / sqrt(384))`` with ``g`` a standard
normal vector (numpy's default generator seeded by the first ``n`` of its block of 20,000;
``--noise``, 0.5 by default: a copy keeps a cosine of about 0.89 to its original, copies of one
article about 0.8 to each other, so the nearest neighbours of a query are distinct vectors, not ties).
The queries are the second sentence of articles drawn at random (seeded), never a title: real
sentences that are not the text any vector was made from.

Only the vector table is filled (no article rows: foreign keys are off for the bench's session),
so the figures are those of the index; a search adds the lookup of its ten article rows.

    createdb -h 127.0.0.1 -U postgres vectors_db
    .venv/bin/python bench/vector_index.py --db postgresql+psycopg://postgres@127.0.0.1:5432/vectors_db \\
        --size 1000000 --out bench/results/vectors-postgres-1m.jsonl
    .venv/bin/python bench/vector_index.py --db /tmp/vectors.db --size 300000 \\
        --out bench/results/vectors-sqlite-300k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import event, func, select, text

from newsdesk.read.embedding import article_text, embed
from newsdesk.store import vector_index
from newsdesk.store.engine import open_store
from newsdesk.store.keys import VECTOR_MODEL
from newsdesk.store.schema import article_vectors

REPO = Path(__file__).resolve().parents[1]
DIM = 384
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def corpus(shared: Path) -> list[dict]:
    rows = []
    for path in sorted((shared / "corpus").glob("*/articles.jsonl")):
        rows += [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return rows


def real_vectors(rows: list[dict], cache: Path) -> np.ndarray:
    if cache.exists():
        return np.load(cache)
    vectors = embed([article_text(r.get("title"), None, r["body"]) for r in rows])
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def queries(rows: list[dict], n: int, seed: int = 7) -> list[str]:
    picked = []
    for r in random.Random(seed).sample(rows, len(rows)):
        parts = _SENTENCE.split(r["body"])
        if len(parts) > 2 and 40 <= len(parts[1]) <= 300:
            picked.append(parts[1].strip())
        if len(picked) >= n:
            break
    return picked


def copies(base: np.ndarray, start: int, count: int, noise: float) -> np.ndarray:
    """Vectors ``start .. start + count`` of the filled table: the originals, then perturbed copies."""
    n = np.arange(start, start + count)
    out = base[n % len(base)].copy()
    g = np.random.default_rng(start).standard_normal((count, DIM)).astype(np.float32)
    moved = out + noise * g / np.sqrt(DIM)
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    is_copy = n >= len(base)
    out[is_copy] = moved[is_copy]
    return out


def fill(engine, base: np.ndarray, size: int, noise: float) -> None:
    with engine.connect() as conn:
        have = conn.scalar(select(func.count()).select_from(article_vectors)) or 0
    step = 20_000
    started = time.perf_counter()
    for start in range(have, size, step):
        vectors = copies(base, start, min(step, size - start), noise)
        ids = range(start + 1, start + 1 + len(vectors))
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))  # no article rows
                raw = conn.connection.dbapi_connection
                with raw.cursor() as cur, cur.copy("COPY article_vectors (article_id, model, vector) "
                                                   "FROM STDIN") as copy:
                    for aid, v in zip(ids, vectors, strict=True):
                        copy.write_row((aid, VECTOR_MODEL, v.tobytes()))
            else:
                conn.execute(article_vectors.insert(), [{"article_id": aid, "model": VECTOR_MODEL,
                                                         "vector": v.tobytes()}
                                                        for aid, v in zip(ids, vectors, strict=True)])
        print(f"filled {start + len(vectors):,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a SQLite path or a PostgreSQL URL (its own database)")
    parser.add_argument("--size", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--noise", type=float, default=0.5)
    parser.add_argument("--nprobe", default=str(vector_index.NPROBE), help="comma-separated values to try")
    parser.add_argument("--lists", type=int, default=None, help="lists of the index (default: the product's)")
    parser.add_argument("--rebuild", action="store_true", help="train the index again even if it exists")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsdesk-bench-corpus-vectors.npy"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    engine = open_store(args.db)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA foreign_keys=OFF"))
        engine.dispose()
    rows = corpus(args.shared)
    base = real_vectors(rows, args.cache)
    fill(engine, base, args.size, args.noise)
    with engine.connect() as conn:
        lists = vector_index.centroids(conn)
        size = conn.scalar(select(func.count()).select_from(article_vectors))
    build_s = None
    if lists is None or args.rebuild:
        started = time.perf_counter()
        vector_index.build(engine, args.lists, on_progress=lambda m: print(m, file=sys.stderr))
        build_s = round(time.perf_counter() - started, 1)
    asked = queries(rows, args.queries)
    embed(asked[:2])  # the model is loaded before timing
    with engine.connect() as conn:
        lists = vector_index.centroids(conn)
        # the reference: every stored vector, read once, scanned exactly for each query
        parts = list(vector_index.chunks(conn))
        all_ids = np.concatenate([ids for ids, _ in parts])
        matrix = np.vstack([vectors for _, vectors in parts])
        del parts
        truth = []
        started = time.perf_counter()
        for q in asked:
            truth.append([aid for aid, _ in vector_index.top_k(all_ids, matrix @ embed([q])[0], 10)])
        exact_s = (time.perf_counter() - started) / len(asked)
        del matrix
        for nprobe in [int(n) for n in args.nprobe.split(",")]:
            took, index_took, recall = [], [], []
            for q, want in zip(asked, truth, strict=True):
                started = time.perf_counter()
                vector = embed([q])[0]
                between = time.perf_counter()
                found = vector_index.approximate(conn, vector, 10, nprobe, lists)
                done = time.perf_counter()
                took.append((done - started) * 1000)
                index_took.append((done - between) * 1000)
                recall.append(len({aid for aid, _ in found} & set(want)) / 10)
            line = {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "backend": engine.dialect.name, "vectors": size, "lists": len(lists.centroids),
                "nprobe": nprobe, "queries": len(asked), "noise": args.noise, "build_s": build_s,
                "semantic_p50_ms": round(statistics.median(took), 1),
                "semantic_p95_ms": round(percentile(took, 95), 1),
                "index_p50_ms": round(statistics.median(index_took), 1),
                "index_p95_ms": round(percentile(index_took, 95), 1),
                "recall_at_10": round(statistics.mean(recall), 4),
                "exact_scan_mean_ms": round(exact_s * 1000, 1),
            }
            print(json.dumps(line))
            if args.out:
                with args.out.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
