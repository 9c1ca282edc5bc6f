"""Within-document merging: many mentions, one entity per actor.

Rules, in order: gazetteer mentions join on the gazetteer id; full personal names join when
they are the same name up to transliteration (rapidfuzz); a surname alone joins the one
person it can be (the nearest before it when two share it); introduced acronyms join their
long form; other names join on their normalised form. Two people named in full with
different given names never merge, whatever their surname.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import Entity, Span
from ..tuning import weights
from . import gazetteer

#: Arabic articles and particles that vary or drop in transliteration ("al-Zawahri" ~ "Zawahiri").
PARTICLES = {"al", "el", " al-", "el-"}
#: Words skipped when forming an acronym from a long name.
ACRONYM_SKIP = {"of", "the", "and", "for", "in", "on", "to", "de", "la", "&"}


@dataclass(eq=False)
class Mention:
    start: int
    end: int
    text: str
    type: str
    source: str  # gazetteer, ner, bracket
    actor_id: str | None
    kind: str = "name"  # name, demonym, metonym
    name: str | None = None  # the name it stands for when that is not its text ("[Ayman] al-Zawahri")
    acronym_of: Mention | None = None

    @property
    def surface(self) -> str:
        return self.name or self.text


@dataclass(eq=False)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    actor_id: str | None = None

    @property
    def type(self) -> str:
        if self.actor_id and (actor := gazetteer.get(self.actor_id)):
            return actor.type
        counts = Counter(m.type for m in self.mentions)
        if counts.get("PERSON") and any(len(name_words(m.surface)) > 1 for m in self.mentions
                                        if m.type == "PERSON"):
            return "PERSON"
        return counts.most_common(1)[0][0]

    def full_names(self) -> list[str]:
        return [m.surface for m in self.mentions if len(name_words(m.surface)) > 1 and m.kind == "name"]


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """Words of a personal name, particles split off and folded ("al-Zawahri" -> ("zawahri",)).

    Cached: merging compares every mention with every cluster, asking for the same names' words
    again and again (a million calls on 600 articles, the actors stage's whole cost)."""
    key = gazetteer.normalise(name)
    key = re.sub(r"\b(al|el)\s", "", key)
    return tuple(w for w in key.split() if w not in PARTICLES)


def same_name(a: str, b: str) -> bool:
    """Two spellings alike enough to be one name (the actors stage's ``same_name`` weight)."""
    return fuzz.ratio(a, b) >= weights("actors").same_name


def same_person(a: str, b: str) -> bool:
    """Two full names of one person: same given name and surname, spelling aside."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if " ".join(wa) == " ".join(wb) or same_name(" ".join(wa), " ".join(wb)) and same_name(wa[0], wb[0]):
        return True
    # "Abu Bakr al-Baghdadi" ~ "Abu Bakr Baghdadi"; "George W. Bush" ~ "George Bush".
    short, long_ = sorted((wa, wb), key=len)
    return (len(short) >= 2 and same_name(short[0], long_[0]) and same_name(short[-1], long_[-1]))


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper()


def cluster(mentions: list[Mention], body: str) -> list[Entity]:
    clusters: list[Cluster] = []
    by_actor: dict[str, Cluster] = {}
    persons: list[tuple[int, Cluster]] = []  # (first start, cluster) for full-name persons
    deferred: list[Mention] = []

    def new(m: Mention, actor_id: str | None = None) -> Cluster:
        c = Cluster([m], actor_id)
        clusters.append(c)
        if actor_id:
            by_actor[actor_id] = c
        return c

    # 1. gazetteer ids and full personal names
    for m in mentions:
        if m.actor_id:
            if m.actor_id in by_actor:
                by_actor[m.actor_id].mentions.append(m)
            else:
                c = new(m, m.actor_id)
                if c.type == "PERSON":
                    persons.append((m.start, c))
        elif m.type == "PERSON" and len(name_words(m.surface)) > 1:
            match = _person_named(m.surface, persons)
            if match:
                match.mentions.append(m)
            else:
                persons.append((m.start, new(m)))
        else:
            deferred.append(m)

    # 2. single words and other names
    keyed: dict[tuple[str, str], Cluster] = {}
    for m in deferred:
        if m.acronym_of is not None:
            owner = next((c for c in clusters if m.acronym_of in c.mentions), None)
            if owner:
                owner.mentions.append(m)
                continue
        words = name_words(m.surface)
        if len(words) > 1 and m.type != "PERSON":
            # NER sometimes labels a person's full name as a place or group ("Jamil Murad" as GPE).
            owner = _person_named(m.surface, persons)
            if owner:
                owner.mentions.append(m)
                continue
        if len(words) == 1 and m.type in {"PERSON", "ORG", "GPE", "NORP"}:
            owner = _surname_owner(words[0], m.start, persons, strict=m.type != "PERSON")
            if owner:
                owner.mentions.append(m)
                continue
        if m.type == "ORG" and m.surface.isupper() and len(m.surface) >= 2:
            owner = next((c for c in clusters if c.type == "ORG"
                          and any(_acronym(n) == m.surface.replace(".", "") for n in _names(c))), None)
            if owner:
                owner.mentions.append(m)
                continue
        key = (m.type, gazetteer.normalise(m.surface))
        owner = keyed.get(key) or next(
            (c for (t, k), c in keyed.items() if t == m.type and len(k) > 5 and same_name(k, key[1])), None)
        if owner:
            owner.mentions.append(m)
        else:
            keyed[key] = new(m)
    return [_entity(c, body) for c in clusters]


def _person_named(name: str, persons: list[tuple[int, Cluster]]) -> Cluster | None:
    return next((c for _, c in persons if any(same_person(name, n) for n in c.full_names())), None)


def _names(c: Cluster) -> list[str]:
    return [m.surface for m in c.mentions]


def _surname_owner(word: str, start: int, persons: list[tuple[int, Cluster]], strict: bool) -> Cluster | None:
    """The person a lone surname (or given name) refers to: the only candidate, else the nearest before."""
    candidates = []
    for first, c in persons:
        names = c.full_names() or _names(c)
        last_words = {name_words(n)[-1] for n in names if name_words(n)}
        if any(same_name(word, w) if not strict else word == w for w in last_words):
            candidates.append((first, c))
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0][1]

    def last_before(c: Cluster) -> int:
        return max((m.start for m in c.mentions if m.start <= start), default=-1)

    return max((c for _, c in candidates), key=last_before)


def _canonical(c: Cluster) -> str:
    if c.actor_id and (actor := gazetteer.get(c.actor_id)):
        return actor.name
    names = [m.surface for m in c.mentions if m.kind == "name" and m.acronym_of is None] or _names(c)
    counts = Counter(names)
    return max(names, key=lambda n: (len(name_words(n)), counts[n], -names.index(n)))


def _entity(c: Cluster, body: str) -> Entity:
    name = _canonical(c)
    etype = c.type
    actor = gazetteer.get(c.actor_id) if c.actor_id else None
    seen = list(dict.fromkeys(m.surface for m in c.mentions))
    aliases = [a for a in dict.fromkeys(seen + (actor.aliases if actor else [])) if a != name]
    mentions = sorted({(m.start, m.end) for m in c.mentions})
    return Entity(
        id=c.actor_id or f"{etype.lower()}:{gazetteer.slug(name)}",
        name=name, type=etype, aliases=aliases,
        mentions=[Span(s, e, body[s:e]) for s, e in mentions],
        code=actor.code if actor else None, sector=actor.sector if actor else None,
        country=actor.country if actor else None)
