"""The rows a document is stored as: pure functions from records to row dicts, no connection.

The write transaction (``writer.py``) decides versions, stories and ids and runs the SQL;
everything it inserts is built here, so what a column holds is read in one place and can be
tested without a database. Rows whose children need the parent's new id (a place and its
mentions, an event and its actor links) are built as ``(row, children)`` pairs: the
transaction fills in the id once the parent is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Table

from ..model import ActorRef, Article, Document, RawPage
from .bounds import ALIAS_LENGTH
from .keys import VECTOR_MODEL, fold
from .schema import (
    SEARCH_BODY_CHARS,
    SEARCH_TITLE_CHARS,
    aliases,
    dates,
    embeddings,
    entities,
    event_actors,
    events,
    mentions,
    place_mentions,
    places,
    quotes,
    relation_actors,
    relations,
    roles,
)

Row = dict[str, Any]
#: A parent row and its child rows, which lack the parent's id until the parent is stored.
Linked = list[tuple[Row, list[Row]]]


def raw_page_row(raw: RawPage, digest: str, version: int, ingested_at: str) -> Row:
    """The raw page as read, kept so that a page can be analysed again later."""
    return {
        "content_hash": digest,
        "page_id": raw.id,
        "kind": raw.kind,
        "source": raw.source,
        "url": raw.url,
        "version": version,
        "title": raw.title,
        "published": raw.published,
        "outlet": raw.outlet,
        "encoding": raw.encoding,
        "content": raw.content,
        "ingested_at": ingested_at,
    }


def article_values(doc: Document) -> Row:
    """What is read out of a page into its article row: the same on insert and on a rewrite."""
    a = doc.article
    return {
        "title": a.title,
        "summary": a.summary,
        "body": a.body,
        "captions": list(a.captions),
        "outlet": a.outlet,
        "published": a.published,
        "language": a.language,
        "paywalled": bool(a.paywalled),
        "authors": list(a.authors),
        "agency": a.agency,
        "sentences": [[start, end] for start, end in doc.sentences] or None,
    }


def article_row(doc: Document, raw: RawPage, article_id: int, *, url: str | None, current: bool,
                story_id: int, minhash: bytes) -> Row:
    """A new article: what was read, where it came from, its version state and its story."""
    return {
        "id": article_id,
        "doc_id": doc.article.id,
        **article_values(doc),
        "url": url,
        "source": doc.article.source or raw.source,
        "current": current,
        "story_id": story_id,
        "minhash": minhash,
    }


def search_row(article_id: int, article: Article) -> Row:
    """The row of SQLite's full-text index: the text PostgreSQL's ``search`` column reads too."""
    return {"id": article_id, "title": (article.title or "")[:SEARCH_TITLE_CHARS],
            "body": article.body[:SEARCH_BODY_CHARS]}


def sentence_vector_rows(article_id: int, vectors: Iterable) -> list[Row]:
    """Sentence vectors ``[(start, end, vector)]`` of one article, as float32 bytes."""
    return [
        {
            "article_id": article_id,
            "model": VECTOR_MODEL,
            "start": s,
            "end": t,
            "vector": np.asarray(v, dtype=np.float32).tobytes(),
        }
        for s, t, v in vectors
    ]


@dataclass
class FactRows:
    """The rows of every fact of a batch of articles, one list per table, in document order.

    ``shared`` rows (entities and their aliases) belong to the corpus, not to one article:
    a row already stored is kept. ``linked`` rows carry children that need the parent's id.
    """

    shared: list[tuple[Table, list[Row]]]
    plain: list[tuple[Table, list[Row]]]
    linked: list[tuple[Table, Table, str, Linked]]


def fact_rows(written: Sequence[tuple[Document, int]], vectors_key: str) -> FactRows:
    """The rows of the facts of ``(document, article id)`` pairs; ``vectors_key`` is where in
    ``doc.analysis`` the sentence vectors wait, if they were computed."""
    ents = [(aid, e) for doc, aid in written for e in doc.entities]
    resolvers = [(resolver(doc), doc, aid) for doc, aid in written]
    shared: list[tuple[Table, list[Row]]] = [
        (entities, [{"id": e.id, "name": e.name, "type": e.type, "code": e.code, "sector": e.sector,
                     "country": e.country} for _, e in ents]),
        (aliases, [{"entity_id": eid, "alias": name, "folded": fold(name)}
                   for doc, _ in written
                   for eid, name in sorted({(e.id, n) for e in doc.entities for n in {e.name, *e.aliases}
                                            if n and len(n) <= ALIAS_LENGTH})]),
    ]
    plain: list[tuple[Table, list[Row]]] = [
        (mentions, [{"article_id": aid, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text,
                     "resolution": e.resolution} for aid, e in ents for m in e.mentions]),
        (roles, [{"article_id": aid, "entity_id": e.id, "title": r.title, "of": r.of, "start": r.start,
                  "end": r.end} for aid, e in ents for r in e.roles]),
        (dates, [{"article_id": aid, "start": d.start, "end": d.end, "text": d.text, "value": d.value,
                  "year_known": d.year_known} for doc, aid in written for d in doc.dates]),
        (quotes, [_quote_row(aid, q, resolve) for resolve, doc, aid in resolvers for q in doc.quotes]),
        (embeddings, [row for doc, aid in written
                      for row in sentence_vector_rows(aid, doc.analysis.get(vectors_key) or [])]),
    ]
    place_rows: Linked = [
        ({"article_id": aid, "name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
          "geonameid": p.geonameid, "feature": p.feature},
         [{"start": m.start, "end": m.end, "text": getattr(m, "text", None)} for m in p.mentions])
        for doc, aid in written for p in doc.places
    ]
    event_rows: Linked = [
        ({"article_id": aid, "type": e.type, "modality": e.modality, "date": e.date, "location": e.location,
          "location_start": e.location_start, "location_end": e.location_end, "mode": e.mode,
          "context": e.context, "score": e.score, "trigger": e.trigger, "start": e.start, "end": e.end,
          **refs}, links(refs))
        for resolve, doc, aid in resolvers for e in doc.events for refs in [sides(resolve, e)]
    ]
    relation_rows: Linked = [
        ({"article_id": aid, "type": r.type, "modality": r.modality, "start": r.start, "end": r.end, **refs},
         links(refs))
        for resolve, doc, aid in resolvers for r in doc.relations for refs in [sides(resolve, r)]
    ]
    linked = [
        (places, place_mentions, "place_id", place_rows),
        (events, event_actors, "event_id", event_rows),
        (relations, relation_actors, "relation_id", relation_rows),
    ]
    return FactRows(shared, plain, linked)


def _quote_row(article_id: int, q, resolve: Callable[[ActorRef], ActorRef]) -> Row:
    return {
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
        "kind": q.kind,
        "modality": q.modality,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
    }


def resolver(doc: Document) -> Callable[[ActorRef], ActorRef]:
    """Actor refs may be an entity id or a name; the store keeps ids where the document has one."""
    by_id = {e.id for e in doc.entities}
    by_name: dict[str, str] = {}
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


def sides(resolve: Callable[[ActorRef], ActorRef], fact) -> dict[str, ActorRef]:
    """The actor columns of an event or relation: source, target and who reported it."""
    return {side: resolve(getattr(fact, side)) for side in ("source", "target", "reported_by")}


def links(refs: dict[str, ActorRef]) -> list[Row]:
    """One actor link per entity on each side of a fact (the fact's id is filled in when stored)."""
    return [{"side": side, "entity_id": entity_id}
            for side, ref in refs.items()
            for entity_id in ([ref] if isinstance(ref, str) else ref or [])]
