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
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from ..model import Document, Place, Span
from ..stages import Stage
from . import gazetteer, placefilter, placerank
from .nlp import parsed_text
from .placenames import Candidate, PlaceIndex, load

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Prepositions after which an unknown capitalised word is taken as a place.
LOCATIVES = {"in", "at", "from", "near", "to", "into", "across", "outside", "inside", "around", "throughout"}
#: Small words allowed inside a capitalised place name ("Isle of Man", "Rio de Janeiro").
CONNECTORS = {"of", "de", "del", "da", "do", "la", "le", "upon", "-", "el", "al", "on", "the"}
MAX_NAME_TOKENS = 5
#: What follows the town of a dateline ("WINNIPEG —", "BEIRUT (AP)", "IMMOKALEE –").
DATELINE_MARKS = {",", "(", "-", "\u2014", "\u2013", "\ufffd", ":"}
#: A town NER did not mark is taken only if it is at least this large (else "Will", "Bath"...).
MIN_UNTAGGED_POPULATION = 100_000
#: Within this distance (km) a town NER did not mark counts as near the places already read.
NEAR_KM = 250
#: NER labels a place name often wears by mistake in the small model ("Azerbaijan" as PERSON).
MISLABELS = {"PERSON", "NORP", "ORG", "PRODUCT", "WORK_OF_ART"}
#: Rounds of resolution, and how many of the first use only the names with one reading as context.
ROUNDS = 4
#: Distinct place names resolved per document (scraped text is hostile: bound the work).
MAX_NAMES = 400
#: How many times bigger a country or region must be than a namesake to count as unambiguous.
DWARFS = 20
SURE_ROUNDS = 2
#: Spatial coherence: a reading gains for each other name of the document that could be a place
#: within CLOSE_KM of it (or that could be its region), whatever that name's current reading.
CLOSE_KM = 50.0
#: Two names with n and m readings have some pair of readings that close by chance about as
#: often as n * m exceeds this; beyond it their agreement counts for sqrt(COINCIDENCE / (n * m)).
COINCIDENCE = 10.0
#: Most other names counted as support (a long list of towns should not swamp size altogether).
COHERE_CAP = 4.0
#: Names, and readings per name, the coherence weighs (the work grows with their product squared).
COHERE_NAMES = 100
COHERE_READINGS = 60
@dataclass
class Found:
    start: int  # token indices
    end: int
    label: str  # NER label, "GAZ" (gazetteer only) or "QUAL" (region after a comma)
    qualifier: str | None = None  # region named after a comma ("Springfield, Ill.")


#: Scoring normalises the same few names for every candidate and round (pure: cached per process).
_normal = lru_cache(maxsize=1 << 16)(gazetteer.normalise)


def _demonym(text: str) -> bool:
    """ "Iraqi", "the Canadian": context for the country, never a place."""
    return gazetteer.demonym(text) is not None and not gazetteer.lookup(text)


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


def _not_a_place_word(span: SpacySpan, index: PlaceIndex, named: set[str]) -> bool:
    """A lone word NER called a place that is something else here: a listed non-place word, a
    letter ("D-Iowa"), a word of a person's name in this story ("Hughes said", after Tom Hughes),
    or an organisation the actor gazetteer knows ("Hamas")."""
    if len(span) != 1:
        return False
    word = gazetteer.normalise(span.text)
    if word in index.not_places or len(word) < 2:
        return True
    if word in named and not (_after_locative(span) or _before_region(span, index)) and not any(
            c.feature in {"country", "admin1"} for c in index.lookup(span.text)):
        return True
    return _organisation(span.text)


def _organisation(text: str) -> bool:
    """An organisation that is not also a territory (the EU is one, annotated as a place)."""
    actor = gazetteer.lookup(text)
    return actor is not None and actor.id.startswith("org:")


def _ner(sp: SpacyDoc, index: PlaceIndex, person_spans: list[tuple[int, int]], named: set[str]
         ) -> list[Found]:
    out = []
    for ent in sp.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        span = _strip_the(ent)
        if _not_a_place_word(span, index, named) or _demonym(span.text):
            continue
        # NER's "place" that the actors stage read as part of a person ("Modi" of Narendra Modi).
        if any(s < span.end_char and span.start_char < e for s, e in person_spans):
            continue
        out.append(Found(span.start, span.end, ent.label_))
    return out


def _major(c: Candidate) -> bool:
    return not c.short and (c.feature != "city" or c.population >= MIN_UNTAGGED_POPULATION or c.capital)


def _sites(sp: SpacyDoc, index: PlaceIndex) -> list[Found]:
    """Names ending in a place word ("Royal Street", "Holy Redeemer Church"), whatever NER's label."""
    out = []
    for ent in sp.ents:
        if ent.label_ not in MISLABELS | {"FAC", "LOC"}:
            continue
        span = _strip_the(ent)
        if len(span) > 1 and span[-1].lower_ in index.heads and _proper(span[0]):
            out.append(Found(span.start, span.end, "FAC"))
    return out


def _untagged_ok(span: SpacySpan, cands: list[Candidate]) -> bool:
    """Whether a name NER did not mark as a place is one anyway, on the gazetteer's word."""
    if len(span) > 1:
        return True
    token = span[0]
    following = token.doc[token.i + 1].text if token.i + 1 < len(token.doc) else ""
    if token.is_sent_start and token.text.isupper() and len(token.text) > 2 and following in DATELINE_MARKS:
        return True  # a dateline ("WINNIPEG —", "BEIRUT (AP)"): a place whatever its size
    if token.tag_ != "NNP":
        return False
    dateline = following == "," and token.text.isupper()
    return _major(cands[0]) and (not token.is_sent_start or dateline)


def _gazetteer(sp: SpacyDoc, text: str, index: PlaceIndex, people: set[str]
               ) -> tuple[list[Found], list[Found]]:
    """Capitalised names the gazetteer knows: (taken, weak). Weak ones are small towns NER did
    not mark; they are taken later only if they lie near the places already read."""
    blocked: set[int] = set()
    for ent in sp.ents:
        if ent.label_ in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"}:
            blocked.update(t.i for t in ent)
        elif ent.label_ == "PERSON":
            cands = index.lookup(ent.text)
            # A whole "person" that is a place and no one's name here may be a place: taken if
            # well known, else weighed like a town NER did not mark.
            minor = len(ent) > 1 and not _major(cands[0]) if cands else True
            if not cands or gazetteer.normalise(ent.text) in people or (
                    minor and not _after_locative(ent) and not _before_region(ent, index)):
                blocked.update(t.i for t in ent)
        elif ent.label_ == "ORG" and len(ent) == 1 and _organisation(ent.text):
            blocked.add(ent.start)  # "Hamas": an organisation the actor gazetteer knows
    ner_place = {t.i for ent in sp.ents if ent.label_ in PLACE_LABELS for t in ent}
    # Words inside a longer name of a person ("Rhonda Welch"): a small town NER did not mark is
    # not taken from there (from an organisation's name it is: "Gainesville Police").
    inside = {t.i for ent in sp.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    taken: list[Found] = []
    weak: list[Found] = []
    # Each token's tests once (a Token is built anew at every sp[i]).
    tokens = list(sp)
    proper = [_proper(t) for t in tokens]
    joins = [p or t.lower_ in CONNECTORS for p, t in zip(proper, tokens, strict=True)]
    i = 0
    while i < len(tokens):
        if not proper[i] or i in blocked:
            i += 1
            continue
        step = 1
        for n in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            end = i + n
            if not proper[end - 1] or any(j in blocked for j in range(i, end)):
                continue
            if not all(joins[i:end]):
                continue
            last = tokens[end - 1]
            name = text[tokens[i].idx:last.idx + len(last)]
            cands = index.lookup(name)
            if not cands or (n == 1 and _not_a_place_word(sp[i:end], index, people)) or _demonym(name):
                continue
            span = sp[i:end]
            if all(j in ner_place for j in range(i, end)) or _untagged_ok(span, cands):
                taken.append(Found(i, end, "GAZ"))
            elif n == 1 and tokens[i].tag_ == "NNP" and i not in inside:
                weak.append(Found(i, end, "GAZ"))
            step = n
            break
        i += step
    return taken, weak


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
            region = index.abbreviations.get(text.rstrip(","))
            if region is None and any(c.feature in {"admin1", "country"} for c in index.lookup(text)):
                region = text
            if region is not None and _proper(span[0]):
                f.qualifier = region
                extra.append(Found(span.start, span.end, "QUAL", None))
                break
    return extra


def _share_qualifiers(sp: SpacyDoc, found: list[Found]) -> None:
    """One place per name per story: once "Springfield, Ohio", every bare "Springfield" is it too
    (when the story gives that name a single region)."""
    stated: dict[str, set[str]] = {}
    for f in found:
        if f.qualifier:
            stated.setdefault(gazetteer.normalise(sp[f.start:f.end].text), set()).add(f.qualifier)
    if not stated:
        return
    for f in found:
        if f.qualifier is None and f.label != "QUAL":
            regions = stated.get(gazetteer.normalise(sp[f.start:f.end].text), set())
            if len(regions) == 1:
                f.qualifier = next(iter(regions))


def _settle(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    rank = {"QUAL": 3, "GPE": 2, "LOC": 2, "FAC": 1, "GAZ": 1}
    for f in sorted(found, key=lambda f: (-(f.end - f.start), -rank[f.label], f.start)):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _country_context(doc: Document, place_names: set[str]) -> Counter:
    """Country codes the document speaks of as actors or through demonyms ("Iraqi").

    Mentions that are themselves place names being resolved ("Georgia") are left out: they
    are what is in question.
    """
    ctx: Counter = Counter()
    for entity in doc.entities:
        if entity.id.startswith("country:") and entity.country:
            ctx[entity.country] += sum(gazetteer.normalise(m.text) not in place_names
                                       for m in entity.mentions)
    return +ctx


def _inner(index: PlaceIndex, text: str) -> list[Candidate]:
    """The longest known place inside an unknown name: "Vanderburgh County Sheriff",
    "Southern California", "Vancouver International Airport" are where their place is."""
    words = text.split()
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            if n == 1 and (not part[:1].isupper() or gazetteer.normalise(part) in index.not_places):
                continue
            cands = index.lookup(part)
            if cands and (n > 1 or _major(cands[0])):
                return cands
    return []


_TOWN_OF = re.compile(r"^(?:[Tt]he\s+)?(?:City\s+of\s+(.+)|(.+?)\s+City)$")


def _lookup(index: PlaceIndex, text: str, qualifier: str | None) -> list[Candidate]:
    abbreviated = index.abbreviations.get(text.rstrip(","))
    if abbreviated:
        return [c for c in index.lookup(abbreviated) if c.feature == "admin1"] or index.lookup(text)
    cands = index.lookup(text)
    town = _TOWN_OF.match(text.strip())
    if town:
        # "the City of Richmond" is Richmond (the VA "City of Richmond" stays among the readings);
        # so is "Dublin City" where that is only another name of some place, but not "Atlantic
        # City" (a town's very name) nor "Harbor City" (a neighbourhood the gazetteer lacks).
        name = town.group(1) or town.group(2)
        said = _normal(text)
        if town.group(1) or (cands and not any(_normal(c.name) == said for c in cands)):
            cands = cands + [c for c in index.lookup(name) if c.feature == "city" and c not in cands]
    if not cands:
        cands = _inner(index, text)
        if text.split()[-1].lower() in index.streets:
            # A street is not in the town it is named after, but a county road is in its county.
            cands = [c for c in cands if c.feature == "admin2" and not c.short]
    if qualifier:
        region = gazetteer.normalise(qualifier)
        narrowed = [c for c in cands if gazetteer.normalise(index.region_of(c) or "") == region
                    or (c.feature == "city" and gazetteer.normalise(c.country_code or "") == region)]
        cands = narrowed or cands
    return cands


def _alike(keys: list[tuple[str, str | None]], options: list[list[Candidate]]) -> list[set[int]]:
    """For each name, the names that are the same name: written alike, or sharing a reading ("Paris"
    and "Paris Regional Medical Center"). They are never each other's context."""
    by_text: dict[str, set[int]] = {}
    by_reading: dict[Candidate, set[int]] = {}
    for g, (k, cands) in enumerate(zip(keys, options, strict=True)):
        by_text.setdefault(k[0], set()).add(g)
        for c in cands:
            by_reading.setdefault(c, set()).add(g)
    alike = [set(by_text[k[0]]) for k in keys]
    for groups in by_reading.values():
        if len(groups) > 1:
            for g in groups:
                alike[g] |= groups
    return alike


def _coherence(alike: list[set[int]], options: list[list[Candidate]], index: PlaceIndex
               ) -> list[list[float]]:
    """For every candidate, how many of the document's other names could be a place near it.

    The readings of a local story lie together ("Richmond" and "Madison County" are both in
    Kentucky, not one in Virginia and one in Indiana): a candidate is supported by each other
    name that has some town or county reading within CLOSE_KM of it, or a region reading that
    contains it, counted whatever reading that name ends up with. Agreement between names with
    many readings ("Jackson", "Washington") is likely chance, and counts for less.
    """
    # Bounded work on hostile pages: the first COHERE_NAMES names, their most populous readings.
    points = [(g, c.lat, c.lon) for g, cands in enumerate(options[:COHERE_NAMES])
              for c in cands[:COHERE_READINGS] if c.feature in {"city", "admin2"}]
    out = [[0.0] * len(cands) for cands in options]
    if len(options) < 2:
        return out
    readings = np.array([max(len(cands), 1) for cands in options], dtype=float)
    holders: dict[str, set[int]] = {}
    for g, cands in enumerate(options):
        for c in cands:
            if c.feature == "admin1":
                holders.setdefault(c.name, set()).add(g)
    if points:
        group = np.array([p[0] for p in points])
        lat = np.radians(np.array([p[1] for p in points]))
        lon = np.radians(np.array([p[2] for p in points]))
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        present = group[starts]
    for i, cands in enumerate(options[:COHERE_NAMES]):
        near = np.zeros((len(cands), len(options)), dtype=bool)
        spatial = [k for k, c in enumerate(cands[:COHERE_READINGS]) if c.feature in {"city", "admin2"}]
        if points and spatial:
            la = np.radians(np.array([cands[k].lat for k in spatial]))[:, None]
            lo = np.radians(np.array([cands[k].lon for k in spatial]))[:, None]
            h = (np.sin((lat - la) / 2) ** 2 + np.cos(la) * np.cos(lat) * np.sin((lon - lo) / 2) ** 2)
            close = 2 * 6371 * np.arcsin(np.sqrt(np.minimum(h, 1.0))) <= CLOSE_KM
            near[np.array(spatial)[:, None], present[None, :]] = np.logical_or.reduceat(close, starts, axis=1)
        for k, c in enumerate(cands):
            region = index.region_of(c) if c.feature in {"city", "admin2"} else None
            for g in holders.get(region or "", ()):
                near[k, g] = True
        near[:, sorted(alike[i])] = False
        chance = np.minimum(1.0, np.sqrt(COINCIDENCE / (readings * max(len(cands), 1))))
        out[i] = list(np.minimum(near @ chance, COHERE_CAP))
    return out


def _unambiguous(cands: list[Candidate]) -> bool:
    """One reading, or a country or region that dwarfs its namesakes ("Ohio", not Ohio, Illinois)."""
    readings = sorted({(c.name, c.country_code, c.admin1, c.feature, c.population) for c in cands},
                      key=lambda r: -r[4])
    if len(readings) <= 1:
        return True
    top, second = readings[0], readings[1]
    return top[3] in {"country", "admin1"} and top[4] >= DWARFS * max(second[4], 1)


@dataclass
class Trace:
    """The last round's readings and features of every name, for training the ranker."""

    keys: list[tuple[str, str | None]] = field(default_factory=list)
    options: list[list[Candidate]] = field(default_factory=list)
    features: list[np.ndarray] = field(default_factory=list)
    spans: list[list[tuple[int, int]]] = field(default_factory=list)  # character offsets per name
    #: Every found mention's character offsets and its features for the place filter.
    mentions: list[tuple[int, int]] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)


def _resolve(texts: list[tuple[str, str | None]], index: PlaceIndex, base: Counter,
             ranker: placerank.Ranker, home: placerank.Outlet, trace: Trace | None = None
             ) -> list[Candidate | None]:
    """Resolve every distinct name against the others' current readings, a few rounds.

    A name's own reading never counts as its context (leave-one-out), so "Dublin" read as
    Ireland cannot vote for Ireland; "Columbus" and "Ohio" elsewhere pull it to Ohio.
    Mentions of one name (with the same stated region) share a reading.
    """
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, (text, qualifier) in enumerate(texts):
        groups.setdefault((gazetteer.normalise(text), qualifier), []).append(i)
    keys = list(groups)[:MAX_NAMES]
    said = [texts[groups[k][0]][0] for k in keys]
    options = [_lookup(index, text, k[1]) for text, k in zip(said, keys, strict=True)]
    # Names with one reading (or a stated region) are context from the start; the others'
    # readings join the context only after the first rounds have settled them.
    sure = [k[1] is not None or _unambiguous(cands) for cands, k in zip(options, keys, strict=True)]
    alike = _alike(keys, options)
    support = _coherence(alike, options, index)
    home_at = (placerank.home_points(home, index)
               if home.letters and "outlet_town_near" in ranker.features else None)
    fixed = [placerank.static(cands, said[i], support[i], _normal, ranker.world_city, index, home, home_at)
             for i, cands in enumerate(options)]
    static_w, context_w = ranker.static_weights(), ranker.context_weights()
    priors = [x @ static_w for x in fixed]
    chosen: list[Candidate | None] = [None] * len(keys)
    last: list[np.ndarray] = [np.zeros((0, 0))] * len(keys)
    for rounds in range(ROUNDS):
        for i, cands in enumerate(options):
            if not cands:
                continue
            regions: Counter[tuple[str | None, str]]
            countries, regions, points = Counter(base), Counter(), []
            for j, c in enumerate(chosen):
                if c is None or j in alike[i] or (rounds < SURE_ROUNDS and not sure[j]):
                    continue
                weight = len(groups[keys[j]])
                if c.country_code:
                    countries[c.country_code] += weight
                region = index.region_of(c)
                if region:
                    regions[(c.country_code, region)] += weight
                if c.feature in {"city", "admin2", "admin1"}:
                    points.append((c.lat, c.lon))
            anchors = np.radians(np.array(points, dtype=float).reshape(-1, 2))
            ctx = placerank.context(cands, index, countries, base, regions, anchors, ranker.near_km)
            chosen[i] = cands[int(np.argmax(priors[i] + ctx @ context_w))]
            if trace is not None and rounds == ROUNDS - 1:
                last[i] = np.hstack([fixed[i], ctx])
    if trace is not None:
        trace.keys, trace.options, trace.features = keys, options, last
    reading = {k: c for k, c in zip(keys, chosen, strict=True)}
    return [reading.get((gazetteer.normalise(t), q)) for t, q in texts]


def _after_locative(span: SpacySpan) -> bool:
    """ "in X", "from X", "near X": the grammar says X is a place."""
    return span.start > 0 and span.doc[span.start - 1].lower_ in LOCATIVES


def _before_region(span: SpacySpan, index: PlaceIndex) -> bool:
    """ "Sulphur Springs, Texas": a name followed by a region is a town."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    after = doc[span.end + 1].text
    return after in index.abbreviations or any(c.feature == "admin1" for c in index.lookup(after))


def _near(cands: list[Candidate], anchors: list[Candidate]) -> bool:
    return any(_distance_km(c, a.lat, a.lon) <= NEAR_KM for c in cands for a in anchors)


def _focus(chosen: list[Candidate | None]) -> Candidate | None:
    """The document's most named town (else region): where its unnamed streets and halls are."""
    for kinds in ({"city", "admin2"}, {"admin1"}):
        counts = Counter(c for c in chosen if c is not None and c.feature in kinds)
        if counts:
            return counts.most_common(1)[0][0]
    return None


def _filter_rows(sp: SpacyDoc, found: list[Found], chosen: list[Candidate | None], index: PlaceIndex,
                 named: set[str]) -> np.ndarray:
    """The place filter's features of every found mention (:mod:`.placefilter`)."""
    counts = Counter(gazetteer.normalise(sp[f.start:f.end].text) for f in found)
    other = {t.i: ent.label_ for ent in sp.ents if ent.label_ not in PLACE_LABELS for t in ent}
    rows = []
    for f, c in zip(found, chosen, strict=True):
        span = sp[f.start:f.end]
        words = [t.text for t in span]
        before = sp[f.start - 1] if f.start > 0 else None
        after = sp[f.end] if f.end < len(sp) else None
        longer = (before is not None and _proper(before) and not before.is_sent_start) or (
            after is not None and _proper(after))
        rows.append(placefilter.row(
            f.label, c.feature if c is not None else None, c.population if c is not None else 0, words,
            index.heads, index.streets, _after_locative(span), bool(span[0].is_sent_start),
            counts[gazetteer.normalise(span.text)], any(gazetteer.normalise(w) in named for w in words),
            next((other[t.i] for t in span if t.i in other), None), longer, f.qualifier is not None,
            len(index.lookup(span.text)),
            span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN" and span.root.head.i >= f.end,
            after is not None and after.text in {"'s", "\u2019s"}))
    return np.array(rows).reshape(len(found), len(placefilter.FEATURES))


def read_places(doc: Document, index: PlaceIndex | None = None, ranker: placerank.Ranker | None = None,
                trace: Trace | None = None, keep: bool | placefilter.Filter = True) -> list[Place]:
    """The document's places with their mentions; ``trace`` (when given) receives the features
    of every name's readings and the offsets of its mentions, for training the ranker. ``keep``:
    the place filter (True: the shipped one, if any; False: none; or a given one)."""
    sp = doc.analysis.get("spacy")
    if sp is None:
        return []
    index = index or load()
    ranker = ranker or placerank.load()
    persons = [e for e in doc.entities if e.type == "PERSON"]
    person_spans = [(m.start, m.end) for e in persons for m in e.mentions]
    named = {gazetteer.normalise(w) for e in persons for a in [e.name, *e.aliases] if " " in a
             for w in a.split()}
    people = named | {gazetteer.normalise(e.name) for e in persons}
    taken, weak = _gazetteer(sp, parsed_text(doc), index, named)
    found = _settle(_ner(sp, index, person_spans, named) + taken + _sites(sp, index))
    found = _settle(found + _qualifiers(sp, found, index))
    _share_qualifiers(sp, found)
    countries = _country_context(doc, {gazetteer.normalise(sp[f.start:f.end].text) for f in found})
    home = placerank.outlet(doc.article.url, doc.article.outlet)
    chosen = _resolve([(sp[f.start:f.end].text, f.qualifier) for f in found], index, countries, ranker, home,
                      trace)
    anchors = [c for c in chosen if c is not None and c.feature in {"city", "admin2", "admin1"}]
    near = [w for w in weak if _near(index.lookup(sp[w.start:w.end].text), anchors)]
    if near:
        found = _settle(found + near)
        _share_qualifiers(sp, found)
        chosen = _resolve([(sp[f.start:f.end].text, f.qualifier) for f in found], index, countries,
                          ranker, home, trace)
    if trace is not None:
        trace.spans = [[] for _ in trace.keys]
        position = {k: n for n, k in enumerate(trace.keys)}
        for f in found:
            n = position.get((gazetteer.normalise(sp[f.start:f.end].text), f.qualifier))
            if n is not None:
                trace.spans[n].append((sp[f.start].idx, sp[f.end - 1].idx + len(sp[f.end - 1])))
    focus = _focus(chosen)
    place_filter = placefilter.load() if keep is True else keep or None
    kept = [True] * len(found)
    if trace is not None or place_filter is not None:
        rows = _filter_rows(sp, found, chosen, index, named)
        if trace is not None:
            trace.mentions = [(sp[f.start].idx, sp[f.end - 1].idx + len(sp[f.end - 1])) for f in found]
            trace.rows = list(rows)
        if place_filter is not None and len(found):
            kept = list(place_filter.keep(rows))
    places: dict[tuple, Place] = {}
    for f, c, keeps in zip(found, chosen, kept, strict=True):
        if not keeps:
            continue
        span = sp[f.start:f.end]
        text = span.text
        if c is None and len(span) == 1 and (
                gazetteer.normalise(text) in people or not _after_locative(span)):
            continue  # an unknown lone word NER called a place: someone's name, or no sign of a place
        if c is not None:
            key = (c.feature, c.geonameid, c.name, c.country_code)
            make = Place(name=c.name, lat=c.lat, lon=c.lon, country_code=c.country_code,
                         geonameid=c.geonameid, feature=c.feature)
        else:
            # Not in the gazetteer (a street, a hall): placed, approximately, in the document's town.
            key = ("local", None, text, None)
            make = Place(name=text, lat=focus.lat if focus else None, lon=focus.lon if focus else None,
                         country_code=focus.country_code if focus else None, feature="local")
        place = places.setdefault(key, make)
        place.mentions.append(Span(span.start_char, span.end_char, text))
    return list(places.values())


def run(docs: Sequence[Document]) -> None:
    index, ranker, place_filter = load(), placerank.load(), placefilter.load()
    for doc in docs:
        doc.places = read_places(doc, index, ranker, keep=place_filter or False)


def _prepare() -> None:
    load()
    placerank.load()
    placefilter.load()


STAGE = Stage(name="places", phase="read", run=run, order=40, requires=("nlp",), prepare=_prepare)


#: How specific a kind of place is: where an event happened is the most specific place named.
SPECIFIC = {"local": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}


#: A "paragraph" longer than this is a body stored without paragraph breaks (the 2004-2009
#: Wikinews articles): its places are the story's, not the event's, so only the sentence counts.
MAX_PARAGRAPH_CHARS = 1500


def where(doc: Document, start: int, end: int) -> tuple[Place, Span] | None:
    """The place named where the words at ``start:end`` (an event's trigger) are: the most
    specific place mentioned in the same sentence, the nearest of equals; else in the same
    paragraph; else None, never the article's first place (a dateline city is not where every
    event of the story happened). Returns the place and the mention's offsets."""
    sp = doc.analysis.get("spacy")
    text = doc.body
    bounds = []
    if sp is not None and start < len(text):
        token = sp.char_span(start, max(end, start + 1), alignment_mode="expand")
        if token is not None:
            bounds.append((token.sent.start_char, token.sent.end_char))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    if para_end - para_start <= MAX_PARAGRAPH_CHARS:
        bounds.append((para_start, para_end))
    for low, high in bounds:
        inside = [(p, m) for p in doc.places for m in p.mentions if low <= m.start and m.end <= high]
        if inside:
            return min(inside, key=lambda pm: (SPECIFIC.get(pm[0].feature or "", 5),
                                               abs(pm[1].start - start)))
    return None
