"""Check the parameters of a request: a malformed or unknown value is refused with one line.

An empty answer to ``since=notadate`` or ``category=zzz`` looks like "nothing happened";
refusing it (422) says the question was wrong. The API and the pages call the same checks.
Messages quote at most ``SHOWN`` characters of what was sent.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources

from sqlalchemy import Connection, func, or_, select

from ..answer.actor_lookup import entity_names, resolve_name
from ..answer.event_table import outlet_condition
from ..answer.facts import category_scores
from ..store.schema import articles, places

SHOWN = 60
#: Largest offset a list accepts (deep pages of a ranked list cost as much as all the pages before).
MAX_OFFSET = 10_000
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadParameter(ValueError):
    """A parameter the request got wrong: ``name`` and a one-line reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name


def shown(value: object) -> str:
    """A value quoted for a message, cut to ``SHOWN`` characters."""
    text = str(value)
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


@cache
def modalities() -> tuple[str, ...]:
    data = json.loads(resources.files("newsdesk").joinpath("data/answer/modalities.json").read_text("utf-8"))
    return tuple(data["modalities"])


def iso_date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (a real day), or nothing."""
    if value is None or not value.strip():
        return None
    m = _DATE.match(value.strip())
    try:
        if m is None:
            raise ValueError
        date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise BadParameter(
            name, f"expected a date YYYY-MM-DD (or YYYY-MM, YYYY), got {shown(value)}"
        ) from None
    return value.strip()


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    since, until = iso_date("since", since), iso_date("until", until)
    if since and until and until < since[: len(until)]:
        raise BadParameter("until", f"{until} is before since={since}")
    return since, until


def category(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    name = value.strip().upper()
    if name not in category_scores():
        raise BadParameter(
            "category",
            f"unknown PLOVER category {shown(value)}; one of " + ", ".join(sorted(category_scores())),
        )
    return name


def modality(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    name = value.strip().lower()
    if name not in modalities():
        raise BadParameter("modality", f"unknown modality {shown(value)}; one of " + ", ".join(modalities()))
    return name


def actor_ids(conn: Connection, name: str, value: str | None) -> list[str]:
    """The entity ids a name denotes (the most mentioned first); an unknown name is refused."""
    if value is None or not value.strip():
        return []
    ids = resolve_name(conn, value[:200])
    if not ids and ":" in value and entity_names(conn, [value[:200]]):
        ids = [value[:200]]  # an id the gazetteer knows (a dyad side not yet in the store)
    if not ids:
        raise BadParameter(name, f"no actor called {shown(value)}")
    return ids


def place(conn: Connection, value: str | None) -> str | None:
    """A place name (or a two-letter country code) that some stored article names."""
    if value is None or not value.strip():
        return None
    key = value.strip()[:200]
    known = conn.scalar(
        select(places.c.id)
        .where(or_(func.lower(places.c.name) == key.lower(), places.c.country_code == key.upper()))
        .limit(1)
    )
    if known is None:
        raise BadParameter("place", f"no stored article names a place called {shown(value)}")
    return key


def outlet(conn: Connection, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    key = value.strip()[:200]
    if conn.scalar(select(articles.c.id).where(outlet_condition(key)).limit(1)) is None:
        raise BadParameter("outlet", f"no stored article is from an outlet called {shown(value)}")
    return key


def choice(name: str, value: str | None, allowed: tuple[str, ...] | list[str], default: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise BadParameter(name, f"unknown value {shown(value)}; one of " + ", ".join(allowed))
    return value


def number(name: str, value: int | str | None, default: int, low: int, high: int) -> int:
    """A whole number within bounds (pages send numbers as text), or ``default`` when not given."""
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise BadParameter(name, f"expected a whole number, got {shown(value)}") from None
    if not low <= n <= high:
        raise BadParameter(name, f"must be between {low} and {high}, got {n}")
    return n


def page(offset: int | str | None, limit: int | str | None, *, default: int, most: int) -> tuple[int, int]:
    """``offset`` and ``limit`` as integers within bounds."""
    return number("offset", offset, 0, 0, MAX_OFFSET), number("limit", limit, default, 1, most)
