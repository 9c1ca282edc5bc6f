"""How a place name's candidate readings are ranked: features of each reading, weighed by a model.

A reading's score is a weighted sum of its features; the feature list and the weights are data
(``data/places/ranker.json``), learned by :mod:`.placetrain` from the annotated dev sets with
cross-validation by document (``docs/places.md``). The features fall in two parts: what the
reading is (size, kind, how its name was reached, how many of the document's other names could
be a place near it), fixed for a document, and what the other names' current readings say of it
(their countries, regions and points), recomputed at every round of :func:`places._resolve`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

import numpy as np

from .placenames import Candidate, PlaceIndex

KINDS = ("country", "admin1", "admin2", "city", "continent", "region", "water")
SUPRANATIONAL = {"continent", "region", "water"}
SPATIAL = {"city", "admin2"}
#: Every feature the code can compute; a model uses the ones its file lists.
STATIC = ("log_population", "log_population_share", "most_populous", *(f"kind_{k}" for k in KINDS),
          "cohere", "cohere_region_name", "short", "alt_name", "world_city", "capital",
          "outlet_name", "outlet_region", "outlet_country", "outlet_com_us", "outlet_town_near")
CONTEXT = ("country_share", "actor_country_share", "place_country_share", "supranational",
           "region_share", "near", "log_distance")
FEATURES = STATIC + CONTEXT


@dataclass(frozen=True)
class Ranker:
    """A linear model over named features, and the few distances and sizes the features use."""

    features: tuple[str, ...]
    weights: np.ndarray
    near_km: float
    world_city: int

    def static_weights(self) -> np.ndarray:
        return np.array([self._w(f) for f in STATIC])

    def context_weights(self) -> np.ndarray:
        return np.array([self._w(f) for f in CONTEXT])

    def _w(self, name: str) -> float:
        return float(self.weights[self.features.index(name)]) if name in self.features else 0.0

    def with_weights(self, features: tuple[str, ...], weights: np.ndarray) -> Ranker:
        return Ranker(tuple(features), np.asarray(weights, dtype=float), self.near_km, self.world_city)

    def to_json(self, extra: dict | None = None) -> str:
        record = {"features": list(self.features), "weights": [round(float(w), 6) for w in self.weights],
                  "near_km": self.near_km, "world_city": self.world_city, **(extra or {})}
        return json.dumps(record, indent=1) + "\n"


def parse(record: dict) -> Ranker:
    features = tuple(record["features"])
    unknown = [f for f in features if f not in FEATURES]
    if unknown or len(features) != len(record["weights"]):
        raise ValueError(f"ranker: unknown features {unknown} or weights of the wrong length")
    return Ranker(features, np.array(record["weights"], dtype=float), float(record["near_km"]),
                  int(record["world_city"]))


@cache
def load(name: str = "ranker.json") -> Ranker:
    """The shipped model (once per process)."""
    text = files("newsdesk.data.places").joinpath(name).read_text(encoding="utf-8")
    return parse(json.loads(text))


@dataclass(frozen=True)
class Outlet:
    """Where the outlet is, as far as its address says: the letters of its host name
    ("richmondregister", "thisisoxfordshire") and the country of a country-code domain."""

    letters: str = ""
    country: str | None = None
    commercial: bool = False  # a .com address: most such local outlets are American


#: Second-level labels under a country code that are not the outlet's name ("co" of co.uk).
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "news"}
#: Country-code domains whose country code differs from the ISO code.
_TLD_COUNTRY = {"uk": "GB"}
#: Host names shorter than this say nothing (a place name inside "ap" is chance).
MIN_LETTERS = 4


def outlet(url: str | None, name: str | None = None) -> Outlet:
    """The outlet's home as its web address (else its name) tells it."""
    host = (urlsplit(url).hostname or "") if url and "//" in url else (url or "")
    labels = [x for x in host.lower().split(".") if x and x != "www"]
    country = None
    commercial = bool(labels) and labels[-1] == "com"
    if len(labels) >= 2 and len(labels[-1]) == 2:
        country = _TLD_COUNTRY.get(labels[-1], labels[-1].upper())
        labels = labels[:-1]
        if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
    elif len(labels) >= 2:
        labels = labels[:-1]
    letters = re.sub(r"[^a-z]", "", "".join(labels) or (name or "").lower())
    return Outlet(letters, country, commercial)


#: Words an outlet's host name opens with that are not its town ("thedailypress").
_HOST_OPENINGS = ("the", "daily", "www")
#: A town named by the outlet's host must be at least this big to count as its home.
HOME_POPULATION = 1_000
#: Within this distance (km) of a town the outlet's address names, a reading is at home.
HOME_KM = 50.0


def home_points(home: Outlet, index: PlaceIndex) -> np.ndarray:
    """The points (radians, shape (n, 2)) of the towns the outlet's host name opens with
    ("columbus" of columbuslocalnews, "paris" of theparisnews): every town of that name."""
    letters = home.letters
    for opening in _HOST_OPENINGS:
        letters = letters.removeprefix(opening)
    points = []
    for n in range(len(letters), MIN_LETTERS, -1):
        towns = [c for c in index.lookup(letters[:n])
                 if c.feature == "city" and c.population >= HOME_POPULATION]
        if towns:
            points = [(c.lat, c.lon) for c in towns]
            break
    return np.radians(np.array(points, dtype=float).reshape(-1, 2))


def _inside(name: str, letters: str) -> bool:
    squeezed = name.replace(" ", "")
    return len(squeezed) >= MIN_LETTERS and squeezed in letters


def static(cands: list[Candidate], said: str, support: list[float], normal, world_city: int,
           index: PlaceIndex, home: Outlet = Outlet(), home_at: np.ndarray | None = None) -> np.ndarray:
    """The fixed features of each reading of one name (rows in ``STATIC`` order)."""
    out = np.zeros((len(cands), len(STATIC)))
    if not cands:
        return out
    top = max(c.population for c in cands)
    region_name = any(c.feature in {"country", "admin1"} for c in cands)
    own_said = normal(said)
    for k, c in enumerate(cands):
        row = out[k]
        row[0] = math.log10(c.population + 10)
        row[1] = math.log10((c.population + 10) / (top + 10))
        row[2] = c.population == top
        if c.feature in KINDS:
            row[3 + KINDS.index(c.feature)] = 1.0
        base = 3 + len(KINDS)
        row[base] = support[k]
        row[base + 1] = support[k] if region_name else 0.0
        row[base + 2] = c.short
        own = normal(c.name)
        row[base + 3] = (not c.short and c.feature == "city" and own not in {own_said, own_said + " city"})
        row[base + 4] = c.feature == "city" and c.population >= world_city
        row[base + 5] = c.capital
        if home.letters:
            row[base + 6] = _inside(own.removesuffix(" county"), home.letters)
            region = index.region_of(c)
            row[base + 7] = bool(region) and _inside(normal(region), home.letters)
        row[base + 8] = home.country is not None and c.country_code == home.country
        row[base + 9] = home.commercial and c.country_code == "US"
    if home_at is not None and len(home_at):
        spatial = [k for k, c in enumerate(cands) if c.feature in SPATIAL]
        if spatial:
            out[spatial, base + 10] = _km_to_nearest(cands, spatial, home_at) <= HOME_KM
    return out


def context(cands: list[Candidate], index: PlaceIndex, countries: Counter, actors: Counter,
            regions: Counter, anchors: np.ndarray, near_km: float) -> np.ndarray:
    """What the other names' readings say of each reading (rows in ``CONTEXT`` order).

    ``countries`` counts the countries of the other names' readings and of the actors,
    ``actors`` the actors' alone; ``regions`` (country, region) pairs; ``anchors`` the points
    (radians, shape (n, 2)) of the other names' town, county and region readings.
    """
    out = np.zeros((len(cands), len(CONTEXT)))
    if not cands:
        return out
    most = max(countries.values()) if countries else 0
    most_actor = max(actors.values()) if actors else 0
    places = countries - actors
    most_place = max(places.values()) if places else 0
    for k, c in enumerate(cands):
        row = out[k]
        if c.country_code:
            if most:
                row[0] = countries[c.country_code] / most
            if most_actor:
                row[1] = actors[c.country_code] / most_actor
            if most_place:
                row[2] = places[c.country_code] / most_place
        elif most and c.feature in SUPRANATIONAL:
            row[3] = 1.0  # no country context contradicts "the Middle East"
        region = index.region_of(c)
        if region and regions.get((c.country_code, region)):
            rivals = max(n for (country, _), n in regions.items() if country == c.country_code)
            row[4] = regions[(c.country_code, region)] / rivals
    if len(anchors):
        spatial = [k for k, c in enumerate(cands) if c.feature in SPATIAL]
        if spatial:
            km = _km_to_nearest(cands, spatial, anchors)
            out[spatial, 5] = km <= near_km
            out[spatial, 6] = np.maximum(0.0, np.log10(1 + km) - math.log10(1 + near_km))
    return out


def _km_to_nearest(cands: list[Candidate], which: list[int], points: np.ndarray) -> np.ndarray:
    """For the readings ``which``, the distance (km) to the nearest of ``points`` (radians)."""
    lat = np.radians([cands[k].lat for k in which])[:, None]
    lon = np.radians([cands[k].lon for k in which])[:, None]
    h = (np.sin((points[None, :, 0] - lat) / 2) ** 2
         + np.cos(lat) * np.cos(points[None, :, 0]) * np.sin((points[None, :, 1] - lon) / 2) ** 2)
    return (2 * 6371 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))).min(axis=1)
