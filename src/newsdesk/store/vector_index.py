"""Nearest articles by meaning: an approximate index in plain SQL (IVF), and the exact scan.

The index is an inverted file: k-means centroids (``vector_lists``) cut the vector space
into lists, each article vector carries the id of its nearest centroid (``article_vectors.list_id``,
indexed), and a query reads only the vectors of the ``nprobe`` lists nearest to it, then ranks
them exactly with numpy. It is the same SQL on SQLite and PostgreSQL: pgvector's server
extension cannot be installed here, and sqlite-vec (loadable through another SQLite driver)
answers by a brute-force scan; docs/scaling.md has what was measured.

The index grows with the store: a vector written after training joins its nearest list at
once (``assign``), and ``maintain`` retrains the centroids when the store has grown
``RETRAIN_FACTOR`` times since. Below ``MIN_INDEXED`` vectors there is no index: the exact
scan over all vectors is as fast. The exact scan stays as the fallback and as the reference
the index's recall is measured against (``bench/vector_index.py``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Engine, Select, bindparam, delete, func, select, text, update

from .schema import article_vectors, vector_lists

DIM = 384
#: Fewest vectors worth an index; below, a query scans them all (a few milliseconds).
MIN_INDEXED = 20_000
#: Retrain the centroids when the store holds this many times the vectors they were trained on.
RETRAIN_FACTOR = 4
#: Lists per square root of the vector count (2,000 lists at a million vectors, 500 in each).
LISTS_PER_ROOT = 2.0
#: Lists read per query: enough that the exact top ten are among them (recall@10 >= 0.95 in
#: ``bench/vector_index.py``); widened when the candidates are too few.
NPROBE = 24
#: Vectors the k-means is fitted on (a sample: more moves the centroids little), and its passes.
TRAIN_SAMPLE = 50_000
TRAIN_PASSES = 10
#: Vectors read, assigned and written per round when the index is built.
CHUNK = 20_000
#: The exact scan keeps the matrix in memory up to this many vectors; past it, it streams.
CACHED_VECTORS = 200_000


def to_matrix(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored float32 bytes to a (n, 384) matrix."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)


def top_k(ids: np.ndarray, sims: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (id, similarity), best first."""
    if not len(ids):
        return []
    if k < len(sims):
        part = np.argpartition(-sims, k - 1)[:k]
    else:
        part = np.arange(len(sims))
    order = part[np.argsort(-sims[part], kind="stable")]
    return [(int(ids[i]), float(sims[i])) for i in order]


@dataclass
class Lists:
    """The trained centroids (unit rows) and the vector count they were trained on."""

    centroids: np.ndarray
    trained_on: int

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """The list id of each vector: its nearest centroid by cosine."""
        if not len(vectors):
            return np.zeros(0, dtype=np.int64)
        return np.argmax(vectors @ self.centroids.T, axis=1)

    def probe(self, query: np.ndarray, nprobe: int) -> list[int]:
        sims = self.centroids @ query
        n = min(nprobe, len(sims))
        return [int(i) for i in np.argsort(-sims)[:n]]


class _Cache:
    """Per engine: the centroids, reloaded when they are retrained; small stores' whole matrix."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lists: dict[str, tuple[tuple, Lists | None]] = {}
        self.exact: dict[str, tuple[tuple, np.ndarray, np.ndarray]] = {}

    @staticmethod
    def key(conn: Connection) -> str:
        return f"{conn.engine.url}#{id(conn.engine)}"

    def centroids(self, conn: Connection) -> Lists | None:
        stamp = tuple(conn.execute(select(func.count(), func.max(vector_lists.c.trained_on))).one())
        key = self.key(conn)
        with self.lock:
            hit = self.lists.get(key)
            if hit and hit[0] == stamp:
                return hit[1]
        found = None
        if stamp[0]:
            rows = conn.execute(select(vector_lists.c.centroid, vector_lists.c.trained_on)
                                .order_by(vector_lists.c.list_id)).all()
            found = Lists(to_matrix([r.centroid for r in rows]).copy(), int(rows[0].trained_on))
        with self.lock:
            self.lists[key] = (stamp, found)
        return found

    def matrix(self, conn: Connection) -> tuple[np.ndarray, np.ndarray] | None:
        """All (ids, vectors) of a store small enough to keep in memory, else None."""
        stamp = tuple(conn.execute(select(func.count(), func.max(article_vectors.c.article_id))).one())
        if stamp[0] > CACHED_VECTORS:
            return None
        key = self.key(conn)
        with self.lock:
            hit = self.exact.get(key)
            if hit and hit[0] == stamp:
                return hit[1], hit[2]
        rows = conn.execute(select(article_vectors.c.article_id, article_vectors.c.vector)
                            .order_by(article_vectors.c.article_id)).all()
        ids = np.array([r.article_id for r in rows], dtype=np.int64)
        vectors = to_matrix([r.vector for r in rows])
        with self.lock:
            self.exact[key] = (stamp, ids, vectors)
        return ids, vectors


CACHE = _Cache()


def centroids(conn: Connection) -> Lists | None:
    """The index's centroids, or None when the store has no index (yet)."""
    return CACHE.centroids(conn)


def _vectors(conn: Connection, query: Select) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) of an (article id, vector) query: every read of stored vectors goes here.

    On PostgreSQL the rows come in the binary protocol: a probe reads some 10,000 vectors of
    1.5 KB, and as text each ``bytea`` is hex, twice the bytes and a decode per row (61-194 ms
    against 26-40 ms at a million vectors).
    """
    if conn.dialect.name == "postgresql":
        compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        raw = conn.connection.dbapi_connection
        with raw.cursor(binary=True) as cur:  # type: ignore[union-attr]
            cur.execute(str(compiled), compiled.params)
            rows = [(r[0], bytes(r[1])) for r in cur.fetchall()]
    else:
        rows = [(r[0], r[1]) for r in conn.execute(query)]
    return np.array([r[0] for r in rows], dtype=np.int64), to_matrix([r[1] for r in rows])


def chunks(conn: Connection, where=None, size: int = CHUNK) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """(ids, vectors) of the stored vectors in article id order, ``size`` at a time (keyset pages)."""
    last = -1
    while True:
        query = select(article_vectors.c.article_id, article_vectors.c.vector).where(
            article_vectors.c.article_id > last)
        if where is not None:
            query = query.where(where)
        ids, vectors = _vectors(conn, query.order_by(article_vectors.c.article_id).limit(size))
        if not len(ids):
            return
        last = int(ids[-1])
        yield ids, vectors


def exact(conn: Connection, query: np.ndarray, k: int, ids: Sequence[int] | None = None
          ) -> list[tuple[int, float]]:
    """The ``k`` stored vectors nearest to ``query`` by a scan of all (or of ``ids``): the reference."""
    if ids is not None:
        parts = [_vectors(conn, select(article_vectors.c.article_id, article_vectors.c.vector)
                          .where(article_vectors.c.article_id.in_(list(ids[start:start + 5000]))))
                 for start in range(0, len(ids), 5000)]
        found_ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        matrix = np.vstack([p[1] for p in parts]) if parts else np.zeros((0, DIM), dtype=np.float32)
        return top_k(found_ids, matrix @ query, k)
    cached = CACHE.matrix(conn)
    if cached is not None:
        return top_k(cached[0], cached[1] @ query, k)
    best: list[tuple[int, float]] = []
    for chunk_ids, vectors in chunks(conn):
        merged = best + top_k(chunk_ids, vectors @ query, k)
        best = sorted(merged, key=lambda p: -p[1])[:k]
    return best


def approximate(conn: Connection, query: np.ndarray, k: int, nprobe: int = NPROBE,
                lists: Lists | None = None) -> list[tuple[int, float]] | None:
    """The ``k`` nearest vectors among those of the ``nprobe`` nearest lists; None without an index.

    Vectors not yet in a list (``list_id`` NULL: written before the index was trained) are
    read as well, so nothing stored is ever unreachable.
    """
    lists = lists or centroids(conn)
    if lists is None:
        return None
    probe = [int(p) for p in lists.probe(query, nprobe)]
    ids, matrix = _vectors(conn, select(article_vectors.c.article_id, article_vectors.c.vector).where(
        article_vectors.c.list_id.in_(probe) | article_vectors.c.list_id.is_(None)))
    return top_k(ids, matrix @ query, k)


def nearest(conn: Connection, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` nearest article vectors: through the index when the store has one, else exact."""
    found = approximate(conn, query, k)
    return exact(conn, query, k) if found is None else found


def list_count(vectors: int) -> int:
    return max(8, int(LISTS_PER_ROOT * math.sqrt(vectors)))


def _sample(conn: Connection, size: int, seed: int) -> np.ndarray:
    """``size`` stored vectors drawn at random (by article id), for training."""
    ids = np.array(conn.scalars(select(article_vectors.c.article_id)).all(), dtype=np.int64)
    chosen = np.random.default_rng(seed).choice(ids, size=min(size, len(ids)), replace=False)
    return to_matrix([blob for start in range(0, len(chosen), 5000) for blob in conn.scalars(
        select(article_vectors.c.vector).where(
            article_vectors.c.article_id.in_([int(i) for i in chosen[start:start + 5000]])))])


def train(sample: np.ndarray, lists: int, seed: int = 0) -> np.ndarray:
    """Unit centroids of ``lists`` clusters of ``sample`` (mini-batch k-means on unit vectors)."""
    from sklearn.cluster import MiniBatchKMeans

    # a few passes over the sample: the lists need not be optimal, only coherent (the probe
    # reads several of them), and a pass costs a matrix product of the sample by the centroids
    model = MiniBatchKMeans(n_clusters=lists, batch_size=4096, n_init=1, max_iter=TRAIN_PASSES,
                            max_no_improvement=10, random_state=seed)
    model.fit(sample)
    found = model.cluster_centers_.astype(np.float32)
    return found / np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-12)


def build(engine: Engine, lists: int | None = None, *, seed: int = 0,
          on_progress: Callable[[str], None] | None = None) -> int:
    """Train the centroids on a sample of the stored vectors and put every vector in its list.

    Returns the number of lists. Runs in one transaction per ``CHUNK`` vectors after the
    centroids are written (a query meanwhile reads the vectors not yet listed as well; while
    retraining, some vectors are still in their old list until their chunk is done).
    """
    say = on_progress or (lambda _message: None)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(article_vectors)) or 0
        if not count:
            return 0
        lists = min(lists or list_count(count), count)
        sample = _sample(conn, TRAIN_SAMPLE, seed)
    say(f"training {lists} lists on {len(sample)} of {count} vectors")
    found = Lists(train(sample, lists, seed), count)
    with engine.begin() as conn:
        conn.execute(delete(vector_lists))
        conn.execute(vector_lists.insert(), [{"list_id": i, "centroid": c.tobytes(), "trained_on": count}
                                             for i, c in enumerate(found.centroids)])
    done = 0
    with engine.connect() as reader:
        for ids, vectors in chunks(reader):
            with engine.begin() as conn:
                _set_lists(conn, ids, found.nearest(vectors))
            done += len(ids)
            say(f"listed {done} of {count}")
    if engine.dialect.name == "postgresql":
        # One list's vectors on neighbouring pages: a probe reads some 24 runs of pages instead
        # of 10,000 scattered ones (p50 160 -> 108 ms at a million vectors, text protocol).
        # CLUSTER rewrites the table under an exclusive lock (23 s at a million): it runs only
        # here, when the index is built or retrained; vectors written later are appended.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("CLUSTER article_vectors USING ix_article_vectors_list"))
            conn.execute(text("ANALYZE article_vectors"))
    return lists


def _vacuum(engine: Engine) -> None:
    """PostgreSQL: clear the row versions that listing left behind, and refresh statistics.

    Listing updates every vector it lists; until a VACUUM the list index still points at the
    old versions (``list_id`` NULL), so a query's ``list_id IS NULL`` branch matched all of
    them and read the whole table (881 ms a query at a million vectors, 97 ms after).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE article_vectors"))


def _set_lists(conn: Connection, ids: np.ndarray, list_ids: np.ndarray) -> None:
    """Write each vector's list: one UPDATE from two arrays on PostgreSQL, one per row on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("UPDATE article_vectors SET list_id = v.lid FROM (SELECT unnest(CAST(:aids AS integer[])) "
                 "AS aid, unnest(CAST(:lids AS integer[])) AS lid) AS v WHERE article_id = v.aid"),
            {"aids": [int(a) for a in ids], "lids": [int(b) for b in list_ids]},
        )
        return
    conn.execute(
        update(article_vectors).where(article_vectors.c.article_id == bindparam("aid"))
        .values(list_id=bindparam("lid")),
        [{"aid": int(a), "lid": int(b)} for a, b in zip(ids, list_ids, strict=True)],
    )


def maintain(engine: Engine, on_progress: Callable[[str], None] | None = None) -> str:
    """Keep the index in step with the store: build it once the store is large enough, retrain
    it when the store has grown ``RETRAIN_FACTOR`` times, list the vectors that are not.

    Returns what it did (``none``, ``built``, ``retrained``, ``listed N``).
    """
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(article_vectors)) or 0
        lists = centroids(conn)
        unlisted = conn.scalar(select(func.count()).select_from(article_vectors)
                               .where(article_vectors.c.list_id.is_(None))) or 0
    if count < MIN_INDEXED and lists is None:
        return "none"
    if lists is None:
        build(engine, on_progress=on_progress)
        return "built"
    if count > RETRAIN_FACTOR * lists.trained_on:
        build(engine, on_progress=on_progress)
        return "retrained"
    if unlisted:
        with engine.connect() as reader:
            for ids, vectors in chunks(reader, article_vectors.c.list_id.is_(None)):
                with engine.begin() as conn:
                    _set_lists(conn, ids, lists.nearest(vectors))
        if unlisted > CHUNK:
            _vacuum(engine)
        return f"listed {unlisted}"
    return "none"
