"""Named people across the corpus: a knowledge base of people with dated roles, and the rules that
give a person read in one article the same id in every other.

The knowledge base (``data/actors/people.json.gz``, built by ``scripts/build_actor_kb.py`` from the
field's Phoenix actor dictionary) holds about 30,000 people with their aliases and roles such as
``USA GOV 2001-01-20..2009-01-20``. A person named in full resolves to the one entry of that name
(transliterations folded by :func:`name_key`: Ayad/Iyad, Zawahiri/Zawahri, Qaddafi/Gaddafi); when
several share it, the one holding a role at the story's date, then the one from a country the story
names. A surname alone ("Bush") resolves only to a person of that surname holding a government role
at the story's date: the one from a country the story names, else the only one anywhere, else one
whose country dwarfs the others' (George W. Bush in 2006); otherwise it stays unresolved: an actor
is never invented from a name string.
"""

from __future__ import annotations

import gzip
import inspect
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from rapidfuzz import fuzz

from ..tuning import weights
from . import diskcache, gazetteer, titles
from .gazetteer import slug
from .titles import leading_title_length

#: Particles that vary or drop between transliterations and do not identify a person.
PARTICLES = {
    "al", "el", "ul", "bin", "ibn", "ben", "abd", "de", "da", "van", "von", "der", "la", "le", "du"
}  # fmt: skip
LOWER_WORDS = {
    "al", "el", "bin", "ibn", "ben", "de", "da", "van", "von", "der", "la", "le", "du", "of", "and"
}  # fmt: skip
#: Letter groups spelled differently by different transliterations, folded to one.
_FOLDS = [
    ("kh", "k"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ph", "f"), ("gh", "g"), ("ou", "u"),
    ("q", "k"), ("g", "k"), ("c", "k"), ("z", "s"), ("j", "y"), ("w", "v"),
]  # fmt: skip
#: Sectors that are a government role (as opposed to the opposition, rebels, business ...).
GOVERNMENT = {"GOV", "MIL", "SPY", "JUD", "LEG", "COP"}
#: Nationality and office words that precede names in the dictionary's aliases.
ALIAS_PREFIXES = {"us", "u.s.", "american", "british", "mr", "mr.", "mrs", "gov.", "the", "former", "uk"}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _skeleton(word: str) -> str:
    for a, b in _FOLDS:
        word = word.replace(a, b)
    word = re.sub(r"[aeiouy]", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def words(name: str) -> list[str]:
    """Lower-case words of a name, particles and initials dropped ("George W. Bush" -> george, bush)."""
    parts = re.split(r"[\s\-_]+", re.sub(r"[.'\u2019`]", "", _ascii(name)))
    return [p for p in parts if p and p not in PARTICLES and len(p) > 1]


def initials(name: str) -> str:
    """The single-letter initials of a name ("George W. Bush" -> "w"), which tell namesakes apart."""
    parts = re.split(r"[\s\-_]+", re.sub(r"[.'\u2019`]", " ", _ascii(name)))
    return "".join(p for p in parts if len(p) == 1)


#: Countries whose people's names reach English news in several transliterations (Arabic, Persian,
#: Pashto, Urdu, Kurdish, Somali scripts and spellings); elsewhere a name must be spelt the same.
TRANSLITERATED = {
    "AFG", "ARE", "BHR", "DZA", "EGY", "IRN", "IRQ", "JOR", "KWT", "LBN", "LBY", "MAR", "MRT", "OMN",
    "PAK", "PSE", "QAT", "SAU", "SDN", "SOM", "SYR", "TUN", "YEM", "TCD", "ESH", "DJI", "COM",
}  # fmt: skip


def same_spelling(a: str, b: str, countries: set[str] | frozenset[str] = frozenset()) -> bool:
    """Two spellings of one name: the same words once particles and initials are set aside, or, for
    a person of a country of :data:`TRANSLITERATED`, one key and alike (Ayad/Iyad Allawi,
    Kadhafi/Qaddafi; John McCain is never John McNee or John McCone)."""
    wa, wb = words(a), words(b)
    if wa == wb:
        return True
    if not countries & TRANSLITERATED:
        return False
    alike = fuzz.ratio(" ".join(wa), " ".join(wb)) >= weights("actors").same_spelling
    return name_key(a) == name_key(b) and alike


def name_key(name: str) -> str:
    """A key that transliterations of one name share: consonant skeletons of its words."""
    return " ".join(s for w in words(name) if (s := _skeleton(w)))


def display_name(raw: str) -> str:
    """ "GEORGE W. BUSH" -> "George W. Bush"; "AYMAN AL-ZAWAHIRI" -> "Ayman al-Zawahiri"."""
    out = []
    for word in raw.split():
        parts = word.split("-")
        out.append("-".join(p if p.lower() in LOWER_WORDS and i == 0 and len(parts) > 1 else
                            (p.lower() if p.lower() in LOWER_WORDS else p[:1].upper() + p[1:].lower())
                            for i, p in enumerate(parts)))
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def strip_title(name: str) -> str:
    """A name without the titles and nationality words before it ("US President George Bush")."""
    tokens = name.split()
    while tokens and tokens[0].lower() in ALIAS_PREFIXES:
        tokens.pop(0)
    cut = leading_title_length(tokens)
    return " ".join(tokens[cut:])


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, str | None, str | None, str | None], ...]  # country, sector, from, to

    def active(self, date: str, government: bool = False) -> bool:
        """Whether a (government) role is dated and spans ``date`` (ISO, or a year)."""
        for _, sector, start, end in self.roles:
            if government and sector not in GOVERNMENT:
                continue
            if (start or end) and (start or "0000") <= date <= (end or "9999"):
                return True
        return False

    @property
    def countries(self) -> set[str]:
        return {r[0] for r in self.roles}


@dataclass
class KnowledgeBase:
    people: dict[str, Person]
    by_key: dict[str, list[str]]
    by_surname: dict[str, list[str]]


@cache
def load() -> KnowledgeBase:
    """The knowledge base, built once and kept on disk (:mod:`.diskcache`): building the name keys
    of 17,752 people takes a second and a half in every worker."""
    data = files("newsdesk.data.actors")
    code = [Path(inspect.getfile(m)).read_bytes() for m in (sys.modules[__name__], gazetteer, titles)]
    inputs = [data.joinpath(n).read_bytes() for n in ("people.json.gz", "titles.txt", "honorifics.txt")]
    return diskcache.built("people-kb", diskcache.fingerprint([*code, *inputs]), _build)


def _build() -> KnowledgeBase:
    path = files("newsdesk.data.actors").joinpath("people.json.gz")
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        raw = json.load(fh)["people"]
    people: dict[str, Person] = {}
    by_key: dict[str, list[str]] = {}
    by_surname: dict[str, list[str]] = {}
    for p in raw:
        pid = "person:" + slug(p["name"])
        if pid in people:
            pid = f"{pid}-{len(people)}"
        person = Person(pid, p["name"], tuple(p["aliases"]), tuple(tuple(r) for r in p["roles"]))
        people[pid] = person
        for n in (p["name"], *p["aliases"]):
            key = name_key(n)
            if key and pid not in by_key.setdefault(key, []):
                by_key[key].append(pid)
        last = words(p["name"])[-1] if words(p["name"]) else ""
        if last:
            by_surname.setdefault(last, []).append(pid)
    return KnowledgeBase(people, by_key, by_surname)


@dataclass(frozen=True)
class Resolution:
    person: Person
    how: str  # "knowledge base", "dated role", "country"


def _pick(candidates: list[Person], date: str | None, countries: set[str]) -> tuple[Person | None, str]:
    if len(candidates) == 1:
        return candidates[0], "knowledge base"
    if date:
        for government in (True, False):
            dated = [p for p in candidates if p.active(date, government)]
            if len(dated) == 1:
                return dated[0], "dated role"
            if dated:
                candidates = dated
                break
    if countries:
        local = [p for p in candidates if p.countries & countries]
        if len(local) == 1:
            return local[0], "country"
    return None, "ambiguous"


def resolve(names: list[str], date: str | None, countries: set[str]) -> Resolution | None:
    """The person a cluster of names from one article stands for, or None when it is not certain.

    ``date``: the story's date (ISO); ``countries``: ISO-3166 alpha-3 codes the story names."""
    kb = load()
    full = [n for n in names if len(words(n)) >= 2]
    for name in sorted(full, key=lambda n: -len(words(n))):
        ids = kb.by_key.get(name_key(name), [])
        candidates = [kb.people[i] for i in ids]
        candidates = [
            p for p in candidates if any(same_spelling(name, n, p.countries) for n in (p.name, *p.aliases))
        ]
        if (marks := initials(name)) and candidates:
            # "George W. Bush": only a person written with those initials.
            candidates = [p for p in candidates if any(initials(n) == marks for n in (p.name, *p.aliases))]
        if candidates:
            person, how = _pick(candidates, date, countries)
            return Resolution(person, how) if person else None
    if full or not names or not date:
        return None
    # A surname alone: only a person in a government role at the story's date.
    surnames = {words(n)[-1] for n in names if words(n)}
    candidates = [kb.people[i] for s in surnames for i in kb.by_surname.get(s, [])]
    holders = [p for p in candidates if p.active(date, government=True)]
    local = [p for p in holders if p.countries & countries]
    if local:
        return Resolution(local[0], "dated role") if len(local) == 1 else None
    if len(holders) == 1:
        # The one office-holder of that surname anywhere at the story's date.
        return Resolution(holders[0], "dated role")
    if len(holders) > 1:
        # Two office-holders of one surname: world news means the one from a country a hundred
        # times larger than any other's (the US president, not a Cayman Islands minister).
        ranked = sorted(holders, key=_weight, reverse=True)
        if _weight(ranked[0]) >= weights("actors").prominence * max(_weight(ranked[1]), 1):
            return Resolution(ranked[0], "dated role")
    return None


def _weight(person: Person) -> int:
    """The population of the largest country the person held a government role in."""
    from .gazetteer import get

    sizes = [(get(f"country:{c}") or None) for c, sector, _, _ in person.roles if sector in GOVERNMENT]
    return max((a.population or 0 for a in sizes if a is not None), default=0)
