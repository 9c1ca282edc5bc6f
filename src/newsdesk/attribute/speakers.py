"""The source of an attribution as the text words it, linked to an actor only where the text does.

The words follow docs/annotation/attribution.md: the noun phrase with its determiner, titles and
pre-modifiers, and the post-modifiers that say who it is ("a spokesman *for the fire service*",
"sources *close to the talks*"), without appositions or relative clauses; where a description and
a name stand in apposition the name is the source. A named phrase links to the actor the reading
stage found there (:class:`.resolve.ActorIndex`); a pronoun to the nearest fitting actor named
before it, in its paragraph first; an unnamed source ("a senior US official", "witnesses") keeps
its words as the speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..model import ActorRef
from .actor_index import ActorIndex
from .cues import cues

#: Dependents that are not part of the source's words (a participle of saying is the cue: "a statement
#: saying").
DROPPED = {"appos", "relcl", "punct", "advcl", "parataxis", "dep"}
#: Quantifiers that stand for the people they count ("many believe", "some say").
QUANTIFIERS = {"many", "some", "most", "others", "several", "few", "all", "both"}
#: Words that never speak (an expletive or relative subject).
NOT_SPEAKERS = {"there", "that", "this", "which", "who", "what", "you", "one", "i", "we", "me", "us"}


@dataclass(frozen=True)
class Speaker:
    """Who an attribution is given to: an actor reference or the source's own words, and the words."""

    ref: ActorRef
    start: int
    end: int
    name: str | None = None


def phrase(head: Token) -> list[Token]:
    """The source's words around ``head`` (the subject or object naming it)."""
    name = _apposed_name(head)
    if name is not None:
        head = name
    keep = [head]
    for child in head.children:
        if child.dep_ in DROPPED or (child.dep_ == "acl" and child.tag_ == "VBG"):
            continue
        if child.dep_ in {"cc", "conj"} and child.i > head.i:
            keep.extend(child.subtree)
            continue
        keep.extend(t for t in child.subtree if not _in_dropped(t, head))
    tokens = sorted(set(keep), key=lambda t: t.i)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    # A phrase is contiguous: cut at the first gap (a dropped apposition inside it).
    run = [tokens[0]] if tokens else []
    for t in tokens[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run or [head]


def _in_dropped(token: Token, head: Token) -> bool:
    while token.head != token and token != head:
        if token.dep_ in {"appos", "relcl"}:
            return True
        token = token.head
    return False


def _apposed_name(head: Token) -> Token | None:
    """A name in apposition to a description ("one activist, Nur Khan Liton,", "one of the leaders of
    the coup, Guy Philippe,"), or None."""
    if head.ent_type_ == "PERSON":
        return None  # a name already ("Sergei Lavrov, the foreign minister,")
    # An organisation's name keeps an apposed organisation ("Human Rights Watch, the New York group");
    # a title read as part of a name gives way to the person ("the Danish Minister of Foreign Affairs,
    # Per Stig Møller,").
    kinds = {"PERSON"} if head.pos_ == "PROPN" else {"PERSON", "ORG", ""}
    names = [
        t
        for t in head.subtree
        if t.dep_ == "appos" and t.pos_ == "PROPN" and t.ent_type_ in kinds
        and not any(a.dep_ == "relcl" for a in t.ancestors if a.i > head.i or a == head)
    ]
    return names[-1] if names else None


def speaker(
    head: Token, index: ActorIndex, *, paragraph_start: int = 0, before: int | None = None
) -> Speaker | None:
    """The speaker named by ``head`` (a subject, an agent, the object of "according to").

    ``before``: a pronoun stands for an actor named before this offset (a quote's start, so that
    "he" after a quotation is not a name inside it)."""
    lower = head.lower_
    # "one of the leaders", "many (of whom)", "some", "others": a source as worded.
    described = (lower == "one" and any(c.dep_ == "prep" for c in head.children)) or lower in QUANTIFIERS
    if (lower in NOT_SPEAKERS and not described) or not (head.is_alpha or head.pos_ in {"PROPN", "NOUN"}):
        return None
    c = cues()
    if head.pos_ == "PRON" or lower in c.male | c.female | c.group_pronouns:
        # With no antecedent the pronoun is still the source as worded (its actor unknown).
        return Speaker(pronoun(head, index, paragraph_start, before), head.idx, head.idx + len(head.text))
    if head.pos_ not in {"NOUN", "PROPN"} and not head.ent_type_ and not described:
        return None
    words = phrase(head)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = head.doc[words[0].i : words[-1].i + 1].text  # Doc.text would rebuild the whole page
    name_head = _apposed_name(head) or head
    resolved = index.resolve(name_head, speaker=True)
    ref: ActorRef = None
    if resolved is not None and index.named(resolved.ref):
        ref = resolved.ref
    elif resolved is not None and name_head.pos_ == "PROPN":
        ref = resolved.ref
    return Speaker(ref if ref is not None else text, start, end)


def pronoun(token: Token, index: ActorIndex, paragraph_start: int = 0, before: int | None = None) -> ActorRef:
    """What a pronoun source stands for: the nearest fitting actor before it, in its paragraph when
    one is there, else before the paragraph."""
    c = cues()
    lower = token.lower_
    if lower in c.male | c.female:
        types = {"PERSON"}
    elif lower in {"it", "its"}:
        types = {"ORG", "GPE", "NORP"}
    else:
        types = {"PERSON", "ORG", "GPE", "NORP", "GROUP"}
    pos = token.idx if before is None else min(before, token.idx)
    found = index.before(pos, types, paragraph_start) or index.before(pos, types)
    return found.ref if found is not None else None
