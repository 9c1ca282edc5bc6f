"""Split a body into segments, each with the kinds of evidence covering it.

The template prints each segment's text through Jinja's escaping; no HTML is built from
scraped text here, so overlapping spans (a mention inside an event's sentence) need no
nesting, and a hostile body stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..answer.claim_wording import HEDGES, KIND_LABELS, kind_of

#: Kinds highlighted as the speaker's own words (a mixed attribution holds a partial quote).
QUOTED = {"direct", "mixed"}


@dataclass
class Segment:
    text: str
    start: int
    kinds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def segments(body: str, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """``spans`` are (start, end, kind, note); out-of-range or empty spans are ignored."""
    valid = [
        (s, e, k, n)
        for s, e, k, n in spans
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(body)
    ]
    cuts = sorted({0, len(body), *(s for s, *_ in valid), *(e for _, e, *_ in valid)})
    out = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [(k, n) for s, e, k, n in valid if s <= left and right <= e]
        kinds = sorted({k for k, _ in covering})
        notes = list(dict.fromkeys(n for _, n in covering if n))
        out.append(Segment(body[left:right], left, kinds, notes))
    return out


def document_spans(doc: dict, focus: tuple[int, int] | None = None) -> list[tuple[int, int, str, str]]:
    """The evidence of a stored document as spans: mentions, places, quotes, events, relations."""
    names = {e["id"]: e["name"] for e in doc.get("entities", [])}

    def who(ref) -> str:
        refs = ref if isinstance(ref, list) else [ref] if ref else []
        return " and ".join(names.get(r, str(r)) for r in refs)

    spans = []
    for e in doc.get("entities", []):
        spans += [
            (m["start"], m["end"], "mention", f"{e['name']} ({e.get('type') or '?'})")
            for m in e.get("mentions", [])
        ]
    for p in doc.get("places", []):
        spans += [(m["start"], m["end"], "place", f"place: {p['name']}") for m in p.get("mentions", [])]
    for q in doc.get("quotes", []):  # indirect speech is marked apart: it is not the speaker's words
        kind = kind_of(q.get("kind"), q.get("direct", True))
        speaker = who(q.get("speaker")) or q.get("speaker_name") or "unknown"
        note = f"{KIND_LABELS[kind]} by {speaker}"
        if q.get("modality") in HEDGES:
            note += f" ({HEDGES[q['modality']]})"
        spans.append((q["start"], q["end"], "quote" if kind in QUOTED else "speech", note))
        if q.get("cue_start") is not None and q.get("cue_end") is not None:
            spans.append((q["cue_start"], q["cue_end"], "cue", f"cue of {KIND_LABELS[kind]} by {speaker}"))
    for kind in ("events", "relations"):
        for ev in doc.get(kind, []):
            note = f"{ev['type']} ({ev['modality']}): {who(ev.get('source'))} → {who(ev.get('target'))}"
            if ev.get("reported_by"):
                note += f", reported by {who(ev['reported_by'])}"
            spans.append((ev["start"], ev["end"], kind[:-1], note))
    if focus:
        spans.append((focus[0], focus[1], "focus", ""))
    return spans


@dataclass
class Run:
    """Consecutive segments, inside the cited evidence (``focus``) or not: the template wraps a
    focused run in one element, so a cited sentence is one box however many spans cut it."""

    focus: bool
    segments: list[Segment]


def runs(parts: list[Segment]) -> list[Run]:
    out: list[Run] = []
    for part in parts:
        focus = "focus" in part.kinds
        if focus:
            part.kinds = [k for k in part.kinds if k != "focus"]
        if out and out[-1].focus == focus:
            out[-1].segments.append(part)
        else:
            out.append(Run(focus, [part]))
    return out
