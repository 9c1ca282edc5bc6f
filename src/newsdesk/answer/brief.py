"""Render an ask brief: Markdown for the terminal, one self-contained HTML file, or JSON.

The HTML has no external resource (inline CSS and SVG, a CSP that forbids scripts) and
every scraped string goes through Jinja2's autoescaping; URLs are only linked when they
are http(s). A claim is shown as its kind words it (``claim_wording``): only a direct quote
stands in quotation marks.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape

from .ask import Brief
from .claim_wording import KIND_LABELS

CHART_W, CHART_H, CHART_LEFT, CHART_BASE = 760, 180, 4, 150
#: Room at the right of the chart for the undated bar.
UNDATED_W = 90


def to_json(brief: Brief) -> str:
    d = brief.to_dict()
    keys = ("question", "actors", "actor_rule", "actors_left_out", "summary", "counts", "dates")
    out = {k: d[k] for k in (*keys, "evidence", "timeline")}
    out["signals"] = d["signals"]
    out["relation"] = d["relation"]
    return json.dumps(out, ensure_ascii=False, indent=2)


def _md(text: str | None) -> str:
    """Scraped text in Markdown: one line, no markup that could restyle the brief."""
    s = " ".join((text or "").split())
    for ch in "\\`*_[]<>#|":
        s = s.replace(ch, "\\" + ch)
    return s


def to_markdown(brief: Brief) -> str:
    lines = [f"# {_md(brief.question)}", ""]
    if brief.actors:
        lines.append(
            "**Actors:** "
            + "; ".join(
                f"{_md(a['name'])}" + (f" *({_md(a['label'])})*" if a["label"] else "") for a in brief.actors
            )
        )
        if brief.actor_rule:
            lines += ["", f"**Compared:** {_md(brief.actor_rule)}"]
        if brief.actors_left_out:
            left = "; ".join(_md(a["name"]) for a in brief.actors_left_out)
            lines += ["", f"**Left out** (a brief compares two actors): {left}"]
        lines.append("")
    lines += (
        ["## Summary", ""]
        + [
            f"- {_md(s['text']).replace(chr(92) + '[', '[').replace(chr(92) + ']', ']')}"
            for s in brief.summary
        ]
        + [""]
    )
    if brief.timeline:
        lines += ["## Timeline", "", "| month | type | count | score |", "|---|---|---|---|"]
        lines += [
            f"| {r['month']} | {_md(r['type'])} | {r['count']} | {r['score']:+.1f} |" for r in brief.timeline
        ]
        lines.append("")
    if brief.evidence:
        lines += ["## Evidence", ""]
        for n, e in enumerate(brief.evidence, start=1):
            who = f", reported by {_md(e['reported_by'])}" if e["reported_by"] and not e.get("worded") else ""
            pair = f" {_md(e['source'])} → {_md(e['target'])}" if e.get("source") and e.get("target") else ""
            scope = f", {e['scope']}" if e.get("scope") and e["scope"] != "sentence" else ""
            said = _md(e["worded"]) if e.get("worded") else f"“{_md(e['sentence'])}”"
            form = f", {KIND_LABELS.get(e['quote_kind'], '')}" if e.get("quote_kind") else ""
            lines.append(
                f"{n}. **{_md(e['type'])}{form}** ({e['modality']}{who}{scope}){pair}: {said} — "
                f"{_md(e['outlet'] or '')} {e['published'] or 'undated'}, {_md(e['title'] or e['doc_id'])}"
                + (f" <{e['url']}>" if _safe_url(e.get("url")) else "")
                + (f" ({e['attribution']})" if e.get("attribution") else "")
            )
        lines.append("")
    return "\n".join(lines)


def _safe_url(url: str | None) -> str | None:
    return (
        url
        if url and url.startswith(("https://", "http://")) and not any(c in url for c in " <>\"'")
        else None
    )


def _month_index(month: str) -> int | None:
    try:
        return int(month[:4]) * 12 + int(month[5:7]) - 1
    except ValueError:
        return None


def _bar(x: float, width: float, count: int, score: float, top: int, label: str) -> dict:
    h = (CHART_BASE - 20) * count / top
    fill = "#3a3" if score > 0 else "#c33" if score < 0 else "#999"
    return {
        "x": round(x, 1),
        "y": round(CHART_BASE - h, 1),
        "w": round(width, 1),
        "h": round(h, 1),
        "fill": fill,
        "title": f"{label}: {count} item(s), score {score:+.1f}",
    }


def chart(brief: Brief) -> dict:
    """Bars on a continuous month axis (height = items, colour = sign of the summed score);
    undated evidence gets its own bar at the right."""
    months: dict[int, dict[str, Any]] = {}
    undated: dict[str, Any] = {"count": 0, "score": 0.0}
    for r in brief.timeline:
        index = _month_index(r["month"])
        m = (
            undated
            if index is None
            else months.setdefault(index, {"label": r["month"], "count": 0, "score": 0.0})
        )
        m["count"] += r["count"]
        m["score"] += r["score"]
    if not months and not undated["count"]:
        return {"bars": []}
    top = max([m["count"] for m in months.values()] + [undated["count"]])
    right = CHART_W - (UNDATED_W if undated["count"] else 0)
    bars, ticks = [], []
    if months:
        first, last = min(months), max(months)
        span = last - first + 1
        step = (right - CHART_LEFT) / span
        width = max(2.0, min(step * 0.8, 40.0))
        for index, m in sorted(months.items()):
            x = CHART_LEFT + (index - first) * step
            bars.append(_bar(x, width, m["count"], m["score"], top, m["label"]))
            if span <= 24:  # a short history: label the months themselves
                ticks.append({"x": round(x, 1), "text": m["label"]})
        if span > 24:
            years = range(first // 12, last // 12 + 1)
            every = max(1, len(years) // 8)
            ticks = [
                {"x": round(CHART_LEFT + max(0, y * 12 - first) * step, 1), "text": str(y)}
                for n, y in enumerate(years)
                if n % every == 0
            ]
    if undated["count"]:
        x = right + 20
        bars.append(_bar(x, 40.0, undated["count"], undated["score"], top, "undated"))
        ticks.append({"x": x, "text": "undated"})
    return {
        "bars": bars,
        "ticks": ticks,
        "width": CHART_W,
        "height": CHART_H,
        "left": CHART_LEFT,
        "base": CHART_BASE,
    }


def to_html(brief: Brief) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(
        resources.files("newsdesk").joinpath("data/answer/brief.html.j2").read_text("utf-8")
    )
    evidence = [{**e, "url": _safe_url(e.get("url"))} for e in brief.evidence]
    view = brief.to_dict()
    view["evidence"] = evidence
    return template.render(
        brief=view, chart=chart(brief), licensed=any(e.get("attribution") for e in evidence)
    )
