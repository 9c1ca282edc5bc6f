"""The actor gazetteer: countries, international organisations, armed groups, a few people.

Loaded once from the data files under ``newsdesk/data/actors`` (``countries.tsv`` generated
by ``scripts/build_country_gazetteer.py``; ``country_aliases.tsv`` and ``organisations.json``
written by hand). Ids are corpus-stable (``country:IRQ``, ``org:islamic-state``) so the store
and ``ask`` can join on them; ``related`` follows branch and name-history links.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=1 << 16)  # pure, and a document asks for the same few names again and again
def normalise(name: str) -> str:
    """A lookup key: accents, case, quotes, dashes, a leading "the" and punctuation folded away."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"[.'\u2019]", "", text)
    return re.sub(r"[\s\-_/,]+", " ", text).strip()


def slug(name: str) -> str:
    return normalise(name).replace(" ", "-")


@dataclass
class Actor:
    """One gazetteer record."""

    id: str
    name: str
    type: str
    code: str | None = None
    sector: str | None = None
    country: str | None = None  # ISO alpha-2
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)  # capitals standing for governments
    branch_of: str | None = None
    formerly: list[str] = field(default_factory=list)
    successor: str | None = None
    start: int | None = None
    until: int | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def _data(name: str):
    return files("newsdesk.data.actors").joinpath(name)


def _year(value: object) -> int | None:
    return int(str(value)[:4]) if value else None


def _plural(demonym: str) -> str | None:
    return demonym + "s" if demonym.endswith(("an", "i", "ite")) else None


def _countries() -> list[Actor]:
    extra: dict[str, list[tuple[str, str]]] = {}
    with _data("country_aliases.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            extra.setdefault(row["iso3"], []).append((row["kind"], row["value"]))
    out = []
    with _data("countries.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            aliases = [a for a in row["aliases"].split("|") if a]
            if row["official"] and row["official"] not in aliases:
                aliases.append(row["official"])
            demonyms = [d for d in row["demonyms"].split("|") if d]
            metonyms = [row["capital"]] if row["capital"] else []
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lon"]) if row["lon"] else None
            for kind, value in extra.get(row["iso3"], []):
                if kind == "alias":
                    aliases.append(value)
                elif kind == "demonym":
                    demonyms.append(value)
                elif kind == "metonym":
                    metonyms.append(value)
                elif kind == "point":
                    lat, lon = (float(v) for v in value.split(","))
            demonyms += [p for d in demonyms if (p := _plural(d))]
            out.append(Actor(
                id=row["id"], name=row["name"], type="GPE", code=row["iso3"], sector="government",
                country=row["iso2"], aliases=list(dict.fromkeys(aliases)),
                demonyms=list(dict.fromkeys(demonyms)), metonyms=list(dict.fromkeys(metonyms)),
                lat=lat, lon=lon, geonameid=int(row["geonameid"]), population=int(row["population"] or 0)))
    return out


def _organisations() -> list[Actor]:
    with _data("organisations.json").open(encoding="utf-8") as handle:
        records = json.load(handle)["actors"]
    return [Actor(id=r["id"], name=r["name"], type=r["type"], code=r.get("code"), sector=r.get("sector"),
                  country=r.get("country"), aliases=r.get("aliases", []), branch_of=r.get("branch_of"),
                  formerly=r.get("formerly", []), successor=r.get("successor"),
                  start=_year(r.get("from")), until=_year(r.get("until")))
            for r in records]


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    by_name: dict[str, list[str]]  # normalised alias -> ids
    by_demonym: dict[str, str]  # normalised demonym -> country id
    by_metonym: dict[str, str]  # normalised capital -> country id


@cache
def load() -> Gazetteer:
    actors = {a.id: a for a in _countries() + _organisations()}
    by_name: dict[str, list[str]] = {}
    by_demonym: dict[str, str] = {}
    by_metonym: dict[str, str] = {}
    for actor in actors.values():
        for name in actor.names():
            ids = by_name.setdefault(normalise(name), [])
            if actor.id not in ids:
                ids.append(actor.id)
    # A demonym or capital several countries share ("American": the United States and the Northern
    # Mariana Islands; "French") stands for the most populous of them.
    for actor in sorted(actors.values(), key=lambda a: -(a.population or 0)):
        for demonym in actor.demonyms:
            by_demonym.setdefault(normalise(demonym), actor.id)
        for metonym in actor.metonyms:
            by_metonym.setdefault(normalise(metonym), actor.id)
    return Gazetteer(actors, by_name, by_demonym, by_metonym)


def get(actor_id: str) -> Actor | None:
    return load().actors.get(actor_id)


def lookup(name: str, when: int | None = None) -> Actor | None:
    """The actor a name stands for; ``when`` (a year) picks among a group's successive names.

    Without a year, a name several records share ("ISIS") goes to the current one.
    """
    ids = load().by_name.get(normalise(name), [])
    if not ids:
        return None
    candidates = [load().actors[i] for i in ids]
    if when is not None:
        dated = [a for a in candidates if (a.start or 0) <= when <= (a.until or 9999)]
        if dated:
            candidates = dated
    current = [a for a in candidates if not a.successor]
    return (current or candidates)[0]


def demonym(word: str) -> Actor | None:
    """The country a demonym ("Iraqi", "Iraqis") points to; demonyms are context, not places."""
    found = load().by_demonym.get(normalise(word))
    return get(found) if found else None


def metonym(word: str) -> Actor | None:
    """The country a capital stands for when used as an actor ("Baghdad said ...")."""
    found = load().by_metonym.get(normalise(word))
    return get(found) if found else None


def related(actor_id: str) -> dict[str, list[str]]:
    """Branches, parent, earlier and later names of an actor, by id (transitively for names)."""
    actors = load().actors
    actor = actors.get(actor_id)
    if actor is None:
        return {"branches": [], "branch_of": [], "formerly": [], "successors": []}
    earlier, todo = [], list(actor.formerly)
    while todo:
        prev = todo.pop(0)
        if prev not in earlier and prev in actors:
            earlier.append(prev)
            todo.extend(actors[prev].formerly)
    later, nxt = [], actor.successor
    while nxt and nxt not in later and nxt in actors:
        later.append(nxt)
        nxt = actors[nxt].successor
    return {
        "branches": [a.id for a in actors.values() if a.branch_of == actor_id],
        "branch_of": [actor.branch_of] if actor.branch_of else [],
        "formerly": earlier,
        "successors": later,
    }
