"""An actor's page: who it is called, what roles it held when, who it dealt with, what it did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from ..store.schema import aliases, articles, entities, mentions, roles
from .actor_lookup import entity_names, resolve_name
from .facts import facts


@dataclass
class ActorPage:
    id: str
    name: str
    type: str | None
    aliases: list[str]
    articles: int
    roles: list[dict] = field(default_factory=list)
    counterparts: list[dict] = field(default_factory=list)
    events_by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    relations: list[dict] = field(default_factory=list)


def _refs(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def actor_page(conn: Connection, name: str, *, limit: int = 20) -> ActorPage | None:
    ids = resolve_name(conn, name)
    if not ids:
        return None
    ident = ids[0]
    row = conn.execute(select(entities).where(entities.c.id == ident)).mappings().first()
    names = conn.scalars(
        select(aliases.c.alias).where(aliases.c.entity_id == ident).order_by(aliases.c.alias)
    )
    n_articles = conn.scalar(
        select(func.count(func.distinct(mentions.c.article_id)))
        .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
        .where(mentions.c.entity_id == ident, articles.c.current.is_(True))
    )
    page = ActorPage(
        id=ident,
        name=row["name"] if row else entity_names(conn, [ident]).get(ident, name),
        type=row["type"] if row else None,
        aliases=list(names),
        articles=n_articles or 0,
    )
    role_rows = conn.execute(
        select(roles.c.title, roles.c.of, articles.c.published, articles.c.doc_id)
        .join(articles, articles.c.id == roles.c.article_id)
        .where(roles.c.entity_id == ident, articles.c.current.is_(True))
        .order_by(articles.c.published)
    ).all()
    spans: dict[tuple, dict] = {}
    for r in role_rows:  # one row per (title, of): first and last time seen
        item = spans.setdefault(
            (r.title.lower(), r.of),
            {"title": r.title, "of": r.of, "first": r.published, "last": r.published, "articles": 0},
        )
        item["last"] = r.published or item["last"]
        item["articles"] += 1
    page.roles = list(spans.values())
    of_names = entity_names(conn, [role["of"] for role in page.roles if role["of"]])
    for role in page.roles:  # "of" is an entity id where the roles stage resolved it
        role["of_name"] = of_names.get(role["of"], role["of"])
    found = facts(conn, [ident])
    partners: Counter[str] = Counter()
    by_cat: dict[str, Counter] = {}
    for f in found:
        others = [x for x in _refs(f.source) + _refs(f.target) if x != ident]
        partners.update(set(others))
        if f.kind == "event":
            by_cat.setdefault(f.type, Counter())[f.modality] += 1
        else:
            page.relations.append(
                {
                    "type": f.type,
                    "source": f.source,
                    "target": f.target,
                    "modality": f.modality,
                    "doc_id": f.doc_id,
                    "sentence": f.sentence,
                    "date": f.date or f.published,
                    "title": f.title,
                    "outlet": f.outlet,
                    "start": f.start,
                    "end": f.end,
                }
            )
    partner_names = entity_names(conn, [p for p, _ in partners.most_common(limit)])
    page.counterparts = [
        {"id": p, "name": partner_names.get(p, p), "facts": n} for p, n in partners.most_common(limit)
    ]
    page.events_by_category = {
        k: dict(v) for k, v in sorted(by_cat.items(), key=lambda kv: -sum(kv[1].values()))
    }
    return page
