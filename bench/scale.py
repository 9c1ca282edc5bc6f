"""Scale: ingest up to 100,000 articles into SQLite and PostgreSQL; throughput and latency per size.

The sample corpus is analysed once (``--base`` articles, through the real pipeline; cached
in .newsdesk/), then replicated with new ids and a light edit (one sentence appended, so
every offset still holds and every copy has its own content hash). Each replica goes through
the store's own ingest (dedup, story clustering, one writer, one transaction per batch), a
thousand at a time (one ingest run each). At each size the script reports the ingest
throughput of the last segment (time spent in ``ingest`` only: making the replicas is not
counted) and search and dyad latency (p50, p95) over seeded queries.

    .venv/bin/python bench/scale.py --sizes 1000,10000,100000 --backends sqlite,postgres
    .venv/bin/python bench/scale.py --sizes 200,1000 --base 60 --queries 30   # a short run

The default base is the whole sample (3,200 articles), as the issue asks ("the sample
replicated"): at 100k each story has about 31 copies. With ``--base 300`` (the default until
session 3) each has 333, and every new copy is matched against a story's pile of copies.

Each 1,000-article ingest run is one transaction by default (``--batch-size``, documents per
commit), as a bulk load would commit (``newsdesk ingest --commit-size``). A commit writes one
page per actor per actor-keyed index, so small commits into a large store cost more: with 64
a commit, 100k ingests at 0.73–0.76 of the 1k rate per CPU second, with 1,000 at 0.856–0.875.

Fill mode (``--fill-from N``, issue 23): past N articles the store grows by copying its own
rows inside the database (``bench/store_fill.py``: ``INSERT … SELECT`` with new ids, new
content hashes and URLs, each copy in its original's story) up to 1,000 short of each size,
then ANALYZE, then the last 1,000 go through the store's real ingest and are timed as
above. The copies' signatures are put into this process's story index before the timed
segment, as a long-running ingest would hold them already. The copies are made by the
database (PostgreSQL still computes each copy's ``tsvector``), not by the analysis nor the writer.

    .venv/bin/python bench/scale.py --backends postgres --fill-from 10000 \
        --sizes 1000,10000,100000,300000,1000000 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/db

``--keep SCHEMA`` (PostgreSQL) builds into a named schema and keeps it; ``--measure-only``
then times search and dyads on that schema (or on ``--sqlite``) as it stands.

Targets (issue 6): throughput at 100k within 20% of that at 1k; p95 search and dyad latency
at 100k under 200 ms in SQLite. Issue 23: at 1M (PostgreSQL) and 300k (SQLite) p95 search
and dyad under 150 ms, ingest per CPU second within 25 % of 1k. The base is analysed with
article vectors (the default), so every copy has one; where the store has vectors, semantic
search is timed too (the query's embedding included; the index's recall against the exact
scan is measured by bench/vector_index.py). After a fill the vector index is brought up to
date (built, retrained or listed) before the timed segment, and its time reported apart.
Prints one JSON line per (backend, size).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from copy import deepcopy
from pathlib import Path

from sqlalchemy import create_engine, text

from newsdesk.answer.dyads import dyad
from newsdesk.answer.search import has_vectors, search, semantic
from newsdesk.executors import analyse_pages
from newsdesk.ingest.sources import read_sources
from newsdesk.model import Document, RawPage
from newsdesk.sentences import split
from newsdesk.store.engine import open_store
from newsdesk.store.load import ingest
from newsdesk.store.vector_index import maintain
from newsdesk.store.writer import load_story_index

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_fill import fill  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EDITS = (
    "The report was updated later in the day.",
    "Additional reporting by staff.",
    "This story has been corrected.",
    "More details are expected.",
)


def server_cpu_s() -> float:
    """CPU seconds used so far by this machine's PostgreSQL processes (0 where /proc is not).

    Counted with this process's CPU, an ingest into PostgreSQL is charged for the database's
    work too (parsing, the tsvector, index upkeep), not only for the Python writer.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if fields[0].endswith("(postgres"):
                parts = fields[1].split()
                total += int(parts[11]) + int(parts[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / tick


def base_documents(corpus: Path, n: int, workers: int) -> list[Document]:
    """``n`` analysed articles of the sample, cached after the first run."""
    cache = REPO / ".newsdesk" / f"scale-base-{n}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    pages = [p for p in read_sources([str(corpus)]) if isinstance(p, RawPage)][:n]
    started = time.perf_counter()
    executor = "process" if workers > 1 else "local"
    analysed = analyse_pages(pages, workers=workers, executor=executor)
    docs = [doc for doc in analysed if isinstance(doc, Document)]
    print(f"analysed {len(docs)} base articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(docs))
    return docs


def replicas(base: list[Document], rng: random.Random, first_copy: int = 1) -> Iterator[Document]:
    """Endless copies with new ids and URLs; the body gains one sentence at its end (offsets unchanged).

    Each copy is a page of its own (as a syndicated copy is), not a new version of the
    original's URL: at every size the whole corpus is current, and copies join one story.
    Copies are numbered from ``first_copy``: a resumed run starts past the numbers a store
    holds already, or its pages would be known by their content and skipped.
    """
    copy = first_copy - 1
    while True:
        copy += 1
        for doc in base:
            new = deepcopy(doc)
            new_id = f"{doc.article.id}-r{copy}"
            new.article.id = new_id
            if doc.article.url:
                new.article.url = f"{doc.article.url}?copy={copy}"
            if doc.raw.url:
                new.raw.url = f"{doc.raw.url}?copy={copy}"
            new.article.body = f"{doc.article.body}\n\n{rng.choice(EDITS)} (Item {copy}.)"
            new.raw.id = new_id
            new.raw.content = f"{doc.raw.content}\n\n(Item {copy}.)"
            yield new


def prebuilt(docs: list[Document]) -> Callable[..., Iterator[Document]]:
    """An ``analyse`` for the store's ingest that hands back documents analysed already."""
    by_content = {d.raw.content: d for d in docs}
    return lambda pages, **_: (by_content[p.content] for p in pages)


def latency(run: Callable[[str], object], queries: list) -> dict:
    run(queries[0])  # warm
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def query_sets(base: list[Document], n: int, rng: random.Random) -> tuple[list[str], list[tuple[str, str]]]:
    words = [w for d in base for w in (d.article.title or "").split() if len(w) > 4 and w.isalpha()]
    searches = [" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(n)]
    pairs = []
    for d in base:
        for ev in d.events:
            a, b = (
                d.entity(ev.source) if isinstance(ev.source, str) else None,
                d.entity(ev.target) if isinstance(ev.target, str) else None,
            )
            if a and b and a.name != b.name:
                pairs.append((a.name, b.name))
    if not pairs:  # no coded events yet: neighbouring actors of one article
        pairs = [(e.name, f.name) for d in base for e, f in zip(d.entities, d.entities[1:], strict=False)]
    return searches, [rng.choice(pairs) for _ in range(n)]


def meaning_queries(base: list[Document], n: int) -> list[str]:
    """Real sentences to search by meaning: the second sentence of sampled articles (never a title)."""
    out = []
    for doc in random.Random(11).sample(base, len(base)):
        spans = split(doc.article.body)
        if len(spans) > 2:
            start, end = spans[1]
            if 40 <= end - start <= 300:
                out.append(doc.article.body[start:end])
        if len(out) >= n:
            break
    return out


def measure(name: str, engine, searches: list[str], pairs: list[tuple[str, str]],
            meanings: list[str] | None = None) -> dict:
    """Search, dyad and (where the store has vectors) semantic latency (p50, p95) as it stands.

    A semantic query's time includes embedding the query (one sentence through MiniLM).
    """
    with engine.connect() as conn:
        out = {
            "backend": name,
            "articles": conn.scalar(text("SELECT count(*) FROM articles")),
            "search": latency(lambda q, c=conn: search(c, q, limit=10), searches),
            "dyad": latency(lambda p, c=conn: dyad(c, *p), pairs),
        }
        if meanings and has_vectors(conn):
            out["semantic"] = latency(lambda q, c=conn: semantic(c, q, limit=10), meanings)
        return out


def run_backend(
    name: str, engine, base: list[Document], sizes: list[int], n_queries: int, batch_size: int,
    fill_from: int | None = None, resume: bool = False,
) -> Iterator[dict]:
    rng = random.Random(7)
    searches, pairs = query_sets(base, n_queries, rng)
    meanings = meaning_queries(base, n_queries)
    stored = 0
    if resume:  # a kept store: go on from what it holds, its signatures held as after a fill
        with engine.connect() as conn:
            stored = conn.scalar(select_count) or 0
            load_story_index(conn)
    stream = replicas(base, rng, first_copy=1000 + stored if resume else 1)
    first_id = None
    for size in sizes:
        if resume and size <= stored:
            continue
        filled, index_did, index_s = 0.0, "", 0.0
        if fill_from is not None and stored >= fill_from and size - 1000 > stored:
            if first_id is None:
                with engine.connect() as conn:
                    first_id = conn.scalar(text("SELECT min(id) FROM articles"))
                    last_id = conn.scalar(text("SELECT max(id) FROM articles"))
            started = time.perf_counter()
            stored = fill(engine, size - 1000, (first_id, last_id),
                          say=lambda m: print(m, file=sys.stderr, flush=True))
            filled = time.perf_counter() - started
            with engine.connect() as conn:  # the copies' signatures, as a running ingest holds them
                load_story_index(conn)
            # The copies' vectors join the index (built, retrained or listed) before the timed
            # segment, as a store that grew by ingest would have them; its cost is reported apart.
            started = time.perf_counter()
            index_did = maintain(engine)
            index_s = time.perf_counter() - started
        segment_start, seconds, cpu, server = stored, 0.0, 0.0, 0.0
        while stored < size:
            chunk = [next(stream) for _ in range(min(1000, size - stored))]
            started, cpu_started = time.perf_counter(), time.process_time()  # replicas not counted
            server_started = server_cpu_s()
            ingest(engine, [d.raw for d in chunk], batch_size=batch_size, analyse=prebuilt(chunk))
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            server += server_cpu_s() - server_started
            stored += len(chunk)
        with engine.connect() as conn:
            stored = conn.scalar(select_count)
        result = {
            "backend": name,
            "articles": stored,
            "ingest_articles_per_s": round((stored - segment_start) / seconds, 1),
            # this process's CPU only (steadier than wall time on a shared machine; for
            # PostgreSQL the server's work is not in it)
            "ingest_articles_per_cpu_s": round((stored - segment_start) / cpu, 1),
        }
        if name == "postgres":  # the database's CPU counted too
            per_cpu = (stored - segment_start) / (cpu + server)
            result["ingest_articles_per_cpu_s_with_server"] = round(per_cpu, 1)
        if filled:
            result["filled_s"] = round(filled)
            result["vector_index"] = {"did": index_did, "seconds": round(index_s)}
        lat = measure(name, engine, searches, pairs, meanings)
        result.update({k: lat[k] for k in ("search", "dyad", "semantic") if k in lat})
        print(json.dumps(result), flush=True)
        yield result


select_count = text("SELECT count(*) FROM articles")


def postgres_engine(url: str, keep: str | None = None, fresh: bool = True):
    """A schema in the given database (fresh, or ``keep`` as it stands); dropped by the caller unless kept."""
    schema = keep or "scale_" + uuid.uuid4().hex[:10]
    admin = create_engine(url)
    with admin.begin() as conn:
        if fresh:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine = open_store(url, connect_args={"options": f"-csearch_path={schema}"})

    def drop() -> None:
        engine.dispose()
        if not keep:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--base", type=int, default=3200,
                        help="articles analysed once, then replicated (default: the whole sample)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=1000,
                        help="documents per commit (default: one commit per 1,000-article ingest run)")
    parser.add_argument("--workers", type=int, default=1, help="for the one-off base analysis")
    parser.add_argument("--fill-from", type=int, default=None,
                        help="past this many articles, grow the store by copying rows (bench/store_fill.py)")
    parser.add_argument("--keep", metavar="SCHEMA", help="PostgreSQL: build into this schema and keep it")
    parser.add_argument("--resume", action="store_true",
                        help="go on with the kept store (--keep or --sqlite) up to the sizes above its count")
    parser.add_argument("--measure-only", action="store_true",
                        help="time search and dyads on the kept store as it stands (no ingest)")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_TEST_POSTGRES_URL"))
    parser.add_argument("--sqlite", type=Path, default=REPO / ".newsdesk" / "scale.db")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    base = base_documents(args.corpus, args.base, args.workers)

    def run(name: str, engine) -> None:
        if args.measure_only:
            searches, pairs = query_sets(base, args.queries, random.Random(7))
            meanings = meaning_queries(base, args.queries)
            print(json.dumps(measure(name, engine, searches, pairs, meanings)), flush=True)
        else:
            list(run_backend(name, engine, base, sizes, args.queries, args.batch_size, args.fill_from,
                             args.resume))

    for backend in args.backends.split(","):
        if backend == "sqlite":
            args.sqlite.parent.mkdir(exist_ok=True)
            if not (args.measure_only or args.resume):
                args.sqlite.unlink(missing_ok=True)
            engine = open_store(args.sqlite)
            run("sqlite", engine)
            engine.dispose()
        elif backend == "postgres":
            if not args.postgres:
                print(
                    "no PostgreSQL URL (--postgres or NEWSDESK_TEST_POSTGRES_URL): skipped", file=sys.stderr
                )
                continue
            engine, drop = postgres_engine(args.postgres, args.keep,
                                           fresh=not (args.measure_only or args.resume))
            try:
                run("postgres", engine)
            finally:
                drop()


if __name__ == "__main__":
    main()
