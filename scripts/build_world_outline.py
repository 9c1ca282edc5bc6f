"""Build ``src/newsdesk/data/places/world_outline.json``: low-resolution country outlines for the map page.

    pip download --no-deps -d /tmp/ne geopandas==0.14.4 pyshp==3.1.6
    (cd /tmp/ne && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*')
    (cd /tmp/ne && unzip -o pyshp-3.1.6-py3-none-any.whl shapefile.py)
    PYTHONPATH=/tmp/ne python scripts/build_world_outline.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

The outlines are Natural Earth's 1:110m admin-0 countries (public domain) as geopandas 0.14
shipped them. The map page draws them on the server as SVG, so no tile server and no script
is needed; coordinates are rounded to 0.1 degree and rings under three points after rounding
are dropped, which keeps the file near 100 kB and is finer than a page-wide map can show.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapefile  # pyshp, used only by this build script

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "places" / "world_outline.json"


def rings(shape) -> list[list[float]]:
    """Each ring as a flat [lon, lat, lon, lat, ...] list, rounded, with repeated points dropped."""
    parts = list(shape.parts) + [len(shape.points)]
    out = []
    for a, b in zip(parts, parts[1:], strict=False):
        flat: list[float] = []
        last = None
        for lon, lat in shape.points[a:b]:
            point = (round(lon, 1), round(lat, 1))
            if point != last:
                flat += point
                last = point
        if len(flat) >= 6:
            out.append(flat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", type=Path, help="naturalearth_lowres.shp")
    args = parser.parse_args()
    reader = shapefile.Reader(str(args.shp))
    fields = [f[0] for f in reader.fields[1:]]
    countries = []
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        row = dict(zip(fields, record, strict=True))
        countries.append({"name": row["name"], "iso_a3": row["iso_a3"], "rings": rings(shape)})
    data = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4",
        "countries": sorted(countries, key=lambda c: c["name"]),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
