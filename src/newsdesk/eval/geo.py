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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import settings
from ..model import Article, Document
from ..read import actors, diskcache, gazetteer, nlp, placefilter, placenames, placerank, places, placetrain
from . import SettingError, whole

#: GeoWebNews toponym types that are not proper-noun place names.
GWN_NOT_PROPER = {"Demonym", "Language", "Non_Toponym", "Homonym", "Literal_Expression", "Non_Lit_Expression"}
KM = 161.0
#: Modules of the reading code the cached parses do not depend on.
PLACES_CODE = {"places", "placenames", "placefeatures", "placerank", "placefilter", "placetrain", "diskcache"}


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


def _offset(toponym: ET.Element, tag: str) -> int:
    """A toponym's required character offset; a clear error when the annotation lacks it."""
    value = toponym.findtext(tag)
    if value is None:
        raise ValueError(f"a toponym without <{tag}>")
    return int(value)


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
            gold.append(Gold(_offset(t, "start"), _offset(t, "end"), name, lat, lon, proper))
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
            gold.append(Gold(_offset(t, "start"), _offset(t, "end"), phrase, lat, lon, proper))
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


def _parse(texts: list[str]) -> list[Document]:
    docs = [Document(article=Article(id=str(i), title=None, body=t)) for i, t in enumerate(texts)]
    nlp.parse(docs)
    actors.run(docs)
    return docs


def _stamp(texts: list[str]) -> str:
    """What the parses depend on: the texts, spaCy and its model, and the reading code before
    the places stage (the places code is left out: changing it must not re-parse)."""
    read = Path(actors.__file__).parent
    code = [f.read_bytes() for f in sorted(read.glob("*.py")) if f.stem not in PLACES_CODE]
    data = [f.read_bytes() for f in sorted((read.parent / "data" / "actors").rglob("*")) if f.is_file()]
    model = nlp.model_name()
    return diskcache.fingerprint([*(t.encode() for t in texts), model.encode(), *code, *data],
                                 packages=["spacy", model])


def addresses(path: Path) -> list[str | None]:
    """Each article's web address (GeoWebNews ``link``, LGL ``url`` or else ``domain``), in the
    order of :func:`load`: the outlet's home is evidence for its places."""
    path = Path(path)
    if (path / "GWN.xml").exists():
        return [a.findtext("link") for a in ET.parse(path / "GWN.xml").getroot().iter("article")]
    return [a.findtext("url") or a.findtext("domain")
            for a in ET.parse(path / "lgl.xml").getroot().iter("article")]


def parsed(texts: list[str], urls: list[str | None] | None = None) -> list[Document]:
    """The documents parsed and with their actors read, from the disk cache when the texts and
    the code before the places stage are unchanged: experiments with places redo only places."""
    name = "geo-parses-" + diskcache.fingerprint(t.encode() for t in texts[:3])[:8]
    docs = diskcache.built(name, _stamp(texts), lambda: _parse(texts))
    for doc, url in zip(docs, urls or [None] * len(docs), strict=True):
        doc.places = []
        doc.article.url = url
    return docs


def analyse(texts: list[str], urls: list[str | None] | None = None) -> list[Document]:
    docs = parsed(texts, urls)
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
            located = [(g.lat, g.lon) for g in hits if g.lat is not None and g.lon is not None]
            if located:
                matched += 1
                if place.lat is not None and place.lon is not None and any(
                        _km(place.lat, place.lon, lat, lon) <= KM for lat, lon in located):
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


def _companions(path: Path, train: Sequence[Path] | None) -> list[Path]:
    """The other dev sets the ranker trains on with ``path``'s: ``train`` when given, else the
    ``eval_geo_train`` setting (folders separated by commas; empty: none), else the GeoWebNews
    and LGL folders beside it."""
    if train is not None:
        return [Path(p) for p in train]
    setting = settings.text("eval_geo_train")
    if setting is not None:
        return [Path(p) for p in setting.split(",") if p.strip()]
    beside = [path.parent / name for name in ("geowebnews", "lgl")]
    return [p for p in beside
            if p.resolve() != path.resolve() and ((p / "GWN.xml").exists() or (p / "lgl.xml").exists())]


def evaluate(path: Path, *, folds: int | None = None, seed: int | None = None,
             train: Sequence[Path] | None = None) -> dict:
    """Scores on ``path``; with ``folds=K`` (K >= 2), by K-fold cross-validation by document, the
    ranker trained on the other folds of this set and of its companions (``train``), the
    documents drawn into folds by ``seed``. An option left at None is its setting
    (``NEWSDESK_EVAL_FOLDS``, ``NEWSDESK_EVAL_SEED``, ``NEWSDESK_EVAL_GEO_TRAIN``)."""
    path = Path(path)
    layout = "GWN" if (path / "GWN.xml").exists() else "LGL"
    articles = load(path)
    folds = whole(folds, "eval_folds", 0, option="folds")
    if folds == 1:
        raise SettingError("folds (--folds, NEWSDESK_EVAL_FOLDS) must be 0 (the shipped ranker) "
                           "or at least 2")
    if not folds:
        docs = analyse([text for text, _ in articles], addresses(path))
        return {"layout": layout, **score(articles, docs)}
    sets = {"this": (articles, parsed([text for text, _ in articles], addresses(path)))}
    for n, other in enumerate(_companions(path, train)):
        extra = load(other)
        sets[f"train{n}"] = (extra, parsed([text for text, _ in extra], addresses(other)))
    seed = whole(seed, "eval_seed", 0, option="seed")
    scores = cross_validate(sets, folds, seed)
    trained_with = sum(len(a) for name, (a, _) in sets.items() if name != "this")
    return {"layout": layout, "folds": folds, "seed": seed, "companion_articles": trained_with,
            **scores["this"]}


def spans(gold: list[Gold]) -> list[tuple[int, int]]:
    """Every annotated toponym's offsets, of any kind: what a found mention must overlap."""
    return [(g.start, g.end) for g in gold]


def points(gold: list[Gold]) -> list[placetrain.Point]:
    return [placetrain.Point(g.start, g.end, g.lat, g.lon) for g in gold
            if g.lat is not None and g.lon is not None]


def cross_validate(sets: dict[str, tuple[list[tuple[str, list[Gold]]], list[Document]]], folds: int,
                   seed: int = 0, features: tuple[str, ...] | None = None,
                   penalty: float = placetrain.PENALTY, without_address: bool = False,
                   place_filter: bool | None = None, threshold: float | None = None) -> dict[str, dict]:
    """Scores of each set with every document read by a ranker trained on the other folds.

    Folds are by document, drawn within each set (each fold holds its share of every set), and
    the ranker trains on the training folds of all the sets together. The place filter (when
    ``place_filter``, by default when one is shipped) is learned on the same training folds, with
    the shipped filter's features and threshold unless ``threshold`` is given.
    """
    index, start = placenames.load(), placerank.load()
    if place_filter is None:
        place_filter = placefilter.load() is not None
    features = features or start.features
    rng = np.random.default_rng(seed)
    entries = []  # (set, position, fold)
    for name, (articles, _) in sets.items():
        order = rng.permutation(len(articles))
        entries += [(name, int(i), n % folds) for n, i in enumerate(order)]
    for k in range(folds):
        train = [(sets[s][1][i], points(sets[s][0][i][1])) for s, i, f in entries if f != k]
        ranker = placetrain.train([d for d, _ in train], [g for _, g in train], index, start, features,
                                  penalty=penalty, without_address=without_address)
        keep: bool | placefilter.Filter = False
        if place_filter:
            shipped = placefilter.load()
            chosen = shipped.features if shipped else placefilter.FEATURES
            bar = threshold if threshold is not None else shipped.threshold if shipped else 0.5
            local = shipped.local_threshold if shipped and threshold is None else None
            toponyms = [spans(sets[s][0][i][1]) for s, i, f in entries if f != k]
            keep = placetrain.train_filter([d for d, _ in train], toponyms, index, ranker, chosen,
                                           threshold=bar, local_threshold=local) or False
        for s, i, f in entries:
            if f == k:
                doc = sets[s][1][i]
                doc.places = places.read_places(doc, index, ranker, keep=keep)
    return {name: score(articles, docs) for name, (articles, docs) in sets.items()}
