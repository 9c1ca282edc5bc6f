"""How many stories a search matches, for "1–25 of 312" and for paging (``search`` ranks, this counts).

Full-text: the stories with every word (with any word when none has them all, as ``fulltext``
falls back). Semantic and hybrid rank every article that has sentence vectors, so their total
is the stories with vectors that pass the filters.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, literal_column, select, text

from ..store.schema import articles, embeddings
from .search import _WORD, MAX_QUERY_CHARS, Filters, _conditions

#: Stories counted at most (a count of a common word in a huge store is cut here).
COUNT_CAP = 100_000


def _story():
    return func.count(func.distinct(func.coalesce(articles.c.story_id, -articles.c.id)))


def _fts_count(conn: Connection, words: list[str], cond: list, any_word: bool) -> int:
    if conn.dialect.name == "postgresql":
        tsq = func.to_tsquery(
            "english", (" | " if any_word else " & ").join(w.replace("'", "") for w in words)
        )
        where = literal_column("articles.search").op("@@")(tsq)
        return conn.scalar(select(_story()).where(where, *cond)) or 0
    match = (" OR " if any_word else " ").join('"' + w.replace('"', "") + '"' for w in words)
    hits = text(f"SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :q LIMIT {COUNT_CAP}")
    sub = hits.columns(literal_column("id")).subquery("fts")
    return conn.scalar(select(_story()).join(sub, sub.c.id == articles.c.id).where(*cond), {"q": match}) or 0


def count_matches(conn: Connection, query: str, mode: str = "fts", filters: Filters | None = None) -> int:
    cond = _conditions(conn, filters or Filters())
    if cond is None:
        return 0
    words = _WORD.findall(query[:MAX_QUERY_CHARS])[:32]
    if mode == "fts":
        if not words:
            return 0
        total = _fts_count(conn, words, cond, False)
        return total if total or len(words) == 1 else _fts_count(conn, words, cond, True)
    with_vectors = articles.c.id.in_(select(embeddings.c.article_id))
    return conn.scalar(select(_story()).where(with_vectors, *cond)) or 0
