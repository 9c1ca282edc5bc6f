"""Metadata read from a page's own text: publisher, publication date, language.

A date is only taken from the article's header lines (between headline and first
paragraph: the byline or dateline) and never from a caption, a video or a related
link, so a page that states no publication date gets none.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Sequence
from functools import cache

from ..tuning import weights
from .features import DATA
from .lines import Line

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(rf"\b(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}"
                   r"|\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2})\b", re.I)
_STRICT = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True}


@cache
def _outlet_patterns() -> tuple[list[re.Pattern[str]], frozenset[str], tuple[str, ...]]:
    raw = json.loads((DATA / "outlets.json").read_text("utf-8"))
    return [re.compile(p) for p in raw["patterns"]], frozenset(raw["strip"]), tuple(raw["reject_start"])


@cache
def section_labels() -> frozenset[str]:
    """Names of site sections ("U.S.", "World"), which name a part of a site, never its publisher."""
    return frozenset(json.loads((DATA / "outlets.json").read_text("utf-8"))["section_labels"])


def is_section_label(name: str) -> bool:
    return " ".join(name.lower().split()).strip(" |-") in section_labels()


def _tidy(name: str, strip: frozenset[str], reject: tuple[str, ...]) -> str | None:
    if name.lower().startswith(reject) or is_section_label(name):
        return None
    words = name.strip(" .,-|").split()
    while words and words[-1].lower().strip(",") in strip:
        words.pop()
    name = " ".join(words).strip(" .,-|")
    return name if 2 <= len(name) <= 60 and not name.isdigit() else None


def outlet_from_lines(lines: Sequence[Line]) -> str | None:
    """The publisher as the page names itself in its terms or copyright lines."""
    patterns, strip, reject = _outlet_patterns()
    for pattern in patterns:
        for line in reversed(lines):
            if len(line.text) > 400:
                continue
            match = pattern.search(line.text)
            if match and (name := _tidy(match.group("name"), strip, reject)):
                return name
    return None


def parse_date(text: str) -> str | None:
    """An ISO date for the first complete (day, month, year) date in ``text``."""
    match = _DATE.search(text)
    if not match:
        return None
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(match.group(), languages=["en"], settings=_STRICT)
    return parsed.date().isoformat() if parsed else None


def published_from_header(header: Sequence[Line]) -> str | None:
    """The publication date stated in the byline/dateline lines, or None."""
    longest = weights("clean").max_dateline_tokens  # a longer header line is prose
    for line in header:
        if len(re.findall(r"\w+", line.text)) <= longest and (found := parse_date(line.text)):
            return found
    return None


_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|da|al|el|bin|ibn)){0,3}"
#: A byline line: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE | Reuters".
_BYLINE = re.compile(rf"^\s*By\s+(?P<names>{_NAME}(?:\s*(?:,|and|&|\|)\s*{_NAME})*)\s*"
                     r"(?:[|,–—-]\s*(?:Updated|Published|Posted)?.{0,40}\d{4}.*)?$")


def bylines_from_header(header: Sequence[Line]) -> list[str]:
    """The names of the byline among the header lines ("By Jane Doe, Reuters"), agency included."""
    from .declared import byline_names

    longest = weights("clean").max_dateline_tokens
    for line in header:
        if len(re.findall(r"\w+", line.text)) <= longest and (match := _BYLINE.match(line.text)):
            return byline_names(match.group("names"))
    return []


def language_of(text: str) -> str | None:
    """ISO 639-1 code of the body's language, None when there is too little text to tell."""
    if len(re.findall(r"\w+", text)) < 8:
        return None
    import py3langid

    return py3langid.classify(text[:5000])[0]
