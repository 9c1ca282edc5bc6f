"""Quotation spans in an article body: every quotation style of the corpus' languages, nested quotes
kept inside the quotation around them, and quotations that run on over paragraphs.

English curly and straight marks, single and double; German „…“ and ‚…‘; guillemets «…» and
»…« (and the single ‹…›). A quotation left open at a paragraph's end continues when the next
paragraph opens with a quotation mark (the newspaper convention): the two make one span, the
paragraph break and the re-opening mark inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Opening mark -> the marks that may close it (scraped text often mixes curly and straight marks).
OPENERS = {
    "\u201c": '\u201d"',
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab",
    "\u2039": "\u203a",
    "\u201e": "\u201c\u201d",
    "\u201a": "\u2018\u2019",
    "\u2018": "\u2019'",
    '"': '"\u201d',
    "'": "'\u2019",
}
#: Marks that only ever open (never an apostrophe, never a closing mark of another style).
ALWAYS_OPEN = "\u201c\u00ab\u201e\u201a\u2039"
#: Marks that only ever close what they close.
ALWAYS_CLOSE = "\u201d\u00bb\u203a"
#: Any character that can open or close a quotation.
QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(set("".join([*OPENERS, *OPENERS.values()]))))) + "]")


#: What follows an apostrophe, never an opening mark ("NBC 's programme", "'tis").
CONTRACTION = re.compile(r"(s|t|re|ll|ve|d|m)\b", re.IGNORECASE)
#: Bound on re-reading a paragraph with one more single mark taken as an apostrophe.
MAX_REREADS = 20


@dataclass
class Segment:
    start: int  # offset of the first character inside the quotation marks
    end: int  # offset after the last character inside
    closed: bool  # False: the quotation is still open where its last paragraph ends


def _is_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:;,/") and not after.isspace()


def _is_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-\"”'’»")


def _paragraph_segments(text: str, base: int, apostrophes: frozenset[int] = frozenset()) -> list[Segment]:
    """Outer-level quotations of one paragraph; marks of another style inside one are nested.

    A single mark that opens a quotation never closed in its paragraph was an apostrophe
    ("the Smiths' house"): the paragraph is read again with that mark as one."""
    out: list[Segment] = []
    opened, opener, closer = -1, "", ""
    for mark in QUOTE_MARK.finditer(text):
        i, ch = mark.start(), mark.group()
        if opened < 0:
            if ch not in OPENERS or i in apostrophes:
                continue
            if ch == "\u00bb" and not _is_opening(text, i):
                continue  # a closing guillemet of «…» left over, not the opening of »…«
            # A straight double mark is never an apostrophe: unopened, it opens whatever surrounds it.
            if ch in ALWAYS_OPEN or ch == '"' or _is_opening(text, i):
                if ch in "'\u2018" and ((i > 0 and text[i - 1].isalnum()) or CONTRACTION.match(text, i + 1)):
                    continue
                opened, opener, closer = i + 1, ch, OPENERS[ch]
        elif ch == opener == '"' and _is_opening(text, i) and not _is_closing(text, i):
            # A closing mark the writer left out ('a year, he said. "The amount ...'): the quotation
            # ends before this mark, which opens the next.
            if text[opened:i].strip():
                out.append(Segment(base + opened, base + len(text[:i].rstrip()), True))
            opened = i + 1
        elif ch in closer and (
            ch in ALWAYS_CLOSE or ch in "\u00ab\u201c" or (ch == opener == '"') or _is_closing(text, i)
        ):
            if not (ch in "'\u2019" and i + 1 < len(text) and text[i + 1].isalpha()):
                if i > opened:
                    out.append(Segment(base + opened, base + i, True))
                opened = -1
    if opened >= 0 and opener in "'\u2018" and len(apostrophes) < MAX_REREADS:
        return _paragraph_segments(text, base, apostrophes | {opened - 1})
    if opened >= 0 and len(text) > opened:
        out.append(Segment(base + opened, base + len(text.rstrip()), False))
    return out


def scan(body: str) -> list[Segment]:
    """Quotation spans in ``body`` (outer level only), a quotation running over paragraphs as one."""
    segments: list[Segment] = []
    for para in re.finditer(r"[^\n]+", body):
        found = _paragraph_segments(para.group(), para.start())
        last = segments[-1] if segments else None
        if found and last is not None and not last.closed and _reopens(body, last.end, found[0].start):
            first = found.pop(0)
            segments[-1] = Segment(segments[-1].start, first.end, first.closed)
        segments.extend(found)
    return segments


def _reopens(body: str, previous_end: int, start: int) -> bool:
    """True when only a paragraph break and one opening mark lie between an open quotation's end and
    the next quotation's first character."""
    between = body[previous_end:start]
    return "\n" in between and between.strip() in OPENERS


def inside(pos: int, spans: Sequence[Segment]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def covering(start: int, end: int, spans: Sequence[Segment]) -> Segment | None:
    """The quotation that holds all of [start, end), if one does."""
    return next((s for s in spans if s.start <= start and end <= s.end), None)
