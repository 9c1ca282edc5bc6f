"""Title cues ("vice president", "leader") and honorifics ("Mr."), read from data files.

Shared by the actors stage (to cut "President" off "President Obama") and the roles stage
(to read the title as a role).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files("newsdesk.data.actors").joinpath(name).read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def titles() -> tuple[tuple[str, ...], ...]:
    """Every title as a token tuple, longest first so "vice president" beats "president"."""
    found = {tuple(t.replace("-", " - ").split()) for t in _lines("titles.txt")}
    return tuple(sorted(found, key=len, reverse=True))


@cache
def honorifics() -> frozenset[str]:
    return frozenset(_lines("honorifics.txt"))


@cache
def _by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The titles under their first word, each list longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for title in titles():
        out.setdefault(title[0], []).append(title)
    return {word: tuple(found) for word, found in out.items()}


def title_at(words: Sequence[str], i: int) -> tuple[str, int] | None:
    """The longest title starting at word ``i``: (title, number of words), or None."""
    if i >= len(words):
        return None
    for title in _by_first_word().get(words[i].lower(), ()):
        if tuple(w.lower() for w in words[i:i + len(title)]) == title:
            return " ".join(title).replace(" - ", "-"), len(title)
    return None


def leading_title_length(words: Sequence[str]) -> int:
    """How many leading words are titles or honorifics ("Vice President", "Mr.")."""
    i = 0
    while i < len(words):
        if words[i].lower() in honorifics():
            i += 1
            continue
        found = title_at(words, i)
        if not found:
            break
        i += found[1]
    return i
