"""Error analysis for geocoding: every found mention resolved more than 161 km from its annotation.

    .venv/bin/python bench/geo_errors.py ../shared/eval/lgl [--half 0|1]

One tab-separated line per miss: document, mention, our reading, the annotated point, the
distance, and whether the gazetteer has a reading within 161 km of the annotation at all
(``fixable``, with the best such reading), has readings but none there (``absent``), or has
no reading for the name (``unknown``). Closes with the scores of ``newsdesk eval geo`` for the
documents looked at (``--half`` takes the even or odd ones, to check a change on both).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsdesk.eval import geo
from newsdesk.read.placenames import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--half", type=int, choices=(0, 1))
    args = parser.parse_args()
    articles = geo.load(args.folder)
    if args.half is not None:
        articles = articles[args.half::2]
    docs = geo.analyse([text for text, _ in articles])
    index = load()
    for n, ((_, gold), doc) in enumerate(zip(articles, docs, strict=True)):
        for place in doc.places:
            for m in place.mentions:
                hits = [g for g in gold if g.start < m.end and m.start < g.end and g.lat is not None]
                if not hits or place.lat is not None and any(
                        geo._km(place.lat, place.lon, g.lat, g.lon) <= geo.KM for g in hits):
                    continue
                g = hits[0]
                km = geo._km(place.lat, place.lon, g.lat, g.lon) if place.lat is not None else -1
                cands = index.lookup(m.text)
                there = [c for c in cands if geo._km(c.lat, c.lon, g.lat, g.lon) <= geo.KM]
                verdict = "fixable" if there else "absent" if cands else "unknown"
                best = ", ".join(map(str, (there[0].name, there[0].admin1, there[0].feature,
                                           there[0].population))) if there else ""
                print(f"doc{n}\t{m.text!r}\t{place.name}, {place.country_code}, {place.feature}\t"
                      f"({g.lat:.2f}, {g.lon:.2f})\t{km:.0f} km\t{verdict}\t{len(cands)} readings\t{best}")
    print(json.dumps(geo.score(articles, docs)))


if __name__ == "__main__":
    main()
