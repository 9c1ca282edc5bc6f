"""Write analysed documents into the store, one transaction per batch.

A page is identified by the hash of its raw content: writing it twice is a no-op, and a
page whose URL is already stored with other content becomes a new version (the older one
stops being ``current`` but is kept).

A batch is written with one multi-row INSERT per table (not one per row: a document has
dozens of rows), under one savepoint; if that fails, the batch is written again one
document per savepoint, so one bad document does not undo the rest of its batch. Either
way the stored rows, their ids and their order are the same.

Every document is first fitted to what both engines store (``bounds.py``: no NUL, ids of at
most 200 characters, values within their columns); what that changed is reported per page,
and a page that still fails is reported in one line, never with the SQL of the statement.

This module is the transaction: versions, stories, ids and what each SQL dialect needs. The
rows themselves are built by ``rows.py``, which touches no connection.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..model import Article, Document, RawPage
from . import dedup, overrides, vector_rows
from .bounds import Fitted, fit_document
from .rows import article_row, article_values, fact_rows, raw_page_row, search_row, sentence_vector_rows
from .schema import ARTICLE_FACTS, articles, embeddings, long_ids, raw_pages, stories

#: ``doc.analysis`` key where the ingest puts ``[(start, end, vector), ...]`` for a body.
VECTORS = "sentence_vectors"


def content_hash(raw: RawPage) -> str:
    """The identity of a page: its decoded content (whatever file or URL it came from)."""
    return hashlib.sha256(raw.content.encode("utf-8", "surrogatepass")).hexdigest()


def known_hashes(conn: Connection, hashes: Iterable[str]) -> set[str]:
    wanted = list(set(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(
            conn.scalars(select(raw_pages.c.content_hash).where(raw_pages.c.content_hash.in_(chunk)))
        )
    return found


#: The story index of each open store, kept between ingest runs in one process (a follow
#: loop, a benchmark): a new run reads only the signatures stored since, not the corpus again.
_INDEXES: weakref.WeakKeyDictionary[Engine, dedup.StoryIndex] = weakref.WeakKeyDictionary()


def load_story_index(conn: Connection) -> dedup.StoryIndex:
    """The near-duplicate index rebuilt from stored signatures (so a resumed ingest agrees).

    A cached index is topped up with the articles stored after its newest one; if the counts
    then disagree (a rolled-back write, a store emptied or written out of order), it is rebuilt.
    """
    query = select(articles.c.id, articles.c.minhash, articles.c.story_id).where(
        articles.c.minhash.is_not(None)
    )
    index = _INDEXES.get(conn.engine)
    if index is not None:
        total = conn.scalar(select(func.count()).select_from(articles))
        newer = conn.execute(query.where(articles.c.id > max(index.stories, default=0))).all()
        if len(index) + len(newer) == total:
            index.load((row.id, dedup.from_bytes(row.minhash), row.story_id) for row in newer)
            return index
    index = dedup.StoryIndex()
    index.load((row.id, dedup.from_bytes(row.minhash), row.story_id) for row in conn.execute(query))
    _INDEXES[conn.engine] = index
    return index


def _chunks(items: Sequence, size: int = 500) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert_ignore(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert rows, skipping those that hit a unique key (shared entities and aliases)."""
    if not rows:
        return
    name = conn.dialect.name
    if name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    elif name == "postgresql":
        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    else:
        for row in rows:
            with conn.begin_nested() as sp:
                try:
                    conn.execute(insert(table), row)
                except Exception:
                    sp.rollback()


def _many(conn: Connection, table: Table, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_ids(conn: Connection, table: Table, rows: list[dict]) -> list[int]:
    """Insert rows in one statement and return their new ids, in the order of ``rows``.

    PostgreSQL numbers a multi-row INSERT ... RETURNING in parameter order. SQLite's
    ordered RETURNING would fall back to one statement per row, but it needs none: the
    writer holds the database lock, and a rowid table gives each new row the largest id
    plus one, so an executemany's rows are the ``len(rows)`` ids ending at the new maximum.
    """
    if not rows:
        return []
    name = conn.dialect.name
    if name == "postgresql":
        return list(
            conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars()
        )
    if name == "sqlite":
        conn.execute(insert(table), rows)
        top = conn.scalar(select(func.max(table.c.id)))
        return list(range(top - len(rows) + 1, top + 1))
    ids = []
    for row in rows:
        key = conn.execute(insert(table), row).inserted_primary_key
        assert key is not None  # a single-row INSERT always has its key
        ids.append(key[0])
    return ids


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: (source, what was changed to store it) for pages stored with changes
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Page:
    doc: Document
    raw: RawPage
    digest: str
    fitted: Fitted = field(default_factory=Fitted)

    @property
    def url(self) -> str | None:
        """The URL a page is versioned under: the article's, else the raw page's."""
        return self.doc.article.url or self.raw.url


class _NewStory(int):
    """A story started in the batch being written, before the store has numbered it."""


class Writer:
    """Writes documents; holds the story index so a batch's near-duplicates join up."""

    def __init__(self, conn: Connection) -> None:
        self.stories = load_story_index(conn)

    def write_batch(self, conn: Connection, docs: Sequence[Document]) -> WriteResult:
        result = WriteResult()
        seen = known_hashes(conn, (content_hash(self._raw(d)) for d in docs))
        todo: list[_Page] = []
        for doc in docs:
            raw = self._raw(doc)
            digest = content_hash(raw)
            if digest in seen:
                result.skipped.append(raw.source)
                continue
            seen.add(digest)
            # the identity stays the hash of the content as read, so a re-read page is still known
            todo.append(_Page(doc, raw, digest, fit_document(doc, raw)))
        if not todo:
            return result
        try:
            with conn.begin_nested():
                self._write(conn, todo)
        except Exception:  # some document is bad: find it by writing one at a time
            self._write_one_by_one(conn, todo, result)
            return result
        result.written.extend(p.raw.source for p in todo)
        result.notes.extend((p.raw.source, "; ".join(p.fitted.notes)) for p in todo if p.fitted.notes)
        return result

    def _write_one_by_one(self, conn: Connection, pages: list[_Page], result: WriteResult) -> None:
        for page in pages:
            try:
                with conn.begin_nested():
                    self._write(conn, [page])
            except Exception as error:  # one bad document must not sink the batch
                result.failed.append((page.raw.source, failure(error)))
                continue
            result.written.append(page.raw.source)
            if page.fitted.notes:
                result.notes.append((page.raw.source, "; ".join(page.fitted.notes)))

    @staticmethod
    def _raw(doc: Document) -> RawPage:
        if doc.raw is not None:
            return doc.raw
        a = doc.article
        return RawPage(
            id=a.id,
            kind="body",
            content=a.body,
            source=a.source or a.id,
            url=a.url,
            title=a.title,
            published=a.published,
            outlet=a.outlet,
        )

    def _write(self, conn: Connection, pages: list[_Page]) -> None:
        """Write pages as if one after the other (versions and stories see earlier ones)."""
        versions, current = _versions(conn, pages)
        _insert_ignore(conn, long_ids, [{"id": short, "original": original} for p in pages
                                        for short, original in p.fitted.long_ids.items()])
        now = datetime.now(UTC).isoformat(timespec="seconds")
        raw_ids = _insert_ids(conn, raw_pages, [raw_page_row(p.raw, p.digest, version, now)
                                                for p, version in zip(pages, versions, strict=True)])
        signatures = [dedup.signature(f"{p.doc.article.title or ''}\n{p.doc.article.body}") for p in pages]
        added = self._assign_stories(conn, raw_ids, signatures)
        story_of = self.stories.stories
        try:
            _many(conn, articles, [
                article_row(p.doc, p.raw, raw_id, url=p.url, current=is_current, story_id=story_of[raw_id],
                            minhash=dedup.to_bytes(mh))
                for p, raw_id, mh, is_current in zip(pages, raw_ids, signatures, current, strict=True)
            ])
            written = [(p.doc, raw_id) for p, raw_id in zip(pages, raw_ids, strict=True)]
            _index_for_search(conn, [(raw_id, doc.article) for doc, raw_id in written])
            self._write_facts(conn, written)
        except BaseException:
            self.stories.remove(added)
            raise

    def _assign_stories(self, conn: Connection, raw_ids: list[int], signatures: list) -> list[int]:
        """Each page joins the story of its nearest stored (or earlier) copy, or starts one.

        The pages enter the story index as they are matched, so a copy later in the batch
        joins a story begun earlier in it; the stories begun are numbered in one INSERT.
        Returns the index keys added (for ``StoryIndex.remove`` if the write fails).
        """
        founders: list[int] = []
        added: list[int] = []
        try:
            for raw_id, mh in zip(raw_ids, signatures, strict=True):
                story = self.stories.match(mh)
                if story is None:
                    story = _NewStory(len(founders))
                    founders.append(raw_id)
                self.stories.load([(raw_id, mh, story)])
                added.append(raw_id)
            story_ids = _insert_ids(conn, stories, [{"first_article_id": f} for f in founders])
        except BaseException:
            self.stories.remove(added)
            raise
        for key in added:
            story = self.stories.stories[key]
            if isinstance(story, _NewStory):
                self.stories.stories[key] = story_ids[story]
        return added

    def rewrite(self, conn: Connection, article_id: int, doc: Document) -> None:
        """Replace what was read out of a stored article (re-processing with better stages).

        The raw page, its version and story stay; the clean article and every fact are new.
        Sentence vectors are dropped only when the body changed.
        """
        raw = self._raw(doc)
        fitted = fit_document(doc, raw)
        _insert_ignore(conn, long_ids, [{"id": k, "original": v} for k, v in fitted.long_ids.items()])
        old_body = conn.scalar(select(articles.c.body).where(articles.c.id == article_id))
        for table, parent in ARTICLE_FACTS:
            if parent is None:
                conn.execute(delete(table).where(table.c.article_id == article_id))
            else:
                key = table.c[f"{parent.name[:-1]}_id"]
                conn.execute(
                    delete(table).where(key.in_(select(parent.c.id).where(parent.c.article_id == article_id)))
                )
        if old_body != doc.article.body:
            conn.execute(delete(embeddings).where(embeddings.c.article_id == article_id))
        conn.execute(update(articles).where(articles.c.id == article_id).values(**article_values(doc)))
        if conn.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM article_fts WHERE rowid = :id"), {"id": article_id})
        _index_for_search(conn, [(article_id, doc.article)])
        self._write_facts(conn, [(doc, article_id)])

    def _write_facts(self, conn: Connection, written: list[tuple[Document, int]]) -> None:
        """Every fact of the documents, one INSERT per table (rows in document order), after the
        analysts' overrides (``store/overrides.py``)."""
        rules = overrides.active(conn)
        if rules:
            for doc, _ in written:
                overrides.apply(doc, rules)
        facts = fact_rows(written, VECTORS)
        for table, rows in facts.shared:
            _insert_ignore(conn, table, rows)
        for table, rows in facts.plain:
            _many(conn, table, rows)
        for table, children, key, linked in facts.linked:
            ids = _insert_ids(conn, table, [row for row, _ in linked])
            _many(conn, children, [{key: parent_id, **child}
                                   for parent_id, (_, kids) in zip(ids, linked, strict=True)
                                   for child in kids])
        vector_rows.write(conn, written)


def _index_for_search(conn: Connection, articles_written: list[tuple[int, Article]]) -> None:
    """Add articles to SQLite's full-text index (FTS5 keeps its own copy of the text).

    PostgreSQL needs nothing here: its ``search`` column is computed from the row itself.
    """
    if conn.dialect.name == "sqlite" and articles_written:
        conn.execute(text("INSERT INTO article_fts(rowid, title, body) VALUES (:id, :title, :body)"),
                     [search_row(article_id, article) for article_id, article in articles_written])


def _versions(conn: Connection, pages: list[_Page]) -> tuple[list[int], list[bool]]:
    """Each page's version and whether its article stays current, as if written in order.

    A URL already stored (or earlier in the batch) gives the next version and retires the
    articles stored under it, here in one UPDATE for the batch.
    """
    keys = sorted({p.url for p in pages if p.url})
    latest: dict[str, int] = {}
    for chunk in _chunks(keys):
        latest.update(
            conn.execute(
                select(raw_pages.c.url, func.max(raw_pages.c.version))
                .where(raw_pages.c.url.in_(chunk))
                .group_by(raw_pages.c.url)
            ).all()
        )
    versions: list[int] = []
    current = [True] * len(pages)
    earlier: dict[str, list[int]] = {}
    retired: set[str] = set()
    for i, p in enumerate(pages):
        version = 1
        if p.url:
            if latest.get(p.url):
                version = latest[p.url] + 1
                retired.add(p.url)
                for j in earlier.get(p.url, []):
                    current[j] = False
            earlier.setdefault(p.url, []).append(i)
        if p.raw.url:
            latest[p.raw.url] = max(latest.get(p.raw.url) or 0, version)
        versions.append(version)
    for chunk in _chunks(sorted(retired)):
        conn.execute(update(articles).where(articles.c.url.in_(chunk)).values(current=False))
    return versions, current


def printable(text: str) -> str:
    """One line for a report: runs of white space as one space, other control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in " ".join(text.split()))


#: The longest reason given for a page that could not be stored.
MAX_REASON = 200


def failure(error: BaseException) -> str:
    """Why a page was not stored, in one short line: the driver's own message (``value too long
    for type character varying(40)``), not SQLAlchemy's, which carries the statement and its
    parameters (kilobytes of SQL and scraped text)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines() or [""]
    reason = printable(lines[0])
    if len(reason) > MAX_REASON:
        reason = reason[: MAX_REASON - 1] + "…"
    return f"not stored: {type(cause).__name__}: {reason}"


def write_vectors(conn: Connection, article_id: int, vectors) -> None:
    """Sentence vectors ``[(start, end, vector)]`` of one article, as float32 bytes."""
    _many(conn, embeddings, sentence_vector_rows(article_id, vectors))
