"""Render an ask brief: Markdown for the terminal, one self-contained HTML file, or JSON.

The HTML has no external resource (inline CSS and SVG, a CSP that forbids scripts) and
every scraped string goes through Jinja2's autoescaping; URLs are only linked when they
are http(s).
"""

from __future__ import annotations

import json
from importlib import resources

from jinja2 import Environment, select_autoescape

from .ask import Brief

CHART_W, CHART_H, CHART_LEFT, CHART_BASE = 760, 180, 4, 150


def to_json(brief: Brief) -> str:
    d = brief.to_dict()
    out = {k: d[k] for k in ("question", "actors", "summary", "evidence", "timeline")}
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
            who = f", reported by {_md(e['reported_by'])}" if e["reported_by"] else ""
            pair = f" {_md(e['source'])} → {_md(e['target'])}" if e.get("source") and e.get("target") else ""
            lines.append(
                f"{n}. **{_md(e['type'])}** ({e['modality']}{who}){pair}: “{_md(e['sentence'])}” — "
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


def chart(brief: Brief) -> dict:
    """Bars per month (height = items, colour = sign of the summed score)."""
    months: dict[str, dict] = {}
    for r in brief.timeline:
        if r["month"] == "undated":
            continue
        m = months.setdefault(r["month"], {"count": 0, "score": 0.0})
        m["count"] += r["count"]
        m["score"] += r["score"]
    if not months:
        return {"bars": []}
    keys = sorted(months)
    top = max(m["count"] for m in months.values())
    step = (CHART_W - CHART_LEFT) / len(keys)
    width = max(2.0, step * 0.8)
    bars, ticks = [], []
    every = max(1, len(keys) // 10)
    for i, k in enumerate(keys):
        m = months[k]
        h = (CHART_BASE - 20) * m["count"] / top
        fill = "#3a3" if m["score"] > 0 else "#c33" if m["score"] < 0 else "#999"
        x = CHART_LEFT + i * step
        bars.append(
            {
                "x": round(x, 1),
                "y": round(CHART_BASE - h, 1),
                "w": round(width, 1),
                "h": round(h, 1),
                "fill": fill,
                "title": f"{k}: {m['count']} item(s), score {m['score']:+.1f}",
            }
        )
        if i % every == 0:
            ticks.append({"x": round(x + width / 2, 1), "text": k})
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
