"""Write analysed documents into the store, one transaction per batch.

A page is identified by the hash of its raw content: writing it twice is a no-op, and a
page whose URL is already stored with other content becomes a new version (the older one
stops being ``current`` but is kept). Each document is written under a savepoint so one
bad document does not undo the rest of its batch.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..model import ActorRef, Document, RawPage
from . import dedup
from .schema import (
    ARTICLE_FACTS,
    aliases,
    articles,
    dates,
    embeddings,
    entities,
    event_actors,
    events,
    mentions,
    place_mentions,
    places,
    quotes,
    raw_pages,
    relation_actors,
    relations,
    roles,
    stories,
)

#: ``doc.analysis`` key where the ingest puts ``[(start, end, vector), ...]`` for a body.
VECTORS = "sentence_vectors"
VECTOR_MODEL = "all-MiniLM-L6-v2"


def content_hash(raw: RawPage) -> str:
    """The identity of a page: its decoded content (whatever file or URL it came from)."""
    return hashlib.sha256(raw.content.encode("utf-8", "surrogatepass")).hexdigest()


def fold(name: str) -> str:
    """Case- and accent-insensitive key for alias lookup."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def known_hashes(conn: Connection, hashes: Iterable[str]) -> set[str]:
    wanted = list(set(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(
            conn.scalars(select(raw_pages.c.content_hash).where(raw_pages.c.content_hash.in_(chunk)))
        )
    return found


def load_story_index(conn: Connection) -> dedup.StoryIndex:
    """The near-duplicate index rebuilt from stored signatures (so a resumed ingest agrees)."""
    index = dedup.StoryIndex()
    rows = conn.execute(
        select(articles.c.id, articles.c.minhash, articles.c.story_id).where(articles.c.minhash.is_not(None))
    )
    index.load((row.id, dedup.from_bytes(row.minhash), row.story_id) for row in rows)
    return index


def _insert_ignore(conn: Connection, table, rows: list[dict]) -> None:
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


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class Writer:
    """Writes documents; holds the story index so a batch's near-duplicates join up."""

    def __init__(self, conn: Connection) -> None:
        self.stories = load_story_index(conn)

    def write_batch(self, conn: Connection, docs: Sequence[Document]) -> WriteResult:
        result = WriteResult()
        seen = known_hashes(conn, (content_hash(self._raw(d)) for d in docs))
        for doc in docs:
            raw = self._raw(doc)
            digest = content_hash(raw)
            if digest in seen:
                result.skipped.append(raw.source)
                continue
            try:
                with conn.begin_nested():
                    article_id, mh, story = self._write(conn, doc, raw, digest)
            except Exception as error:  # one bad document must not sink the batch
                result.failed.append((raw.source, f"{type(error).__name__}: {error}"))
                continue
            self.stories.load([(article_id, mh, story)])
            seen.add(digest)
            result.written.append(raw.source)
        return result

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

    def _write(self, conn: Connection, doc: Document, raw: RawPage, digest: str):
        a = doc.article
        url = a.url or raw.url
        version = 1
        if url:
            latest = conn.scalar(select(func.max(raw_pages.c.version)).where(raw_pages.c.url == url))
            if latest:
                version = latest + 1
                conn.execute(update(articles).where(articles.c.url == url).values(current=False))
        raw_id = conn.execute(
            insert(raw_pages).values(
                content_hash=digest,
                page_id=raw.id,
                kind=raw.kind,
                source=raw.source,
                url=raw.url,
                version=version,
                title=raw.title,
                published=raw.published,
                outlet=raw.outlet,
                encoding=raw.encoding,
                content=raw.content,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        ).inserted_primary_key[0]

        mh = dedup.signature(f"{a.title or ''}\n{a.body}")
        story = self.stories.match(mh)
        if story is None:
            story = conn.execute(insert(stories).values(first_article_id=raw_id)).inserted_primary_key[0]
        conn.execute(
            insert(articles).values(
                id=raw_id,
                doc_id=a.id,
                title=a.title,
                summary=a.summary,
                body=a.body,
                captions=list(a.captions),
                outlet=a.outlet,
                published=a.published,
                language=a.language,
                paywalled=bool(a.paywalled),
                url=url,
                source=a.source or raw.source,
                current=True,
                story_id=story,
                minhash=dedup.to_bytes(mh),
            )
        )
        if conn.dialect.name == "sqlite":
            conn.execute(
                text("INSERT INTO article_fts(rowid, title, body) VALUES (:id, :title, :body)"),
                {"id": raw_id, "title": a.title or "", "body": a.body},
            )
        self._write_facts(conn, doc, raw_id)
        return raw_id, mh, story

    def rewrite(self, conn: Connection, article_id: int, doc: Document) -> None:
        """Replace what was read out of a stored article (re-processing with better stages).

        The raw page, its version and story stay; the clean article and every fact are new.
        Sentence vectors are dropped only when the body changed.
        """
        a = doc.article
        old_body = conn.scalar(select(articles.c.body).where(articles.c.id == article_id))
        for table, parent in ARTICLE_FACTS:
            if parent is None:
                conn.execute(delete(table).where(table.c.article_id == article_id))
            else:
                key = table.c[f"{parent.name[:-1]}_id"]
                conn.execute(
                    delete(table).where(key.in_(select(parent.c.id).where(parent.c.article_id == article_id)))
                )
        if old_body != a.body:
            conn.execute(delete(embeddings).where(embeddings.c.article_id == article_id))
        conn.execute(
            update(articles)
            .where(articles.c.id == article_id)
            .values(
                title=a.title,
                summary=a.summary,
                body=a.body,
                captions=list(a.captions),
                outlet=a.outlet,
                published=a.published,
                language=a.language,
                paywalled=bool(a.paywalled),
            )
        )
        if conn.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM article_fts WHERE rowid = :id"), {"id": article_id})
            conn.execute(
                text("INSERT INTO article_fts(rowid, title, body) VALUES (:id, :title, :body)"),
                {"id": article_id, "title": a.title or "", "body": a.body},
            )
        self._write_facts(conn, doc, article_id)

    def _write_facts(self, conn: Connection, doc: Document, article_id: int) -> None:
        resolve = _resolver(doc)
        _insert_ignore(
            conn,
            entities,
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "code": e.code,
                    "sector": e.sector,
                    "country": e.country,
                }
                for e in doc.entities
            ],
        )
        alias_rows = {(e.id, name) for e in doc.entities for name in {e.name, *e.aliases} if name}
        _insert_ignore(
            conn,
            aliases,
            [{"entity_id": eid, "alias": name, "folded": fold(name)} for eid, name in sorted(alias_rows)],
        )
        _many(
            conn,
            mentions,
            [
                {"article_id": article_id, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text}
                for e in doc.entities
                for m in e.mentions
            ],
        )
        _many(
            conn,
            roles,
            [
                {
                    "article_id": article_id,
                    "entity_id": e.id,
                    "title": r.title,
                    "of": r.of,
                    "start": r.start,
                    "end": r.end,
                }
                for e in doc.entities
                for r in e.roles
            ],
        )
        for p in doc.places:
            place_id = conn.execute(
                insert(places).values(
                    article_id=article_id,
                    name=p.name,
                    lat=p.lat,
                    lon=p.lon,
                    country_code=p.country_code,
                    geonameid=p.geonameid,
                    feature=p.feature,
                )
            ).inserted_primary_key[0]
            _many(
                conn,
                place_mentions,
                [
                    {"place_id": place_id, "start": m.start, "end": m.end, "text": getattr(m, "text", None)}
                    for m in p.mentions
                ],
            )
        _many(
            conn,
            dates,
            [
                {
                    "article_id": article_id,
                    "start": d.start,
                    "end": d.end,
                    "text": d.text,
                    "value": d.value,
                    "year_known": d.year_known,
                }
                for d in doc.dates
            ],
        )
        _many(
            conn,
            quotes,
            [
                {
                    "article_id": article_id,
                    "speaker": resolve(q.speaker),
                    "speaker_name": q.speaker_name,
                    "text": q.text,
                    "direct": q.direct,
                    "cue": q.cue,
                    "start": q.start,
                    "end": q.end,
                    "speaker_start": q.speaker_start,
                    "speaker_end": q.speaker_end,
                }
                for q in doc.quotes
            ],
        )
        for e in doc.events:
            refs = _refs(resolve, e)
            event_id = conn.execute(
                insert(events).values(
                    article_id=article_id,
                    type=e.type,
                    modality=e.modality,
                    date=e.date,
                    location=e.location,
                    mode=e.mode,
                    context=e.context,
                    score=e.score,
                    trigger=e.trigger,
                    start=e.start,
                    end=e.end,
                    **refs,
                )
            ).inserted_primary_key[0]
            _many(conn, event_actors, _links("event_id", event_id, refs))
        for r in doc.relations:
            refs = _refs(resolve, r)
            relation_id = conn.execute(
                insert(relations).values(
                    article_id=article_id, type=r.type, modality=r.modality, start=r.start, end=r.end, **refs
                )
            ).inserted_primary_key[0]
            _many(conn, relation_actors, _links("relation_id", relation_id, refs))
        write_vectors(conn, article_id, doc.analysis.get(VECTORS) or [])


def write_vectors(conn: Connection, article_id: int, vectors) -> None:
    """Sentence vectors ``[(start, end, vector)]`` of one article, as float32 bytes."""
    rows = [
        {
            "article_id": article_id,
            "model": VECTOR_MODEL,
            "start": s,
            "end": t,
            "vector": np.asarray(v, dtype=np.float32).tobytes(),
        }
        for s, t, v in vectors
    ]
    _many(conn, embeddings, rows)


def _many(conn: Connection, table, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _resolver(doc: Document):
    """Actor refs may be an id or a name (DESIGN.md); the store keeps ids where it can."""
    by_id = {e.id for e in doc.entities}
    by_name = {}
    for e in doc.entities:
        for name in (e.name, *e.aliases):
            by_name.setdefault(fold(name), e.id)

    def one(ref: str) -> str:
        return ref if ref in by_id else by_name.get(fold(ref), ref)

    def resolve(ref: ActorRef) -> ActorRef:
        if ref is None:
            return None
        if isinstance(ref, str):
            return one(ref)
        return [one(r) for r in ref]

    return resolve


def _refs(resolve, fact) -> dict[str, ActorRef]:
    return {side: resolve(getattr(fact, side)) for side in ("source", "target", "reported_by")}


def _links(key: str, fact_id: int, refs: dict[str, ActorRef]) -> list[dict]:
    rows = []
    for side, ref in refs.items():
        for entity_id in [ref] if isinstance(ref, str) else ref or []:
            rows.append({key: fact_id, "side": side, "entity_id": entity_id})
    return rows
