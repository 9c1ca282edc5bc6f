"""Find PLOVER trigger words in a parsed sentence with the lexicon in ``data/plover/triggers.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from ..tuning import weights
from .plover import DATA

#: Verbs that, with a "that" clause, report an opinion rather than an act.
OPINION_VERBS = {"agree", "accept", "recognize", "recognise", "acknowledge", "concede", "admit"}
#: Entity labels whose words are names, never triggers.
NAME_ENTS = {"ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC", "PERSON"}


@dataclass(frozen=True)
class Trigger:
    token: Token
    category: str
    pattern: tuple[str, ...]
    mode: str | None


@cache
def lexicon() -> dict[str, list[tuple[str, tuple[str, ...], str | None]]]:
    """First lemma -> [(category, full pattern, mode)]."""
    out: dict[str, list[tuple[str, tuple[str, ...], str | None]]] = {}
    for line in (DATA / "triggers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        category, pattern = parts[0].strip(), tuple(parts[1].lower().split())
        mode = parts[2].strip() if len(parts) > 2 and parts[2].strip() else None
        out.setdefault(pattern[0], []).append((category, pattern, mode))
    return out


def _keys(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def find(sentence: Span) -> list[Trigger]:
    """Every lexicon match in ``sentence``; a longer pattern beats a shorter one on the same word, and
    a word inside a multi-word match ("air *strike*") triggers nothing else."""
    lex = lexicon()
    tokens = list(sentence)
    found: list[Trigger] = []
    covered: dict[int, str] = {}
    for i, token in enumerate(tokens):
        keys = [key for key in _keys(token) if key in lex]  # most words are in no pattern
        if not keys or token.is_punct or token.is_space or _in_name(token) or _opinion(token):
            continue
        modifier = _modifier(token)
        best: dict[str, tuple[Trigger, list[int]]] = {}
        for key in keys:
            for category, pattern, mode in lex.get(key, ()):
                used = _follows(tokens, i, pattern[1:]) if len(pattern) > 1 else []
                if used is None or (modifier and not used):
                    continue
                current = best.get(category)
                if current is None or len(pattern) > len(current[0].pattern):
                    best[category] = (Trigger(token, category, pattern, mode), used)
        if best:
            longest = max(len(t.pattern) for t, _ in best.values())
            for trigger, used in best.values():
                if len(trigger.pattern) == longest:
                    found.append(trigger)
                    covered.update({j: trigger.category for j in used})
    return [t for t in found if covered.get(t.token.i - sentence.start, t.category) == t.category]


def _in_name(token: Token) -> bool:
    """Part of a name ("Wildrose *Alliance* Party"), not an action."""
    return token.ent_type_ in NAME_ENTS or (token.pos_ == "PROPN" and bool(token.ent_type_))


def _modifier(token: Token) -> bool:
    """A noun modifying another ("*press* conference") triggers only as the start of a longer
    pattern ("*air* strike")."""
    return token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}


def _opinion(token: Token) -> bool:
    """ "Diplomats *agree that* ..." states an opinion, not an agreement between actors."""
    # Present tense only: "officials *agreed that* their countries should cooperate" is an agreement.
    return (
        token.lemma_.lower() in OPINION_VERBS
        and token.tag_ in {"VBP", "VBZ"}
        and any(c.dep_ == "ccomp" and any(m.dep_ == "mark" for m in c.children) for c in token.children)
    )


def _follows(tokens: list[Token], i: int, rest: tuple[str, ...]) -> list[int] | None:
    """Positions of the pattern's later words after ``tokens[i]``, or None when they do not follow."""
    pos, used = i, []
    gap = weights("events").trigger_gap  # tokens that may separate the words of a pattern
    for word in rest:
        for j in range(pos + 1, min(len(tokens), pos + 2 + gap)):
            if word in _keys(tokens[j]):
                pos = j
                used.append(j)
                break
        else:
            return None
    return used
