"""The ``dates`` stage: date expressions normalised against the publication date.

spaCy finds the expressions (its DATE entities); dateparser reads them relative to the
article's publication date. With no publication date the year is never guessed: a stated
day and month stay partial (``--04-17``, ``year_known`` False) and a relative expression
("on Monday") keeps no value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from dateparser.date import DateDataParser

from ..model import DateMention, Document
from ..stages import Stage

WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
#: Two unrelated reference dates: what changes between them was not stated in the text. They
#: lie years apart so that a day and month read as "the latest such day before" (a weekday
#: makes dateparser prefer the past) fall in different years too.
PROBES = (datetime(2000, 6, 15, 12), datetime(2003, 1, 10, 12))
MAX_EXPRESSION = 60


@lru_cache(maxsize=256)  # one per publication date seen lately: bounded over a long ingest
def _parser(base: datetime | None, prefer: str) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _clean(text: str) -> str:
    text = re.sub(r"^(on|in|at|by|since|until|from|during|the)\s+", "", text.strip(), flags=re.IGNORECASE)
    return text.strip(" ,.")


def _published(doc: Document) -> datetime | None:
    value = doc.article.published
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:19].replace("Z", ""))
    except ValueError:
        return None


def _format(when: datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return when.date().isoformat()


@lru_cache(maxsize=50_000)
def normalise(text: str, published: datetime | None) -> tuple[str | None, bool] | None:
    """(value, year_known) for one expression, or None when it is not a date dateparser reads.

    Cached: the same expressions ("Monday", "2007", "last week") recur under the same publication
    date across a corpus, and dateparser costs about a millisecond a call."""
    text = _clean(text)
    if not text or len(text) > MAX_EXPRESSION:
        return None
    prefer = "past" if WEEKDAY.search(text) else "current_period"
    if published is not None:
        data = _parser(published, prefer).get_date_data(text)
        if data.date_obj is None:
            return None
        return _format(data.date_obj, data.period or "day"), True
    probes = [_parser(base, prefer).get_date_data(text) for base in PROBES]
    if any(p.date_obj is None for p in probes):
        return None
    a, b = (p.date_obj for p in probes)
    period = probes[0].period or "day"
    if _format(a, period) == _format(b, period):
        return _format(a, period), True
    if (a.month, a.day) == (b.month, b.day) and period == "day":
        return f"--{a.month:02d}-{a.day:02d}", False
    if a.month == b.month and period == "month":
        return f"--{a.month:02d}", False
    return None, False  # relative to a date we do not have


def read_dates(doc: Document) -> list[DateMention]:
    sp = doc.analysis.get("spacy")
    if sp is None:
        return []
    published = _published(doc)
    out = []
    for ent in sp.ents:
        if ent.label_ != "DATE":
            continue
        result = normalise(ent.text, published)
        if result is None:
            continue
        value, year_known = result
        out.append(DateMention(ent.start_char, ent.end_char, ent.text, value, year_known))
    return out


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        doc.dates = read_dates(doc)


STAGE = Stage(name="dates", phase="read", run=run, order=50, requires=("nlp",))
