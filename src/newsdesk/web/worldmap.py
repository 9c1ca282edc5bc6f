"""A world map drawn on the server: country outlines from the shipped Natural Earth file, points
sized by count. No tiles, no scripts: an equirectangular SVG whose points are links.
"""

from __future__ import annotations

import json
import math
from functools import cache
from html import escape
from importlib import resources
from urllib.parse import urlencode

from markupsafe import Markup

WIDTH, HEIGHT = 960, 480
#: Latitudes drawn (Antarctica's interior and the high Arctic carry no news).
NORTH, SOUTH = 84.0, -60.0


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (NORTH - max(SOUTH, min(NORTH, lat))) / (NORTH - SOUTH) * HEIGHT
    return x, y


@cache
def outline_paths() -> str:
    """Every country as one SVG path (built once: the outlines do not change)."""
    data = json.loads(
        resources.files("newsdesk").joinpath("data/places/world_outline.json").read_text("utf-8")
    )
    paths = []
    for country in data["countries"]:
        d = []
        for ring in country["rings"]:
            points = [project(ring[i], ring[i + 1]) for i in range(0, len(ring) - 1, 2)]
            d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        paths.append(f'<path d="{"".join(d)}"><title>{escape(country["name"])}</title></path>')
    return "".join(paths)


def map_svg(features: list[dict], *, size_by: str = "articles", link: dict | None = None) -> Markup:
    """The outlines and one circle per feature (area in proportion to ``size_by``), each a link to
    the events table for that place (with ``link``'s filters)."""
    most = max([1, *(f["properties"].get(size_by) or 0 for f in features)])
    out = [
        f'<svg class="map" role="img" aria-label="map of places" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#e8f1fa"/>',
        f'<g class="land" fill="#f4f1e8" stroke="#b8b2a0" stroke-width="0.5">{outline_paths()}</g>',
    ]
    for f in sorted(features, key=lambda f: -(f["properties"].get(size_by) or 0)):  # small points on top
        lon, lat = f["geometry"]["coordinates"]
        if not (isinstance(lon, int | float) and isinstance(lat, int | float)):
            continue
        x, y = project(float(lon), float(lat))
        p = f["properties"]
        n = p.get(size_by) or 0
        r = 2.5 + 14.0 * math.sqrt(n / most)
        tip = f"{p.get('name')}: {p.get('articles', 0)} articles, {p.get('events', 0)} events located there"
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#c0392b" fill-opacity="0.55" '
            f'stroke="#7b241c" stroke-width="0.6"><title>{escape(tip)}</title></circle>'
        )
        if link is not None:
            query = urlencode({k: v for k, v in {**link, "place": p.get("name") or ""}.items() if v})
            circle = f'<a href="/ui/events?{escape(query)}">{circle}</a>'
        out.append(circle)
    out.append("</svg>")
    return Markup("".join(out))
