"""An actor's network as SVG: the actor in the middle, counterparts on a ring (heaviest at the top,
clockwise), one line per pair coloured by whether its facts were cooperation or conflict."""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from .charts import RELATION_COLOUR

#: The drawing: an ellipse of counterparts, with room beside it for their names.
WIDTH, HEIGHT = 960, 640


def _edge_colour(score: float, kinds: set[str]) -> str:
    if kinds == {"relation"}:
        return RELATION_COLOUR
    return "#15803d" if score > 0 else "#b91c1c" if score < 0 else "#6b7280"


def network_svg(nodes: list[dict], edges: list[dict]) -> Markup:
    """``nodes`` start with the centre (``ego_network.Network``); ``edges`` are by category."""
    if not nodes:
        return Markup("")
    centre, ring = nodes[0], nodes[1:]
    mid, mid_y = WIDTH / 2, HEIGHT / 2
    rx, ry = WIDTH / 2 - 200, HEIGHT / 2 - 50
    at = {centre["id"]: (mid, mid_y)}
    for i, n in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(ring))
        at[n["id"]] = (mid + rx * math.cos(angle), mid_y + ry * math.sin(angle))
    pairs: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"count": 0, "score": 0.0, "types": [], "kinds": set()}
    )
    for e in edges:
        key = tuple(sorted((e["source"], e["target"])))
        p = pairs[key]
        p["count"] += e["count"]
        p["score"] += e["score"]
        p["kinds"].add(e["kind"])
        p["types"].append(f"{e['source_name']} → {e['type']} → {e['target_name']}: {e['count']}")
    most = max([1, *(p["count"] for p in pairs.values())])
    heaviest = max([1, *(n["weight"] for n in ring)])
    out = [
        f'<svg class="network" role="img" aria-label="actor network" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for (a, b), p in sorted(pairs.items(), key=lambda kv: kv[1]["count"]):
        if a not in at or b not in at:
            continue
        (x1, y1), (x2, y2) = at[a], at[b]
        width = 1 + 7 * p["count"] / most
        tip = "; ".join(p["types"][:12])
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_edge_colour(p["score"], p["kinds"])}" stroke-opacity="0.6" '
            f'stroke-width="{width:.1f}">'
            f"<title>{escape(tip)}</title></line>"
        )
    for n in nodes:
        x, y = at[n["id"]]
        r = 14 if n is centre else 4 + 10 * math.sqrt(n["weight"] / heaviest)
        label = n["name"] if len(n["name"]) <= 28 else n["name"][:27] + "…"
        anchor = "middle" if n is centre or abs(x - mid) < 20 else ("start" if x > mid else "end")
        dx = 0 if anchor == "middle" else (r + 3 if anchor == "start" else -(r + 3))
        if n is centre or (anchor == "middle" and y < mid_y):
            dy = -(r + 4)  # above the node
        else:
            dy = r + 12 if anchor == "middle" else 4
        href = "/ui/actors/" + quote(n["id"], safe="")
        out.append(
            f'<a href="{escape(href)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{"#1d3557" if n is centre else "#457b9d"}"><title>{escape(n["name"])}: '
            f'{n["weight"]} facts</title></circle><text x="{x + dx:.1f}" y="{y + dy:.1f}" '
            f'text-anchor="{anchor}" class="node">{escape(label)}</text></a>'
        )
    out.append("</svg>")
    return Markup("".join(out))
