"""Sentences of a body as offsets: spaCy's split, stored with the article, and one fallback rule.

The ``nlp`` stage keeps the sentences spaCy found (``Document.sentences``) and the writer
stores them with the article (``articles.sentences``), so whatever quotes a sentence later —
an ``ask`` brief, a fact's evidence, a sentence vector — cuts the body where the parser did.
A body with no stored parse (a row stored before the column existed, a text beyond the
parser's character bound, a document built by hand) is cut by :func:`split`, the one rule
used in its place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

#: The end of a sentence for :func:`split`: terminal punctuation with the closing quotes and
#: brackets after it, followed by white space; or a line break (a paragraph never runs on).
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


def split(text: str) -> list[tuple[int, int]]:
    """The sentences of a text with no parse, as ``(start, end)`` with surrounding space trimmed."""
    spans = []
    left = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((left, match.end()))
        left = match.end()
    spans.append((left, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))[0] < trimmed[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def around(text: str, start: int, end: int,
           sentences: Sequence[Sequence[int]] | None = None) -> tuple[int, int]:
    """The bounds of the sentence (or run of sentences) that holds ``text[start:end]``.

    ``sentences`` are the stored spans of ``text`` in order; where they do not cover the
    span (none stored, or the span lies past the parsed part), the bounds come from
    :func:`split`'s rule around the span.
    """
    if sentences:
        starts = [s for s, _ in sentences]
        first = bisect_right(starts, start) - 1
        if first >= 0 and sentences[first][1] <= start:  # the span starts between two sentences
            first += 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        if 0 <= first <= last and sentences[last][1] >= end:
            return _trim(text, sentences[first][0], sentences[last][1])
    left = 0
    for match in SENTENCE_END.finditer(text, max(0, start - 2000), start):
        left = match.end()
    stop = SENTENCE_END.search(text, end)
    return _trim(text, left, stop.end() if stop else len(text))
