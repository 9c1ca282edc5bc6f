"""A plain-text page as a sequence of non-empty lines, each with its offsets.

The line is the unit the cleaner classifies: scrapes put every paragraph, menu item,
caption and widget on lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")
_SPACE = re.compile(r"[ \t\u00a0\u2009\u200b]+")
#: Most lines read from one page (scraped input is hostile; real pages have a few thousand).
MAX_LINES = 20_000


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # whitespace-normalised, stripped


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their character offsets into it."""
    out: list[Line] = []
    for match in _LINE.finditer(text):
        clean = _SPACE.sub(" ", match.group()).strip()
        if clean:
            out.append(Line(match.start(), match.end(), clean))
            if len(out) >= MAX_LINES:
                break
    return out
