"""A STIX 2.1 bundle: actors (threat actors for armed groups, identities for the rest),
relationships from coded relations and events, and one report per article that holds them.

Ids are deterministic (UUIDv5 of the newsdesk id) so two exports of one store agree.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import stix2
from sqlalchemy import Connection, select

from ...store.schema import articles, entities, event_actors, events, relation_actors, relations
from ..facts import attribution

NAMESPACE = uuid.UUID("6f1c2a1e-6a53-4d4a-9f8e-0d3b1f3c7a11")
ARMED = {"IMG", "REB", "INS", "TER", "MIL"}


def _sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def _timestamp(published: str | None) -> str:
    if published and len(published) >= 10 and published[:4].isdigit():
        return f"{published[:10]}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def _actor(row) -> object:
    if row.type == "ORG" and (
        (row.code or "") in ARMED or (row.sector or "") in ("militant", "rebel", "terrorist")
    ):
        return stix2.ThreatActor(
            id=_sid("threat-actor", row.id),
            name=row.name,
            threat_actor_types=["unknown"],
            allow_custom=True,
            x_newsdesk_id=row.id,
        )
    identity_class = {"PERSON": "individual", "ORG": "organization", "GPE": "organization"}.get(
        row.type, "unknown"
    )
    return stix2.Identity(
        id=_sid("identity", row.id),
        name=row.name,
        identity_class=identity_class,
        allow_custom=True,
        x_newsdesk_id=row.id,
    )


def _pairs(conn: Connection, table, links, key: str):
    sides: dict[int, dict] = {}
    for r in conn.execute(
        select(links.c[key], links.c.side, links.c.entity_id).where(links.c.side.in_(("source", "target")))
    ):
        sides.setdefault(r[0], {"source": [], "target": []})[r.side].append(r.entity_id)
    query = (
        select(
            table.c.id,
            table.c.type,
            table.c.modality,
            table.c.start,
            table.c.end,
            articles.c.id.label("aid"),
            articles.c.url,
            articles.c.published,
        )
        .join(articles, articles.c.id == table.c.article_id)
        .where(articles.c.current.is_(True))
    )
    for r in conn.execute(query):
        s = sides.get(r.id, {})
        for a in s.get("source", []):
            for b in s.get("target", []):
                if a != b:
                    yield r, a, b


def write_stix(conn: Connection, out: Path) -> int:
    """One relationship per (kind, type, source, target) with its count, modalities and sources;
    one report per article naming the actors and relationships it supports."""
    known = {r.id: r for r in conn.execute(select(entities))}
    actors: dict[str, Any] = {}  # stix2 objects (the library is untyped)

    def actor(entity_id: str) -> str | None:
        if entity_id not in actors:
            row = known.get(entity_id)
            actors[entity_id] = _actor(row) if row is not None else None
        obj = actors[entity_id]
        return obj.id if obj is not None else None

    grouped: dict[tuple, dict] = {}
    per_article: dict[int, set[str]] = {}
    meta: dict[int, tuple] = {}
    for kind, table, links, key in (
        ("relation", relations, relation_actors, "relation_id"),
        ("event", events, event_actors, "event_id"),
    ):
        for r, a, b in _pairs(conn, table, links, key):
            sa, sb = actor(a), actor(b)
            if not sa or not sb:
                continue
            g = grouped.setdefault(
                (kind, r.type, a, b),
                {"refs": (sa, sb), "count": 0, "modalities": set(), "urls": [], "articles": set()},
            )
            g["count"] += 1
            g["modalities"].add(r.modality)
            if r.url and r.url not in g["urls"] and len(g["urls"]) < 5:
                g["urls"].append(r.url)
            rel_id = _sid("relationship", f"{kind}:{r.type}:{a}:{b}")
            per_article.setdefault(r.aid, set()).update({sa, sb, rel_id})
            meta[r.aid] = (r.url, r.published)
    objects: list = [obj for obj in actors.values() if obj is not None]
    for (kind, type_, a, b), g in grouped.items():
        objects.append(
            stix2.Relationship(
                id=_sid("relationship", f"{kind}:{type_}:{a}:{b}"),
                relationship_type=type_.lower().replace("_", "-"),
                source_ref=g["refs"][0],
                target_ref=g["refs"][1],
                description=f"{kind} {type_}: {g['count']} report(s), " + ", ".join(sorted(g["modalities"])),
                allow_custom=True,
                x_newsdesk_count=g["count"],
                x_newsdesk_modalities=sorted(g["modalities"]),
                external_references=[{"source_name": "article", "url": u} for u in g["urls"]] or None,
            )
        )
    titles = (
        dict(
            conn.execute(
                select(articles.c.id, articles.c.title).where(articles.c.id.in_(list(per_article)))
            ).all()
        )
        if per_article
        else {}
    )
    for aid, refs in per_article.items():
        url, published = meta[aid]
        refs_ext = [{"source_name": "article", "url": url}] if url else []
        if attribution(url):
            refs_ext[0]["description"] = attribution(url)
        objects.append(
            stix2.Report(
                id=_sid("report", str(aid)),
                name=titles.get(aid) or f"article {aid}",
                published=_timestamp(published),
                report_types=["threat-report"],
                object_refs=sorted(refs),
                external_references=refs_ext or None,
            )
        )
    # The bundle is assembled here: stix2's own Bundle.serialize sorts with lookups that grow
    # with the square of the object count (minutes for a few thousand objects).
    bundle = {
        "type": "bundle",
        "id": _sid("bundle", str(out.name)),
        "objects": [json.loads(obj.serialize()) for obj in objects],
    }
    out.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(objects)
