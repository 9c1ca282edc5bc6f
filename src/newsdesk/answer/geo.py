"""Places and events as GeoJSON (RFC 7946: longitude first), for any map tool."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from ..store.schema import articles, events, places
from .facts import attribution, fact_score


def places_geojson(conn: Connection) -> dict:
    """One point per place (by geonameid, else name), with the articles that mention it."""
    rows = conn.execute(
        select(
            places.c.name,
            places.c.lat,
            places.c.lon,
            places.c.country_code,
            places.c.geonameid,
            places.c.feature,
            articles.c.doc_id,
            articles.c.url,
        )
        .join(articles, articles.c.id == places.c.article_id)
        .where(articles.c.current.is_(True), places.c.lat.is_not(None), places.c.lon.is_not(None))
    ).all()
    grouped: dict[object, dict] = {}
    docs: dict[object, set] = defaultdict(set)
    for r in rows:
        key = r.geonameid or r.name
        grouped.setdefault(
            key,
            {
                "name": r.name,
                "lat": r.lat,
                "lon": r.lon,
                "country_code": r.country_code,
                "geonameid": r.geonameid,
                "feature": r.feature,
            },
        )
        docs[key].add(r.doc_id)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                **{k: v for k, v in p.items() if k not in ("lat", "lon")},
                "kind": "place",
                "articles": len(docs[key]),
            },
        }
        for key, p in grouped.items()
    ]
    return {"type": "FeatureCollection", "features": features}


def events_geojson(conn: Connection) -> dict:
    """Events whose location names a resolved place of the same article."""
    coords: dict[tuple[int, str], tuple[float, float]] = {}
    for place in conn.execute(
        select(places.c.article_id, places.c.name, places.c.lat, places.c.lon).where(
            places.c.lat.is_not(None)
        )
    ):
        coords.setdefault((place.article_id, place.name.casefold()), (place.lon, place.lat))
    features = []
    rows = conn.execute(
        select(events, articles.c.doc_id, articles.c.title, articles.c.url, articles.c.published)
        .join(articles, articles.c.id == events.c.article_id)
        .where(articles.c.current.is_(True), events.c.location.is_not(None))
    ).mappings()
    for r in rows:
        point = coords.get((r["article_id"], str(r["location"]).casefold()))
        if point is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(point)},
                "properties": {
                    "kind": "event",
                    "type": r["type"],
                    "modality": r["modality"],
                    "source": r["source"],
                    "target": r["target"],
                    "date": r["date"],
                    "location": r["location"],
                    "doc_id": r["doc_id"],
                    "title": r["title"],
                    "url": r["url"],
                    "published": r["published"],
                    "start": r["start"],
                    "end": r["end"],
                    "score": fact_score("event", r["type"], r["score"]),
                    "attribution": attribution(r["url"]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson(conn: Connection) -> dict:
    places_fc, events_fc = places_geojson(conn), events_geojson(conn)
    return {"type": "FeatureCollection", "features": places_fc["features"] + events_fc["features"]}
