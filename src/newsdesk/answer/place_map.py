"""Places on a map: one point per resolved place, sized by the articles (and events) that name it.

The same filters as the events table narrow the articles first (an actor they mention, a
PLOVER category they code, a date range), so a map of "where Hamas was reported acting in
2008" is one query. Features are GeoJSON (RFC 7946: longitude first).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, Row, func, select

from ..store.schema import articles, events, mentions, places
from .memo import MEMO


def place_features(
    conn: Connection,
    *,
    actor: list[str] | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    """Every place matching the filters as a Feature, most-reported first (ties by name).

    Kept until the store changes (``memo``): the features are read, never modified, by callers."""
    key = ("places", tuple(actor or ()), category, since, until)
    return MEMO.get(conn, key, lambda: _features(conn, actor, category, since, until))


def _features(conn: Connection, actor, category, since, until) -> list[dict]:
    cond = [articles.c.current.is_(True), places.c.lat.is_not(None), places.c.lon.is_not(None)]
    if since:
        cond.append(articles.c.published >= since)
    if until:
        cond.append(articles.c.published <= until + "\uffff")
    if actor:
        cond.append(articles.c.id.in_(select(mentions.c.article_id).where(mentions.c.entity_id.in_(actor))))
    if category:
        cond.append(articles.c.id.in_(select(events.c.article_id).where(events.c.type == category)))
    rows = conn.execute(
        select(
            places.c.name,
            places.c.lat,
            places.c.lon,
            places.c.country_code,
            places.c.geonameid,
            places.c.feature,
            places.c.article_id,
        )
        .join(articles, articles.c.id == places.c.article_id)
        .where(*cond)
    ).all()
    # Events whose location is the place, per (article, folded name).
    located: defaultdict[tuple[int, str], int] = defaultdict(int)
    if rows:
        where = [articles.c.current.is_(True), events.c.location.is_not(None)]
        if category:
            where.append(events.c.type == category)
        for article_id, location, n in conn.execute(
            select(events.c.article_id, func.lower(events.c.location), func.count())
            .join(articles, articles.c.id == events.c.article_id)
            .where(*where)
            .group_by(events.c.article_id, func.lower(events.c.location))
        ):
            located[(article_id, location)] += n
    first: dict[object, Row] = {}
    docs: dict[object, set] = defaultdict(set)
    counted: dict[object, int] = defaultdict(int)
    for r in rows:
        key = r.geonameid or r.name.casefold()
        first.setdefault(key, r)
        if r.article_id not in docs[key]:
            docs[key].add(r.article_id)
            counted[key] += located.get((r.article_id, r.name.casefold()), 0)
    order = sorted(first, key=lambda k: (-len(docs[k]), first[k].name))
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [first[k].lon, first[k].lat]},
            "properties": {
                "name": first[k].name,
                "country_code": first[k].country_code,
                "geonameid": first[k].geonameid,
                "feature": first[k].feature,
                "articles": len(docs[k]),
                "events": counted[k],
            },
        }
        for k in order
    ]
