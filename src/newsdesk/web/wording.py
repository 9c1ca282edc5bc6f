"""Facts and roles written as words a reader takes in at once ("Norway agreed with Chile,
asserted, 7 January 2008"), rather than codes, raw ids or "None – None"."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources


@cache
def phrases() -> dict:
    return json.loads(resources.files("newsdesk").joinpath("data/answer/phrases.json").read_text("utf-8"))


def when(value: str | None) -> str:
    """An ISO date (or its year and month) in words; "undated" when there is none."""
    if not value:
        return "undated"
    text = str(value)[:10]
    try:
        if len(text) == 10:
            return date.fromisoformat(text).strftime("%-d %B %Y")
        if len(text) == 7:
            return date.fromisoformat(text + "-01").strftime("%B %Y")
    except ValueError:
        return text
    return text


def fact_sentence(kind: str, type_: str, source: str, target: str) -> str:
    """ "Source verb target" for an event category or relation type (its code when no phrase is known)."""
    table = phrases()["events" if kind == "event" else "relations"]
    verb = table.get(type_, f"— {type_} —")
    return " ".join(x for x in (source or "someone", verb, target or "someone") if x)


def modality_words(modality: str) -> str:
    return phrases()["modalities"].get(modality, modality)


def role_words(role: dict) -> str:
    """ "prime minister of Iraq, seen from 2 November 2006 to 7 January 2008 in 3 articles"."""
    title = role.get("title") or "role"
    of = role.get("of_name") or role.get("of")
    first, last = role.get("first"), role.get("last")
    if first and last and first[:10] != last[:10]:
        seen = f"from {when(first)} to {when(last)}"
    elif first or last:
        seen = f"on {when(first or last)}"
    else:
        seen = "in undated articles"
    n = role.get("articles") or 0
    return f"{title}{' of ' + of if of else ''}, seen {seen} in {n} article{'s' if n != 1 else ''}"
