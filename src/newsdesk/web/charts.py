"""Charts drawn on the server as SVG: the pages run no script (CSP ``script-src 'none'``).

Every text that reaches the SVG (names, categories, months) is escaped here, since the
markup is handed to the template as already safe. Hover details are SVG ``<title>``
elements, which browsers show without any script.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from urllib.parse import urlencode

from markupsafe import Markup

from ..answer.facts import category_scores

#: One colour per PLOVER category, cooperation in blues and greens, conflict in oranges and reds.
COLOURS = {
    "AGREE": "#1d4ed8",
    "CONSULT": "#0891b2",
    "SUPPORT": "#059669",
    "CONCEDE": "#65a30d",
    "COOPERATE": "#2563eb",
    "AID": "#16a34a",
    "RETREAT": "#84cc16",
    "REQUEST": "#6366f1",
    "ACCUSE": "#f59e0b",
    "REJECT": "#d97706",
    "THREATEN": "#ea580c",
    "PROTEST": "#f97316",
    "SANCTION": "#b45309",
    "MOBILIZE": "#dc2626",
    "COERCE": "#b91c1c",
    "ASSAULT": "#7f1d1d",
}
RELATION_COLOUR = "#7c3aed"
#: How strongly a modality is drawn: what is asserted is solid, what is only possible is faint.
OPACITY = {
    "asserted": 1.0,
    "reported": 0.75,
    "future": 0.5,
    "hypothetical": 0.4,
    "negated": 0.25,
    "denied": 0.25,
}


def colour(type_: str) -> str:
    return COLOURS.get(type_, RELATION_COLOUR)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_svg(
    rows: list[dict], *, width: int = 880, height: int = 300, link: dict | None = None
) -> Markup:
    """Monthly bars: cooperation stacked above the axis, conflict below, one colour a category,
    modality as opacity. ``rows`` are ``{month, type, modality, count}`` (``dyads.timeline``).
    With ``link`` (the dyad's query), each bar segment opens the events of that month and category."""
    dated = [r for r in rows if r["month"] != "undated"]
    undated = sum(r["count"] for r in rows if r["month"] == "undated")
    if not dated:
        note = f"{undated} undated facts" if undated else "no facts"
        return Markup(
            f'<svg class="chart" role="img" viewBox="0 0 {width} 40" width="{width}" height="40">'
            f'<text x="8" y="24">No dated facts to chart ({_e(note)}).</text></svg>'
        )
    months = _months(min(r["month"] for r in dated), max(r["month"] for r in dated))
    scores = category_scores()
    up: dict[str, int] = defaultdict(int)
    down: dict[str, int] = defaultdict(int)
    for r in dated:
        (up if scores.get(r["type"], 1.0) >= 0 else down)[r["month"]] += r["count"]
    top = max([1, *up.values()])
    bottom = max([0, *down.values()])
    left, right, margin_top, margin_bottom = 44, 8, 10, 34
    plot_h = height - margin_top - margin_bottom
    axis = margin_top + plot_h * top / (top + bottom)
    unit = plot_h / (top + bottom)
    step = (width - left - right) / len(months)
    bar = max(1.0, step * 0.8)
    out = [
        f'<svg class="chart" role="img" aria-label="monthly timeline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" x2="{width - right}" y1="{axis:.1f}" y2="{axis:.1f}" stroke="#444"/>',
        f'<text x="{left - 4}" y="{margin_top + 8}" text-anchor="end" class="tick">{top}</text>',
        f'<text x="4" y="{axis - 4:.1f}" class="tick">coop.</text>',
    ]
    if bottom:
        out += [
            f'<text x="{left - 4}" y="{height - margin_bottom}" text-anchor="end" class="tick">'
            f"-{bottom}</text>",
            f'<text x="4" y="{axis + 12:.1f}" class="tick">conflict</text>',
        ]
    index = {m: i for i, m in enumerate(months)}
    stack_up: dict[str, float] = defaultdict(float)
    stack_down: dict[str, float] = defaultdict(float)
    for r in sorted(
        dated, key=lambda r: (r["month"], -abs(scores.get(r["type"], 0.0)), r["type"], r["modality"])
    ):
        x = left + index[r["month"]] * step + (step - bar) / 2
        h = r["count"] * unit
        if scores.get(r["type"], 1.0) >= 0:
            y = axis - stack_up[r["month"]] - h
            stack_up[r["month"]] += h
        else:
            y = axis + stack_down[r["month"]]
            stack_down[r["month"]] += h
        tip = f"{r['month']}: {r['count']} {r['type']} ({r['modality']})"
        rect = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{max(h, 0.5):.1f}" '
            f'fill="{colour(r["type"])}" fill-opacity="{OPACITY.get(r["modality"], 0.6)}">'
            f"<title>{_e(tip)}</title></rect>"
        )
        if link is not None and r["type"] in scores:
            query = urlencode({**link, "category": r["type"], "since": r["month"], "until": r["month"]})
            rect = f'<a href="/ui/events?{_e(query)}">{rect}</a>'
        out.append(rect)
    every = max(1, len(months) // 12)
    for i, m in enumerate(months):
        if i % every == 0:
            x = left + i * step + step / 2
            out.append(
                f'<text x="{x:.1f}" y="{height - margin_bottom + 14}" text-anchor="middle" '
                f'class="tick">{_e(m)}</text>'
            )
    if undated:
        out.append(
            f'<text x="{left}" y="{height - 4}" class="tick">and {undated} undated, not charted</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def legend(types: list[str], *, width: int = 880) -> Markup:
    """Swatches for the categories drawn (SVG fills: no inline styles under the CSP)."""
    if not types:
        return Markup("")
    per_row = max(1, width // 130)
    height = 18 * ((len(types) + per_row - 1) // per_row) + 4
    out = [
        f'<svg class="legend-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, t in enumerate(types):
        x, y = (i % per_row) * 130, (i // per_row) * 18 + 2
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour(t)}"/>'
            f'<text x="{x + 16}" y="{y + 11}" class="tick">{_e(t)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def bars_svg(items: list[tuple[str, float, str | None]], *, width: int = 560, row: int = 20) -> Markup:
    """Horizontal bars ``(label, value, href)``, largest first as given; a label links when href is set."""
    if not items:
        return Markup("")
    most = max(v for _, v, _ in items) or 1
    label_w = 200
    height = row * len(items) + 4
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value, href) in enumerate(items):
        y = i * row + 2
        w = (width - label_w - 50) * value / most
        text = _e(label if len(label) <= 30 else label[:29] + "…")
        name = f'<text x="{label_w - 6}" y="{y + row * 0.7:.1f}" text-anchor="end">{text}</text>'
        if href:
            name = f'<a href="{_e(href)}">{name}</a>'
        out.append(name)
        out.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" fill="#1d3557">'
            f"<title>{_e(label)}: {value:g}</title></rect>"
        )
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + row * 0.7:.1f}" class="tick">{value:g}</text>')
    out.append("</svg>")
    return Markup("".join(out))
