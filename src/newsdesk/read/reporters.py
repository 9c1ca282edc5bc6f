"""News organisations that report a story rather than act in it.

"According to Reuters", "told the BBC", "Analysts reporting for the BBC", "AP reported": the outlet
is where the words come from, not who did something. Such a mention is not an actor mention (the
actor guideline, docs/annotation/actors.md §1), and the event coder never takes it as a side. "The
BBC was banned" keeps the BBC as an actor: it is acted upon.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token


@cache
def _words() -> dict[str, frozenset[str]]:
    text = files("newsdesk.data.actors").joinpath("citing_words.txt").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            continue
        sections.setdefault(current, set()).add(line.lower())
    return {k: frozenset(v) for k, v in sections.items()}


def _reporting(token: Token) -> bool:
    return token.lemma_.lower() in _words()["verbs"]


def cited(parsed: SpacyDoc, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` name a source of the story, not one of its actors."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    while root.dep_ in {"conj", "appos"} and root.head != root:
        root = root.head  # "reporting for the BBC and *Reuters*"
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _words()["prepositions"]:
        governor = head.head
        if head.lower_ == "to":
            return governor.lower_ == "according" or _reporting(governor)
        return _reporting(governor) or governor.lower_ in {"interview", "report", "reporting", "told"}
    if root.dep_ in {"nsubj", "dobj", "dative", "agent"}:
        return _reporting(head)
    return False
