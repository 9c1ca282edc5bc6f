"""Analyst overrides of actors: merge, split, rename and not-an-actor, stored with who and when.

An analyst who knows better must not be overruled by the next ingest. Overrides therefore live in
the store (``actor_overrides``) and are applied to every document as it is written (ingest and
reprocess alike, :func:`apply`), so every answer (search, actor pages, dyads, network, ``ask``,
the API, exports) sees the same actors without knowing overrides exist. Saying or undoing one
re-reads the stored pages it touches from their raw input, so the store agrees with it at once;
undo marks it undone and re-reads the same pages.

- ``merge A B``: A is B (B's id and name are kept).
- ``split A NEW --documents D...``: in those documents A is another actor, NEW.
- ``rename A NAME``: A's name.
- ``not-an-actor A``: A is no actor: its mentions go, and so do the events and relations left
  with no actor on either side.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from .. import settings
from ..model import ActorRef, Document, Entity, Event, Relation
from .schema import (
    actor_overrides,
    aliases,
    entities,
    event_actors,
    events,
    mentions,
    raw_pages,
    relation_actors,
    relations,
)

ACTIONS = ("merge", "split", "rename", "not-an-actor")


class OverrideError(ValueError):
    """An override that cannot be said (unknown actor, merge into itself ...): one line for a person."""


@dataclass(frozen=True)
class Override:
    id: int
    action: str
    actor: str
    target: str | None
    name: str | None
    documents: tuple[str, ...]
    who: str
    at: str
    undone_at: str | None = None
    articles: tuple[int, ...] = ()


def _row(r) -> Override:
    return Override(r.id, r.action, r.actor, r.target, r.name, tuple(r.documents or ()), r.who, r.at,
                    r.undone_at, tuple(r.articles or ()))


def listed(conn: Connection, *, include_undone: bool = True) -> list[Override]:
    query = select(actor_overrides).order_by(actor_overrides.c.id)
    if not include_undone:
        query = query.where(actor_overrides.c.undone_at.is_(None))
    return [_row(r) for r in conn.execute(query)]


def active(conn: Connection) -> list[Override]:
    """The overrides in force, oldest first (a later one sees what the earlier ones did)."""
    return listed(conn, include_undone=False)


# -- applying to a document ---------------------------------------------------------------------


def _map_ref(ref: ActorRef, old: str, new: str | None) -> ActorRef:
    refs = ref if isinstance(ref, list) else [ref] if ref else []
    mapped = list(dict.fromkeys(new if r == old else r for r in refs))
    out = [r for r in mapped if r]
    return None if not out else out[0] if len(out) == 1 else out


def _replace_refs(doc: Document, old: str, new: str | None) -> None:
    for q in doc.quotes:
        q.speaker = _map_ref(q.speaker, old, new)
    facts: list[Event | Relation] = [*doc.events, *doc.relations]
    for fact in facts:
        fact.source = _map_ref(fact.source, old, new)
        fact.target = _map_ref(fact.target, old, new)
        fact.reported_by = _map_ref(fact.reported_by, old, new)
    if new is None:
        doc.events = [e for e in doc.events if e.source or e.target]
        doc.relations = [r for r in doc.relations if r.source and r.target]


def _merge_entity(doc: Document, old: str, new: str, name: str | None = None) -> None:
    moving = [e for e in doc.entities if e.id == old]
    if not moving:
        return
    keeper: Entity | None = next((e for e in doc.entities if e.id == new), None)
    for e in moving:
        if keeper is None:
            e.id = new
            if name:
                e.aliases = [a for a in dict.fromkeys([*e.aliases, e.name]) if a != name]
                e.name = name
            e.resolution = "analyst"
            keeper = e
            continue
        keeper.mentions = sorted({(m.start, m.end): m for m in keeper.mentions + e.mentions}.values(),
                                 key=lambda m: m.start)
        keeper.aliases = [a for a in dict.fromkeys([*keeper.aliases, e.name, *e.aliases]) if a != keeper.name]
        keeper.roles += e.roles
        doc.entities = [x for x in doc.entities if x is not e]


def apply(doc: Document, rules: Sequence[Override]) -> None:
    """Apply overrides to one analysed document in place (before it is written)."""
    for r in rules:
        if r.action == "merge" and r.target:
            _merge_entity(doc, r.actor, r.target)
            _replace_refs(doc, r.actor, r.target)
        elif r.action == "split" and r.target and doc.article.id in r.documents:
            _merge_entity(doc, r.actor, r.target, r.name)
            _replace_refs(doc, r.actor, r.target)
        elif r.action == "rename" and r.name:
            for e in doc.entities:
                if e.id == r.actor and e.name != r.name:
                    e.aliases = [a for a in dict.fromkeys([*e.aliases, e.name]) if a != r.name]
                    e.name = r.name
        elif r.action == "not-an-actor":
            doc.entities = [e for e in doc.entities if e.id != r.actor]
            _replace_refs(doc, r.actor, None)


# -- saying and undoing --------------------------------------------------------------------------


def _known(conn: Connection, actor: str) -> bool:
    return conn.scalar(select(entities.c.id).where(entities.c.id == actor)) is not None


def _articles_of(conn: Connection, ids: Sequence[str], documents: Sequence[str] = ()) -> list[int]:
    """The article rows that mention or code any of ``ids`` (limited to ``documents`` when given)."""
    from .schema import articles

    found = set(conn.scalars(select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids))))
    found |= set(conn.scalars(
        select(events.c.article_id).join(event_actors, event_actors.c.event_id == events.c.id)
        .where(event_actors.c.entity_id.in_(ids))))
    found |= set(conn.scalars(
        select(relations.c.article_id).join(relation_actors, relation_actors.c.relation_id == relations.c.id)
        .where(relation_actors.c.entity_id.in_(ids))))
    if documents:
        keep = set(conn.scalars(select(articles.c.id).where(articles.c.doc_id.in_(list(documents)))))
        found &= keep
    return sorted(found)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def who_default() -> str:
    return settings.text("analyst") or os.environ.get("USER") or "analyst"


def say(
    engine: Engine,
    action: str,
    actor: str,
    *,
    target: str | None = None,
    name: str | None = None,
    documents: Sequence[str] = (),
    who: str | None = None,
    reread: bool = True,
) -> Override:
    """Record an override and bring the stored articles it touches in line with it."""
    if action not in ACTIONS:
        raise OverrideError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    with engine.begin() as conn:
        if not _known(conn, actor):
            raise OverrideError(f"no actor {actor!r} in the store")
        if action == "merge":
            if not target or not _known(conn, target):
                raise OverrideError(f"no actor {target!r} in the store to merge {actor!r} into")
            if target == actor:
                raise OverrideError("an actor cannot be merged into itself")
        if action == "split":
            if not target or target == actor or not documents:
                raise OverrideError("split needs a new id different from the actor and at least one document")
        if action == "rename" and not (name and name.strip()):
            raise OverrideError("rename needs a non-empty name")
        touched = _articles_of(conn, [actor], documents if action == "split" else ())
        if action == "split" and not touched:
            raise OverrideError(f"{actor!r} is in none of the documents given")
        previous = conn.scalar(select(entities.c.name).where(entities.c.id == actor))
        row = {
            "action": action, "actor": actor, "target": target, "name": name.strip() if name else None,
            "previous": previous, "documents": list(documents), "articles": touched,
            "who": who or who_default(), "at": _now(),
        }
        key = conn.execute(insert(actor_overrides).values(**row)).inserted_primary_key
        assert key is not None  # a single-row INSERT always has its key
        new_id = key[0]
        if action == "rename":
            conn.execute(update(entities).where(entities.c.id == actor).values(name=row["name"]))
    if reread:
        _reread(engine, touched)
    with engine.begin() as conn:
        if action in {"merge", "not-an-actor"} and not _articles_of(conn, [actor]):
            conn.execute(delete(aliases).where(aliases.c.entity_id == actor))
            conn.execute(delete(entities).where(entities.c.id == actor))
        found = conn.execute(select(actor_overrides).where(actor_overrides.c.id == new_id)).one()
    return _row(found)


def undo(engine: Engine, override_id: int, *, who: str | None = None, reread: bool = True) -> Override:
    """Mark an override undone and re-read the articles it touched, so the store is as before."""
    with engine.begin() as conn:
        found = conn.execute(select(actor_overrides).where(actor_overrides.c.id == override_id)).one_or_none()
        if found is None:
            raise OverrideError(f"no override {override_id}")
        if found.undone_at is not None:
            raise OverrideError(f"override {override_id} was undone already ({found.undone_at})")
        conn.execute(
            update(actor_overrides).where(actor_overrides.c.id == override_id)
            .values(undone_at=_now(), undone_by=who or who_default())
        )
        if found.action == "rename" and found.previous:
            conn.execute(update(entities).where(entities.c.id == found.actor).values(name=found.previous))
        # What it touched when said, what was written since (which obeyed it), and for a merge or a
        # split what now carries the other id.
        touched = set(found.articles or []) | set(
            conn.scalars(select(raw_pages.c.id).where(raw_pages.c.ingested_at >= found.at))
        )
        if found.action in {"merge", "split"} and found.target:
            touched |= set(_articles_of(conn, [found.target]))
        articles_touched = sorted(touched)
    if reread:
        _reread(engine, articles_touched)
    with engine.begin() as conn:
        if found.action == "split" and found.target and not _articles_of(conn, [found.target]):
            conn.execute(delete(aliases).where(aliases.c.entity_id == found.target))
            conn.execute(delete(entities).where(entities.c.id == found.target))
        return _row(conn.execute(select(actor_overrides).where(actor_overrides.c.id == override_id)).one())


def _reread(engine: Engine, article_ids: Sequence[int]) -> None:
    if not article_ids:
        return
    from .reprocess import reprocess

    reprocess(engine, article_ids=article_ids)


def touching(conn: Connection, actor: str) -> list[Override]:
    """The overrides in force that name ``actor`` (either side)."""
    query = select(actor_overrides).where(
        actor_overrides.c.undone_at.is_(None),
        or_(actor_overrides.c.actor == actor, actor_overrides.c.target == actor),
    )
    return [_row(r) for r in conn.execute(query)]
