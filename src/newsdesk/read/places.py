"""The ``places`` stage: toponyms found with offsets and resolved to coordinates.

Finding: spaCy's GPE/LOC/FAC entities, plus capitalised names the place gazetteer knows that
NER missed (also inside organisation names, "Illinois Department of Health"), plus the
region after a comma ("Springfield, Ill."). Resolving: each name's candidates are scored by
population and kind, by the document's country context (countries named as places, as
actors or through demonyms: "Iraqi" says Iraq, though it is not a place), by the regions
the document names, and by nearness to the places already resolved; two passes let the
unambiguous names settle the ambiguous ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from ..model import Document, Place, Span
from ..stages import Stage
from . import gazetteer
from .placenames import Candidate, PlaceIndex, load

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Small words allowed inside a capitalised place name ("Isle of Man", "Rio de Janeiro").
CONNECTORS = {"of", "de", "del", "da", "do", "la", "le", "upon", "-", "el", "al", "on", "the"}
MAX_NAME_TOKENS = 5
#: A town NER did not mark is taken only if it is at least this large (else "Will", "Bath"...).
MIN_UNTAGGED_POPULATION = 100_000
#: Within this distance (km) a candidate is "near" the places already read.
NEAR_KM = 250
KIND_BONUS = {"country": 2.0, "admin1": 1.5, "continent": 2.0, "region": 1.5, "water": 1.0, "admin2": 0.5,
              "city": 0.0}


@dataclass
class Found:
    start: int  # token indices
    end: int
    label: str  # NER label or "GAZ"
    qualifier: str | None = None  # region named after a comma ("Springfield, Ill.")


def _distance_km(a: Candidate, lat: float, lon: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _proper(token) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "." in token.text or "'" in token.text)


def _strip_the(span: SpacySpan) -> SpacySpan:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in {"the"}:
        start += 1
    end = span.end
    while end > start + 1 and span.doc[end - 1].text in {"'s", "\u2019s", ".", ","}:
        end -= 1
    return span.doc[start:end]


def _ner(sp: SpacyDoc) -> list[Found]:
    out = []
    for ent in sp.ents:
        if ent.label_ in PLACE_LABELS:
            span = _strip_the(ent)
            out.append(Found(span.start, span.end, ent.label_))
    return out


def _untagged_ok(span: SpacySpan, cands: list[Candidate]) -> bool:
    best = cands[0]
    if best.feature != "city":
        return True
    if len(span) > 1:
        return True
    token = span[0]
    return token.tag_ == "NNP" and not token.is_sent_start and best.population >= MIN_UNTAGGED_POPULATION


def _gazetteer(sp: SpacyDoc, index: PlaceIndex) -> list[Found]:
    """Capitalised names the gazetteer knows, outside person names."""
    person = {t.i for ent in sp.ents if ent.label_ in {"PERSON", "DATE", "TIME", "MONEY"} for t in ent}
    ner_place = {t.i for ent in sp.ents if ent.label_ in PLACE_LABELS for t in ent}
    out: list[Found] = []
    i = 0
    while i < len(sp):
        if not _proper(sp[i]) or i in person:
            i += 1
            continue
        taken = 0
        for n in range(min(MAX_NAME_TOKENS, len(sp) - i), 0, -1):
            span = sp[i:i + n]
            if not _proper(span[-1]) or any(t.i in person for t in span):
                continue
            if any(not _proper(t) and t.lower_ not in CONNECTORS for t in span):
                continue
            cands = index.lookup(span.text)
            if not cands:
                continue
            if all(t.i in ner_place for t in span) or _untagged_ok(span, cands):
                out.append(Found(span.start, span.end, "GAZ"))
                taken = n
                break
        i += max(taken, 1)
    return out


def _qualifiers(sp: SpacyDoc, found: list[Found], index: PlaceIndex) -> list[Found]:
    """ "Springfield, Ill." / "Paris, Texas": the part after the comma names the region."""
    extra = []
    for f in found:
        if f.end + 1 >= len(sp) or sp[f.end].text != ",":
            continue
        for n in (3, 2, 1):
            span = sp[f.end + 1:f.end + 1 + n]
            if len(span) < n:
                continue
            text = span.text
            region = index.abbreviations.get(gazetteer.normalise(text))
            if region is None and any(c.feature in {"admin1", "country"} for c in index.lookup(text)):
                region = text
            if region is not None and _proper(span[0]):
                f.qualifier = region
                extra.append(Found(span.start, span.end, "QUAL", None))
                break
    return extra


def _settle(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    rank = {"QUAL": 3, "GPE": 2, "LOC": 2, "FAC": 1, "GAZ": 1}
    for f in sorted(found, key=lambda f: (-(f.end - f.start), -rank[f.label], f.start)):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _country_context(doc: Document) -> Counter:
    """Country codes the document speaks of, as actors, demonyms or places."""
    ctx: Counter = Counter()
    for entity in doc.entities:
        if entity.id.startswith("country:") and entity.country:
            ctx[entity.country] += len(entity.mentions)
    return ctx


def _lookup(index: PlaceIndex, text: str, qualifier: str | None) -> list[Candidate]:
    cands = index.lookup(text)
    if not cands and text.lower().startswith("the "):
        cands = index.lookup(text[4:])
    if qualifier:
        region = gazetteer.normalise(qualifier)
        narrowed = [c for c in cands if gazetteer.normalise(index.region_of(c) or "") == region
                    or (c.feature == "city" and gazetteer.normalise(c.country_code or "") == region)]
        cands = narrowed or cands
    return cands


def _score(c: Candidate, index: PlaceIndex, countries: Counter, regions: Counter,
           anchors: list[tuple[float, float]]) -> float:
    score = math.log10(c.population + 10) + KIND_BONUS.get(c.feature, 0.0)
    if c.country_code and countries:
        share = countries[c.country_code] / max(countries.values())
        score += 3.0 * share
    region = index.region_of(c)
    if region and regions.get(region):
        score += 2.5
    if anchors and c.feature in {"city", "admin2"}:
        if any(_distance_km(c, lat, lon) <= NEAR_KM for lat, lon in anchors):
            score += 1.5
    return score


def _resolve(texts: list[tuple[str, str | None]], index: PlaceIndex, countries: Counter
             ) -> list[Candidate | None]:
    """Two passes: unambiguous names and country context first, then their regions and nearness."""
    options = [_lookup(index, t, q) for t, q in texts]
    regions: Counter = Counter()
    anchors: list[tuple[float, float]] = []
    chosen: list[Candidate | None] = [None] * len(texts)
    for _ in range(2):
        for i, cands in enumerate(options):
            if not cands:
                continue
            others = [a for j, a in enumerate(anchors) if j != i] if anchors else []
            chosen[i] = max(cands, key=lambda c: _score(c, index, countries, regions, others))
        regions = Counter()
        ctx = Counter(countries)
        for c in chosen:
            if c is None:
                continue
            if c.feature in {"admin1", "admin2"} or c.feature == "city":
                region = index.region_of(c)
                if region:
                    regions[region] += 1
            if c.country_code:
                ctx[c.country_code] += 1
        countries = ctx
        anchors = [(c.lat, c.lon) for c in chosen if c is not None and c.feature in {"city", "admin2", "admin1"}]
    return chosen


def read_places(doc: Document, index: PlaceIndex | None = None) -> list[Place]:
    sp = doc.analysis.get("spacy")
    if sp is None:
        return []
    index = index or load()
    found = _settle(_ner(sp) + _gazetteer(sp, index))
    found = _settle(found + _qualifiers(sp, found, index))
    texts = [(sp[f.start:f.end].text, f.qualifier) for f in found]
    chosen = _resolve(texts, index, _country_context(doc))
    places: dict[tuple, Place] = {}
    for f, (text, _), c in zip(found, texts, chosen, strict=True):
        span = sp[f.start:f.end]
        key = (c.feature, c.geonameid, c.name, c.country_code) if c else ("", None, text, None)
        place = places.get(key)
        if place is None:
            place = Place(name=c.name if c else text, lat=c.lat if c else None, lon=c.lon if c else None,
                          country_code=c.country_code if c else None, geonameid=c.geonameid if c else None,
                          feature=c.feature if c else None)
            places[key] = place
        place.mentions.append(Span(span.start_char, span.end_char, span.text))
    return list(places.values())


def run(docs: Sequence[Document]) -> None:
    index = load()
    for doc in docs:
        doc.places = read_places(doc, index)


STAGE = Stage(name="places", phase="read", run=run, order=40, requires=("nlp",))
