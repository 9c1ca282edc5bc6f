"""The field's verb knowledge: PETRARCH2's CAMEO verb patterns, folded to PLOVER, matched on a parse.

``data/plover/cameo_verbs.json`` (built by ``scripts/build_cameo_verbs.py``) holds synonym blocks of
verbs, each verb with a default PLOVER category (or ``none``) and the block's phrase patterns: content
words that must stand before or after the verb ("impose * CURFEW" -> COERCE). A match is evidence
for the event classifier, never the decision: CAMEO's patterns were written for wire news of the
1990s and over-fire on sport, business and disasters, which the classifier learns to discount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from ..tuning import weights
from .plover import DATA

#: Parts of speech that can carry a CAMEO verb (the dictionary lists nominal forms too).
CARRIERS = {"VERB", "NOUN", "AUX"}


@dataclass(frozen=True)
class Hit:
    """One CAMEO verb in a sentence: the token, the PLOVER category, and how specific the match is
    (0 for the verb's default code, else the number of pattern words matched)."""

    token: Token
    category: str
    words: int


@dataclass(frozen=True)
class _Pattern:
    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    category: str


@cache
def _index() -> dict[str, list[tuple[str, tuple[_Pattern, ...], dict[str, tuple[int, ...]]]]]:
    """First word of a verb -> [(default category, patterns, patterns by first word)]; multi-word
    verbs keep their words."""
    raw = json.loads((DATA / "cameo_verbs.json").read_text(encoding="utf-8"))
    synonyms = {k: frozenset(v) for k, v in raw["synonyms"].items()}

    def words(seq: list[str]) -> tuple[frozenset[str], ...]:
        # Multi-word entries ("police officer") are looked for by their first word.
        return tuple(frozenset(o.split()[0] for o in synonyms.get(w, {w})) for w in seq if w)

    out: dict[str, list[tuple[str, tuple[_Pattern, ...], dict[str, tuple[int, ...]]]]] = {}
    for block in raw["blocks"]:
        patterns = tuple(_Pattern(words(b), words(a), c) for b, a, c in block["patterns"])
        keyed = _keyed(patterns)
        for verb, default in block["verbs"].items():
            out.setdefault(verb, []).append((default, patterns, keyed))
    return out


def _window(words: list[tuple[str, str]], lo: int, hi: int) -> frozenset[str]:
    return frozenset(w for pair in words[max(lo, 0) : hi] for w in pair)


def _keyed(patterns: tuple[_Pattern, ...]) -> dict[str, tuple[int, ...]]:
    """Word -> the patterns (by position, longest first) one of whose first words it is: a pattern
    can match only where a word of its first group stands near the verb, so only those are tried."""
    order = sorted(range(len(patterns)), key=lambda k: -(len(patterns[k].before) + len(patterns[k].after)))
    keyed: dict[str, list[int]] = {}
    for k in order:
        p = patterns[k]
        first = p.before[0] if p.before else p.after[0] if p.after else frozenset()
        for word in first:
            keyed.setdefault(word, []).append(k)
    return {w: tuple(ks) for w, ks in keyed.items()}


def _best(
    i: int, words: list[tuple[str, str]], default: str, patterns: tuple[_Pattern, ...],
    keyed: dict[str, tuple[int, ...]],
) -> tuple[str, int]:
    """The category of the longest pattern whose words all stand near the verb at ``i`` (the first
    listed among equally long ones)."""
    w = weights("events")  # how many tokens before and after the verb a pattern's words may stand
    before = _window(words, i - w.cameo_before, i)
    after = _window(words, i + 1, i + 1 + w.cameo_after)
    tried = sorted({k for w in before | after for k in keyed.get(w, ())},
                   key=lambda k: (-(len(patterns[k].before) + len(patterns[k].after)), k))
    for k in tried:
        p = patterns[k]
        if all(not o.isdisjoint(before) for o in p.before) and all(not o.isdisjoint(after) for o in p.after):
            return p.category, len(p.before) + len(p.after)
    return default, 0


def hits(sentence: Span) -> list[Hit]:
    """Every CAMEO verb in ``sentence`` with its most specific matching pattern's category."""
    index = _index()
    tokens = list(sentence)
    words = [(t.lower_, t.lemma_.lower()) for t in tokens]
    out: list[Hit] = []
    for i, token in enumerate(tokens):
        lemma = words[i][1]
        entries = index.get(lemma)
        if entries is None or token.pos_ not in CARRIERS:
            continue
        nxt = words[i + 1][1] if i + 1 < len(words) else ""
        phrasal = index.get(f"{lemma} {nxt}") if nxt else None
        for default, patterns, keyed in phrasal or entries:
            category, size = _best(i, words, default, patterns, keyed)
            out.append(Hit(token, category, size))
    return out
