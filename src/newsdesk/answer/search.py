"""Search the corpus: full-text (FTS5 / tsvector), semantic (article vectors), hybrid.

Filters narrow the candidate articles in SQL first (actor, place, date range, event
category, modality); the hybrid ranking fuses the full-text and semantic lists by
reciprocal rank, which needs no score calibration between the two.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Row,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)

from ..read.embedding import lead_end
from ..store import vector_index
from ..store.keys import VECTOR_MODEL
from ..store.schema import article_vectors, articles, embeddings, events, mentions, places
from .actor_lookup import resolve_name
from .facts import attribution

MAX_QUERY_CHARS = 500
RRF_K = 60
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Filters:
    actor: str | None = None
    place: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    category: str | None = None
    modality: str | None = None

    def any(self) -> bool:
        return any(v for v in vars(self).values())


@dataclass
class Hit:
    article_id: int
    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    snippet: str
    score: float
    start: int | None = None  # the matching sentence (semantic), offsets into the body
    end: int | None = None
    attribution: str | None = None
    copies: int = 1  # matching copies of the same story (syndication, re-wraps)


def _conditions(conn: Connection, f: Filters) -> list | None:
    """SQL conditions on ``articles``; None when a named actor or place is unknown (no hits)."""
    cond: list[ColumnElement[bool]] = [articles.c.current.is_(True)]
    if f.since:
        cond.append(articles.c.published >= f.since)
    if f.until:
        cond.append(articles.c.published <= f.until + "\uffff")
    if f.actor:
        ids = resolve_name(conn, f.actor)
        if not ids:
            return None
        cond.append(articles.c.id.in_(select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids))))
    if f.place:
        key = f.place.strip()
        match = or_(func.lower(places.c.name) == key.lower(), places.c.country_code == key.upper())
        cond.append(articles.c.id.in_(select(places.c.article_id).where(match)))
    if f.category or f.modality:
        ev = []
        if f.category:
            ev.append(events.c.type == f.category.upper())
        if f.modality:
            ev.append(events.c.modality == f.modality.lower())
        cond.append(articles.c.id.in_(select(events.c.article_id).where(and_(*ev))))
    return cond


#: The article columns every hit carries.
HIT_COLUMNS = (
    articles.c.id,
    articles.c.doc_id,
    articles.c.title,
    articles.c.url,
    articles.c.outlet,
    articles.c.published,
)


def _hit(row, snippet: str, score: float, start: int | None = None, end: int | None = None) -> Hit:
    return Hit(
        row.id,
        row.doc_id,
        row.title,
        row.url,
        row.outlet,
        row.published,
        snippet,
        score,
        start,
        end,
        attribution(row.url),
    )


#: Best full-text matches read at first (SQLite), and how many at most before filtering in SQL.
FTS_FIRST = 64
FTS_WIDEST = 4000
_MATCHES = (
    "SELECT rowid AS id, bm25(article_fts, 4.0, 1.0) AS rank FROM article_fts WHERE article_fts MATCH :q"
)


def _fts_sqlite(conn: Connection, words: list[str], cond: list, limit: int, any_word: bool
                ) -> tuple[list[Hit], str]:
    """The best matches from the FTS index alone, then the filters; no snippets (``_snippets``).

    Ranking alone is cheap (bm25 over the index); a snippet per match, or a join per match,
    costs in proportion to the matches (tens of thousands for a common word in a large
    store). The ranked list is widened while filters leave too few; past ``FTS_WIDEST`` the
    filters are joined in SQL instead. Returns the hits and the FTS5 query that found them.
    """
    joiner = " OR " if any_word else " "
    match = joiner.join('"' + w.replace('"', "") + '"' for w in words)
    k = max(FTS_FIRST, limit)
    while True:
        if k > FTS_WIDEST:
            ranked_q = text(_MATCHES).columns(literal_column("id"), literal_column("rank")).subquery("fts")
            rows = conn.execute(
                select(*HIT_COLUMNS, ranked_q.c.rank)
                .join(ranked_q, ranked_q.c.id == articles.c.id)
                .where(*cond)
                .order_by(ranked_q.c.rank)
                .limit(limit),
                {"q": match},
            ).all()
            ranked = [(r.id, r.rank) for r in rows]
            found: dict[int, Row] = {r.id: r for r in rows}
            break
        ranked = [
            tuple(r) for r in conn.execute(text(_MATCHES + " ORDER BY rank LIMIT :k"), {"q": match, "k": k})
        ]
        ids = [rid for rid, _ in ranked]
        found = {r.id: r for r in conn.execute(select(*HIT_COLUMNS).where(articles.c.id.in_(ids), *cond))}
        if sum(rid in found for rid in ids) >= limit or len(ranked) < k:
            break
        k *= 4
    kept = [(rid, rank) for rid, rank in ranked if rid in found][:limit]
    return [_hit(found[rid], "", -float(rank)) for rid, rank in kept], match


#: Matching articles ranked at most (PostgreSQL). Ranking reads each match's stored
#: ``tsvector`` (out of line, in TOAST), so it costs in proportion to the matches: a common
#: word in a million articles matches hundreds of thousands. Past this many, the newest
#: matches (highest ids) are the ones ranked; a rarer query ranks all of its matches.
PG_RANKED = 2000


#: ``ts_headline`` options: the words marked as FTS5's ``snippet`` marks them, about as long.
HEADLINE = "StartSel=[, StopSel=], MaxWords=30, MinWords=10"


def _tsquery(words: list[str], any_word: bool) -> str:
    return (" | " if any_word else " & ").join(w.replace("'", "") for w in words)


def _fts_postgres(conn: Connection, words: list[str], cond: list, limit: int, any_word: bool
                  ) -> tuple[list[Hit], str]:
    """The best-ranked of the newest ``PG_RANKED`` matches; no snippets (``_snippets``)."""
    query_text = _tsquery(words, any_word)
    tsq = func.to_tsquery("english", query_text)
    search: ColumnClause[Any] = literal_column("articles.search")
    # The newest matches are found first and only they are ranked: the rank reads each
    # tsvector out of line, and ranking in the matching scan read every match's (a common word
    # at 1M articles: 27,000 read for 2,000 kept, 250-510 ms against 92-115 ms this way).
    newest = (
        select(articles.c.id)
        .where(search.op("@@")(tsq), *cond)
        .order_by(articles.c.id.desc())
        .limit(PG_RANKED)
        .subquery("newest")
    )
    ranked = articles.alias("ranked")
    rank = func.ts_rank_cd(literal_column("ranked.search"), tsq).label("rank")
    best = (
        select(ranked.c.id, rank)
        .join(newest, newest.c.id == ranked.c.id)
        .order_by(rank.desc(), ranked.c.id)
        .limit(limit)
        .subquery("best")
    )
    query = (
        select(*HIT_COLUMNS, best.c.rank)
        .join(best, best.c.id == articles.c.id)
        .order_by(best.c.rank.desc(), articles.c.id)
    )
    return [_hit(r, "", float(r.rank)) for r in conn.execute(query)], query_text


def _snippets(conn: Connection, hits: list[Hit], match: str) -> list[Hit]:
    """Each hit's snippet, the query's words marked: computed for the hits shown, not for every match.

    A snippet reads the article's whole body (``ts_headline``, FTS5 ``snippet``), so it is
    made last, after copies of a story are merged and the list is cut to its length.
    """
    if not hits:
        return hits
    ids = [h.article_id for h in hits]
    if conn.dialect.name == "postgresql":
        tsq = func.to_tsquery("english", match)
        snip = func.ts_headline("english", articles.c.body, tsq, HEADLINE)
        found = dict(conn.execute(select(articles.c.id, snip).where(articles.c.id.in_(ids))).all())
    else:
        found = dict(
            conn.execute(
                text(
                    "SELECT rowid, snippet(article_fts, 1, '[', ']', '…', 16) FROM article_fts "
                    "WHERE article_fts MATCH :q AND rowid IN (SELECT value FROM json_each(:ids))"
                ),
                {"q": match, "ids": json.dumps(ids)},
            ).all()
        )
    for h in hits:
        h.snippet = found.get(h.article_id) or ""
    return hits


def _ranked_fulltext(conn: Connection, query: str, filters: Filters | None, limit: int
                     ) -> tuple[list[Hit], str]:
    """``fulltext``'s hits without snippets, and the engine's query that found them."""
    words = _WORD.findall(query[:MAX_QUERY_CHARS])[:32]
    cond = _conditions(conn, filters or Filters())
    if not words or cond is None:
        return [], ""
    run = _fts_postgres if conn.dialect.name == "postgresql" else _fts_sqlite
    hits, match = run(conn, words, cond, limit, False)
    if not hits and len(words) > 1:
        hits, match = run(conn, words, cond, limit, True)
    return hits, match


def fulltext(conn: Connection, query: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Articles with every word of the query (any word when none has them all), best first."""
    return _snippets(conn, *_ranked_fulltext(conn, query, filters, limit))


class _Vectors:
    """All sentence vectors of a store in one matrix, reloaded when the store grows.

    Only for a store that has sentence vectors and no article vectors (embedded before
    revision 0011): semantic search then ranks articles by their best sentence, as it did.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cache: dict[str, tuple[int | None, np.ndarray, np.ndarray]] = {}

    def get(self, conn: Connection):
        key = f"{conn.engine.url}#{id(conn.engine)}"  # one schema per engine (tests use several)
        count = conn.scalar(select(func.count()).select_from(embeddings))
        with self.lock:
            hit = self.cache.get(key)
            if hit and hit[0] == count:
                return hit[1:]
            rows = conn.execute(
                select(embeddings.c.article_id, embeddings.c.start, embeddings.c.end, embeddings.c.vector)
                .where(embeddings.c.model == VECTOR_MODEL)
                .order_by(embeddings.c.id)
            ).all()
            meta = np.array([(r.article_id, r.start, r.end) for r in rows], dtype=np.int64).reshape(-1, 3)
            matrix = (
                np.frombuffer(b"".join(r.vector for r in rows), dtype=np.float32).reshape(len(rows), -1)
                if rows
                else np.zeros((0, 384), dtype=np.float32)
            )
            self.cache[key] = (count, meta, matrix)
            return meta, matrix


VECTORS = _Vectors()


def has_vectors(conn: Connection) -> bool:
    """Whether semantic search has anything to rank: article vectors, or sentence vectors."""
    return (conn.scalar(select(article_vectors.c.article_id).limit(1)) is not None
            or conn.scalar(select(embeddings.c.id).limit(1)) is not None)


#: A filter leaving at most this many articles is answered by the exact scan of their vectors.
EXACT_FILTERED = 20_000
#: Candidates asked of the index at most (widened from ``2 * limit``) before scanning exactly.
INDEX_WIDEST = 4_096


def _query_vector(query: str) -> np.ndarray:
    from ..read.embedding import embed

    return embed([query[:MAX_QUERY_CHARS]])[0]


def _ranked(conn: Connection, q: np.ndarray, cond: list, filtered: bool, limit: int
            ) -> list[tuple[int, float]]:
    """The ``limit`` articles meeting ``cond`` whose vectors are nearest ``q``, best first.

    A narrow filter is answered exactly over its articles; otherwise the index gives the
    nearest vectors, widened while too few of them meet the conditions (an article retired
    by a newer version, a broad filter).
    """
    if filtered:
        allowed = list(conn.scalars(select(articles.c.id).where(*cond).limit(EXACT_FILTERED + 1)))
        if len(allowed) <= EXACT_FILTERED:
            return vector_index.exact(conn, q, limit, allowed)
    k = max(2 * limit, 20)
    while True:
        found = vector_index.nearest(conn, q, k)
        ids = [aid for aid, _ in found]
        meet = set()
        for start in range(0, len(ids), 1000):
            meet |= set(conn.scalars(select(articles.c.id).where(articles.c.id.in_(ids[start:start + 1000]),
                                                                 *cond)))
        kept = [(aid, score) for aid, score in found if aid in meet]
        if len(kept) >= limit or len(found) < k:
            return kept[:limit]
        if k >= INDEX_WIDEST:
            allowed = list(conn.scalars(select(articles.c.id).where(*cond)))
            return vector_index.exact(conn, q, limit, allowed)
        k *= 4


def _best_sentences(conn: Connection, q: np.ndarray, ids: list[int]) -> dict[int, tuple[int, int, float]]:
    """Each article's sentence nearest ``q`` (start, end, similarity), where it has sentence vectors."""
    rows = conn.execute(
        select(embeddings.c.article_id, embeddings.c.start, embeddings.c.end, embeddings.c.vector)
        .where(embeddings.c.article_id.in_(ids), embeddings.c.model == VECTOR_MODEL)
    ).all()
    if not rows:
        return {}
    sims = vector_index.to_matrix([r.vector for r in rows]) @ q
    best: dict[int, tuple[int, int, float]] = {}
    for r, sim in zip(rows, sims, strict=True):
        if r.article_id not in best or sim > best[r.article_id][2]:
            best[r.article_id] = (r.start, r.end, float(sim))
    return best


def semantic(conn: Connection, query: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Articles whose vector (title, standfirst and lead) is closest in meaning to the query.

    The snippet is the article's sentence closest to the query where it has sentence vectors
    (``ingest --embed``), else its lead; ``start``/``end`` are its offsets in the body either way.
    """
    f = filters or Filters()
    cond = _conditions(conn, f)
    if cond is None or not query.strip():
        return []
    if conn.scalar(select(article_vectors.c.article_id).limit(1)) is None:
        return _by_sentences(conn, query, cond, limit)
    q = _query_vector(query)
    ranked = _ranked(conn, q, cond, f.any(), limit)
    if not ranked:
        return []
    ids = [aid for aid, _ in ranked]
    rows = {r.id: r for r in conn.execute(select(*HIT_COLUMNS, articles.c.body)
                                          .where(articles.c.id.in_(ids)))}
    sentences = _best_sentences(conn, q, ids)
    hits = []
    for aid, score in ranked:
        r = rows[aid]
        start, end = sentences[aid][:2] if aid in sentences else (0, lead_end(r.body))
        hits.append(_hit(r, r.body[start:end], score, start, end))
    return hits


def _by_sentences(conn: Connection, query: str, cond: list, limit: int) -> list[Hit]:
    """Articles whose best sentence is closest in meaning to the query (a store of sentence
    vectors only)."""
    meta, matrix = VECTORS.get(conn)
    if not len(meta):
        return []
    sims = matrix @ _query_vector(query)
    mask = np.isin(meta[:, 0], list(conn.scalars(select(articles.c.id).where(*cond))))
    sims = np.where(mask, sims, -np.inf)
    # Best sentence per article: a bounded partial sort, widened if many top sentences share articles.
    best: dict[int, int] = {}
    k = min(len(sims), limit * 20)
    while True:
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        for i in top[np.argsort(-sims[top])]:
            if not np.isfinite(sims[i]):
                break
            best.setdefault(int(meta[i, 0]), int(i))
            if len(best) >= limit:
                break
        if len(best) >= limit or k >= len(sims):
            break
        best, k = {}, min(len(sims), k * 4)
    if not best:
        return []
    rows = {r.id: r for r in conn.execute(select(*HIT_COLUMNS, articles.c.body)
                                          .where(articles.c.id.in_(list(best))))}
    hits = []
    for aid, i in best.items():
        r, start, end = rows[aid], int(meta[i, 1]), int(meta[i, 2])
        hits.append(_hit(r, r.body[start:end], float(sims[i]), start, end))
    return hits


def hybrid(conn: Connection, query: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Reciprocal rank fusion of the full-text and the semantic lists."""
    lists = [fulltext(conn, query, filters, limit * 3), semantic(conn, query, filters, limit * 3)]
    fused: dict[int, float] = {}
    first: dict[int, Hit] = {}
    for hits in lists:
        for rank, hit in enumerate(hits):
            fused[hit.article_id] = fused.get(hit.article_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            first.setdefault(hit.article_id, hit)
    top = sorted(fused, key=lambda a: -fused[a])[:limit]
    out = []
    for aid in top:
        hit = first[aid]
        hit.score = round(fused[aid], 5)
        out.append(hit)
    return out


MODES = {"fts": fulltext, "semantic": semantic, "hybrid": hybrid}


def search(
    conn: Connection,
    query: str,
    *,
    mode: str = "fts",
    filters: Filters | None = None,
    limit: int = 10,
    collapse: bool = True,
) -> list[Hit]:
    """Search in ``mode``; with ``collapse``, copies of one story show once (``copies`` counts them)."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}; use one of {sorted(MODES)}")
    if mode == "fts":  # snippets for the hits shown only, after copies are merged
        hits, match = _ranked_fulltext(conn, query, filters, limit * 3 if collapse else limit)
        return _snippets(conn, collapse_stories(conn, hits)[:limit] if collapse else hits, match)
    hits = MODES[mode](conn, query, filters, limit * 3 if collapse else limit)
    return collapse_stories(conn, hits)[:limit] if collapse else hits


def collapse_stories(conn: Connection, hits: list[Hit]) -> list[Hit]:
    """Keep the best-ranked hit of each story; ``copies`` says how many of its copies matched."""
    if not hits:
        return hits
    ids = [h.article_id for h in hits]
    story = dict(conn.execute(select(articles.c.id, articles.c.story_id).where(articles.c.id.in_(ids))).all())
    kept: dict[object, Hit] = {}
    for h in hits:
        key = story.get(h.article_id) or f"a{h.article_id}"
        if key in kept:
            kept[key].copies += 1
        else:
            h.copies = 1
            kept[key] = h
    return list(kept.values())
