"""Grow a store by copying its own rows inside the database (``bench/scale.py --fill-from``).

Ingesting a million replicas through the store's ingest takes many hours on two cores, and
what a benchmark at a million articles needs is a store of that size, not a million writes.
This copies the rows of articles already stored (and everything read out of them: mentions,
places and their mentions, dates, quotes, events and relations with their actor links) with
``INSERT … SELECT``, new ids and the same content, so the database does the work. Every copy
gets its own content hash, URL and document id, stays in its original's story (as a
syndicated copy ingested for real would), and PostgreSQL computes its ``tsvector`` as for any
insert; SQLite's FTS5 index gets its row here. Actors, aliases and stories are shared.

The copies are not analysed nor signed again, so their cost is that of the database alone:
use it to reach a size, and time a real ingest on top of it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, String, Table, cast, func, insert, literal, select, text

from newsdesk.store.schema import (
    SEARCH_BODY_CHARS,
    SEARCH_TITLE_CHARS,
    articles,
    metadata,
    raw_pages,
)

#: Source articles copied per transaction.
CHUNK = 5000


def _article_children() -> list[Table]:
    """Tables keyed to an article (``article_id``), in dependency order."""
    return [t for t in metadata.sorted_tables if "article_id" in t.c and t is not articles]


def _grandchildren() -> list[tuple[Table, str, Table]]:
    """(table, key column, parent) for tables keyed to a row of an article's table."""
    out = []
    for table in metadata.sorted_tables:
        for column in table.c:
            for fk in column.foreign_keys:
                parent = fk.column.table
                if parent is not articles and "article_id" in parent.c and not column.primary_key:
                    out.append((table, column.name, parent))
    return out


def _shift(conn: Connection, table: Table, where) -> int:
    """The id offset that puts copies of the rows ``where`` selects past every id of ``table``."""
    top = conn.scalar(select(func.max(table.c.id))) or 0
    low = conn.scalar(select(func.min(table.c.id)).where(where))
    return 0 if low is None else top + 1 - low


def _tag(column, new_id):
    """``column`` with a suffix naming the copy (NULL stays NULL)."""
    return column + literal("#fill") + cast(new_id, String)


def copy_articles(conn: Connection, lo: int, hi: int) -> None:
    """Copy the articles with ids in ``[lo, hi]`` and their facts."""
    in_range = articles.c.id.between(lo, hi)
    shift = _shift(conn, articles, in_range)
    if not shift:
        return
    top_raw = conn.scalar(select(func.max(raw_pages.c.id))) or 0
    shift = max(shift, top_raw + 1 - lo)  # raw pages without an article may sit above the articles
    new = raw_pages.c.id + shift
    raw_cols = {c.name: c for c in raw_pages.c}
    raw_cols.update(
        id=new,
        content_hash=literal("fill") + cast(new, String),
        url=_tag(raw_pages.c.url, new),
        page_id=func.substr(raw_pages.c.page_id, 1, 180) + literal("#") + cast(new, String),
    )
    pages = select(*raw_cols.values()).where(raw_pages.c.id.in_(select(articles.c.id).where(in_range)))
    conn.execute(insert(raw_pages).from_select(list(raw_cols), pages))
    new_article = articles.c.id + shift
    art_cols = {c.name: c for c in articles.c}
    art_cols.update(
        id=new_article,
        doc_id=func.substr(articles.c.doc_id, 1, 180) + literal("#") + cast(new_article, String),
        url=_tag(articles.c.url, new_article),
    )
    conn.execute(insert(articles).from_select(list(art_cols), select(*art_cols.values()).where(in_range)))
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "INSERT INTO article_fts(rowid, title, body) SELECT id + :shift, "
                f"substr(coalesce(title, ''), 1, {SEARCH_TITLE_CHARS}), substr(body, 1, {SEARCH_BODY_CHARS}) "
                "FROM articles WHERE id BETWEEN :lo AND :hi"
            ),
            {"shift": shift, "lo": lo, "hi": hi},
        )
    for table in _article_children():
        cols = {c.name: c for c in table.c}
        cols.update(article_id=table.c.article_id + shift)
        d = 0
        if "id" in table.c:  # (a table keyed by the article alone has no id of its own)
            d = _shift(conn, table, table.c.article_id.between(lo, hi))
            cols.update(id=table.c.id + d)
        rows = select(*cols.values()).where(table.c.article_id.between(lo, hi))
        conn.execute(insert(table).from_select(list(cols), rows))
        for child, key, parent in _grandchildren():
            if parent is not table:
                continue
            parents = select(table.c.id).where(table.c.article_id.between(lo, hi))
            dc = _shift(conn, child, child.c[key].in_(parents))
            cols = {c.name: c for c in child.c}
            cols.update({"id": child.c.id + dc, key: child.c[key] + d})
            conn.execute(
                insert(child).from_select(list(cols), select(*cols.values()).where(child.c[key].in_(parents)))
            )


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: let each id sequence continue after the copied ids (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.type.python_type is int:
            seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
            if seq:
                conn.execute(
                    text(f"SELECT setval(:s, (SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"),
                    {"s": seq},
                )


def _secondary_indexes(conn: Connection) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the store's indexes that no constraint owns.

    Keeping a GIN index (the tsvector's) and a dozen B-trees current row by row is most of
    what a copy costs; building each once over the filled table is several times cheaper.
    """
    names = [t.name for t in metadata.sorted_tables]
    rows = conn.execute(text(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = ANY(:names) AND t.relnamespace = to_regnamespace(current_schema()) "
        "AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
    ), {"names": names}).all()
    return [(r[0], r[1]) for r in rows]


def fill(engine: Engine, target: int, sources: tuple[int, int], say: Callable[[str], None] = print) -> int:
    """Copy articles with ids in ``sources`` (cyclically, ``CHUNK`` at a time) until ``target`` are stored.

    On PostgreSQL the secondary indexes are dropped for the copying and built again at the end
    (also when the copying fails). Returns the article count reached. VACUUM ANALYZE
    (PostgreSQL) runs afterwards: without it the planner has stale statistics and, the
    visibility map being unset, dyad queries read the link rows from the heap instead of only
    their covering index (198 ms against 89 ms at 108k).
    """
    dropped: list[tuple[str, str]] = []
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            dropped = _secondary_indexes(conn)
            for name, _ in dropped:
                conn.execute(text(f'DROP INDEX "{name}"'))
        say(f"dropped {len(dropped)} secondary indexes for the copying")
    try:
        return _fill(engine, target, sources, say)
    finally:
        if dropped:
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
                for name, definition in dropped:
                    say(f"building {name}")
                    conn.execute(text(definition))
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                # statistics, and the visibility map that index-only scans need
                conn.execute(text("VACUUM ANALYZE"))


def _fill(engine: Engine, target: int, sources: tuple[int, int], say: Callable[[str], None]) -> int:
    lo, hi = sources
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(articles)) or 0
    start = lo
    while stored < target:
        with engine.connect() as conn:
            # the window's ids are dense enough: trim so the last chunk lands on the target
            ids = conn.scalars(
                select(articles.c.id).where(articles.c.id.between(start, hi)).order_by(articles.c.id)
                .limit(min(CHUNK, target - stored))
            ).all()
        if not ids:
            start = lo
            continue
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL synchronous_commit = off"))  # a bench store: no fsync per chunk
            copy_articles(conn, ids[0], ids[-1])
        stored += len(ids)  # (a driver may not count the rows of an INSERT … SELECT)
        say(f"filled to {stored:,} articles")
        start = ids[-1] + 1
    with engine.begin() as conn:
        reset_sequences(conn)
    return stored
