"""What an actor said, and what others said about it, for its page: newest first, bounded.

"By" is a quote whose speaker is the actor; "about" is a quote by someone else whose words
hold a mention of the actor (the mention's offsets fall inside the quote).
"""

from __future__ import annotations

from sqlalchemy import Connection, Text, cast, or_, select

from ..store.schema import articles, mentions, quotes
from .actor_lookup import entity_names


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _row(r, names: dict[str, str]) -> dict:
    speaker = _ids(r["speaker"])
    return {
        "text": r["text"],
        "direct": bool(r["direct"]),
        "cue": r["cue"],
        "kind": r["kind"],
        "modality": r["modality"],
        "speaker": " and ".join(names.get(s, s) for s in speaker) or r["speaker_name"] or None,
        "speaker_ids": speaker,
        "doc_id": r["doc_id"],
        "title": r["title"],
        "outlet": r["outlet"],
        "published": r["published"],
        "start": r["start"],
        "end": r["end"],
    }


COLUMNS = (quotes, articles.c.doc_id, articles.c.title, articles.c.outlet, articles.c.published)


def quotes_by(conn: Connection, ident: str, *, limit: int = 20) -> list[dict]:
    rows = (
        conn.execute(
            select(*COLUMNS)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(
                articles.c.current.is_(True),
                # a speaker is named in its article: the actor's mentions (indexed) find the articles
                quotes.c.article_id.in_(select(mentions.c.article_id).where(mentions.c.entity_id == ident)),
                cast(quotes.c.speaker, Text).like(f'%"{ident}"%'),
            )
            .order_by(articles.c.published.desc(), quotes.c.id)
            .limit(limit * 2)
        )
        .mappings()
        .all()
    )
    kept = [r for r in rows if ident in _ids(r["speaker"])][:limit]
    names = entity_names(conn, sorted({s for r in kept for s in _ids(r["speaker"])}))
    return [_row(r, names) for r in kept]


def quotes_about(conn: Connection, ident: str, *, limit: int = 20) -> list[dict]:
    # Driven from the actor's mentions (indexed by entity), then the quotes of those articles.
    inside = (
        select(quotes.c.id)
        .select_from(mentions)
        .join(quotes, quotes.c.article_id == mentions.c.article_id)
        .where(
            mentions.c.entity_id == ident,
            mentions.c.start >= quotes.c.start,
            mentions.c.end <= quotes.c.end,
        )
        .distinct()
    )
    rows = (
        conn.execute(
            select(*COLUMNS)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(
                articles.c.current.is_(True),
                quotes.c.id.in_(inside),
                or_(quotes.c.speaker.is_(None), ~cast(quotes.c.speaker, Text).like(f'%"{ident}"%')),
            )
            .order_by(articles.c.published.desc(), quotes.c.id)
            .limit(limit)
        )
        .mappings()
        .all()
    )
    names = entity_names(conn, sorted({s for r in rows for s in _ids(r["speaker"])}))
    return [_row(r, names) for r in rows]
