"""`newsdesk eval geo DIR`: toponym finding and resolution on GeoWebNews or LGL.

The layout is read from which file is present (``GWN.xml`` or ``lgl.xml``). Only the
stages geoparsing needs run (nlp, actors for country context, places). Scores:

- precision: share of found place mentions that overlap an annotated toponym (any kind);
- recall: share of annotated proper-noun toponyms with coordinates that a found mention
  overlaps (GeoWebNews: not demonyms, languages, adjectival or common-noun expressions;
  LGL: not demonyms);
- within_161km: share of found mentions matching an annotated toponym with coordinates
  whose resolved point lies within 161 km (100 miles) of the annotation; unresolved count
  as misses.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Document
from ..read import actors, gazetteer, nlp, places

#: GeoWebNews toponym types that are not proper-noun place names.
GWN_NOT_PROPER = {"Demonym", "Language", "Non_Toponym", "Homonym", "Literal_Expression", "Non_Lit_Expression"}
KM = 161.0


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    proper: bool


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _gwn(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for t in article.iter("toponym"):
            lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            name = t.findtext("extractedName") or ""
            proper = (lat is not None and t.findtext("type") not in GWN_NOT_PROPER
                      and t.findtext("modifierType") != "Adjective" and name[:1].isupper())
            gold.append(Gold(int(t.findtext("start")), int(t.findtext("end")), name, lat, lon, proper))
        out.append((text, gold))
    return out


def _lgl(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for t in article.iter("toponym"):
            tag = t.find("gaztag")
            lat = _float(tag.findtext("lat")) if tag is not None else None
            lon = _float(tag.findtext("lon")) if tag is not None else None
            phrase = t.findtext("phrase") or ""
            proper = lat is not None and phrase[:1].isupper() and gazetteer.demonym(phrase) is None
            gold.append(Gold(int(t.findtext("start")), int(t.findtext("end")), phrase, lat, lon, proper))
        out.append((text, gold))
    return out


def load(path: Path) -> list[tuple[str, list[Gold]]]:
    if (path / "GWN.xml").exists():
        return _gwn(path / "GWN.xml")
    if (path / "lgl.xml").exists():
        return _lgl(path / "lgl.xml")
    raise FileNotFoundError(f"{path}: neither GWN.xml nor lgl.xml")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def analyse(texts: list[str]) -> list[Document]:
    docs = [Document(article=Article(id=str(i), title=None, body=t)) for i, t in enumerate(texts)]
    nlp.parse(docs)
    actors.run(docs)
    places.run(docs)
    return docs


def score(articles: list[tuple[str, list[Gold]]], docs: list[Document]) -> dict:
    found = precise = proper = recalled = matched = near = 0
    for (_, gold), doc in zip(articles, docs, strict=True):
        mentions = [(m.start, m.end, p) for p in doc.places for m in p.mentions]
        for start, end, place in mentions:
            found += 1
            hits = [g for g in gold if g.start < end and start < g.end]
            precise += bool(hits)
            located = [g for g in hits if g.lat is not None]
            if located:
                matched += 1
                if place.lat is not None and any(
                        _km(place.lat, place.lon, g.lat, g.lon) <= KM for g in located):
                    near += 1
        for g in gold:
            if g.proper:
                proper += 1
                recalled += any(g.start < e and s < g.end for s, e, _ in mentions)
    return {
        "articles": len(docs), "found": found, "annotated": proper,
        "precision": round(precise / found, 4) if found else 0.0,
        "recall": round(recalled / proper, 4) if proper else 0.0,
        "within_161km": round(near / matched, 4) if matched else 0.0,
    }


def evaluate(path: Path) -> dict:
    articles = load(Path(path))
    docs = analyse([text for text, _ in articles])
    return {"layout": "GWN" if (Path(path) / "GWN.xml").exists() else "LGL", **score(articles, docs)}
