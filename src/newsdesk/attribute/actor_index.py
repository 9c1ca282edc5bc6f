"""Which actor a phrase stands for: entity mentions, titles, pronouns and nominal groups.

Speakers, sources and targets are resolved here and nowhere else, so that when the reading stage
improves (better entities, roles, coreference), quotes, events and relations improve together.
When ``doc.entities`` is empty (reading stage absent) spaCy's named entities stand in, referenced by
name, which the document contract allows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Document
from .cues import cues

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
GROUP_TYPES = {"ORG", "GPE", "NORP"}
QUANTITY_NOUNS = {
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    "million",
    "millions",
    "score",
    "scores",
    "group",
    "number",
    "crowd",
    "band",
    "handful",
    "team",
}
#: Named-entity labels that never stand for an actor ("on Tuesday", "two weeks").
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}


@dataclass(frozen=True)
class IndexedMention:
    start: int
    end: int
    ref: str
    type: str


@dataclass(frozen=True)
class Resolved:
    """An actor reference and the stretch of text that named it in this sentence."""

    ref: str | list[str]
    start: int
    end: int


class ActorIndex:
    """The actor mentions of one document, sorted by offset, with the lookups attribution needs."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        mentions: list[IndexedMention] = []
        for entity in doc.entities:
            for m in [*entity.mentions, *entity.described]:
                mentions.append(IndexedMention(m.start, m.end, entity.id, entity.type.upper()))
        if not mentions and "spacy" in doc.analysis:
            mentions = _from_spacy(doc.analysis["spacy"])
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self.types = {m.ref: m.type for m in self.mentions}

    def named(self, ref: str | list[str] | None) -> bool:
        """True when ``ref`` is (or contains) an actor read as an entity, not a bare phrase."""
        refs = ref if isinstance(ref, list) else [ref]
        return any(r in self.types for r in refs if r)

    def overlapping(self, start: int, end: int) -> list[IndexedMention]:
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[:hi] if m.end > start]

    def before(self, pos: int, types: set[str], floor: int = 0) -> IndexedMention | None:
        """The nearest mention of one of ``types`` ending at or before ``pos`` (and after ``floor``)."""
        hi = bisect.bisect_left(self._starts, pos)
        for m in reversed(self.mentions[:hi]):
            if m.end <= pos and m.type in types:
                return m if m.start >= floor else None
        return None

    def by_name(self, word: str, pos: int) -> str | None:
        """A person named earlier whose name ends with ``word`` ("Reed" after "Tom Reed") when the
        reading stage left this short mention untagged."""
        for m in reversed([m for m in self.mentions if m.end <= pos and m.type == "PERSON"]):
            entity = self.doc.entity(m.ref)
            names = [entity.name, *entity.aliases] if entity else [m.ref]
            if any(n.split()[-1] == word for n in names if n):
                return m.ref
        return None

    def by_title(self, title: str, pos: int) -> str | None:
        """The person holding ``title`` ("the vice president") most recently named before ``pos``.

        Read roles decide when the reading stage found them; otherwise a person named right after the
        title ("Vice President Ayad Allawi") holds it."""
        title = title.lower()
        holders = {
            e.id
            for e in self.doc.entities
            if any(r.title and (title in r.title.lower() or r.title.lower() in title) for r in e.roles)
        }
        body = self.doc.body
        for m in reversed([m for m in self.mentions if m.end <= pos and m.type == "PERSON"]):
            if m.ref in holders or title.split()[-1] in body[max(0, m.start - 60) : m.start].lower():
                return m.ref
        return None

    def resolve(self, head: Token, *, pronoun_floor: int = 0, speaker: bool = False) -> Resolved | None:
        """The actor a subject or object token stands for, with the span that names it.

        ``speaker``: a person noun heading named modifiers ("German officials", "Merkel's spokesperson")
        is that group of people, not the country or person named inside it; "I", "you" are no speaker."""
        c = cues()
        lower = head.lower_
        if speaker and (
            lower in c.first_person | {"you", "your", "that", "this", "which", "who"} or not head.is_alpha
        ):
            return None
        if head.lemma_.lower() in QUANTITY_NOUNS:
            # "Thousands of protesters", "a group of gunmen": the people counted are the actor.
            counted = [
                g
                for p in head.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children
                if g.dep_ == "pobj"
            ]
            if counted:
                head = counted[0]
        if head.ent_type_ in NOT_ACTORS or head.dep_ in {"npadvmod", "tmod"}:
            return None
        if head.pos_ == "PRON" or lower in c.male | c.female | c.group_pronouns:
            types = {"PERSON"} if lower in c.male | c.female else GROUP_TYPES | {"PERSON"}
            if lower in {"it", "its"}:
                types = GROUP_TYPES
            found = self.before(head.idx, types, pronoun_floor)
            if found is None:
                return None
            return Resolved(found.ref, head.idx, head.idx + len(head.text))
        phrase = _phrase(head)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        members = [head, *[t for t in head.conjuncts if t.i > head.i]]
        refs: list[str] = []
        for member in members:
            sub = _phrase(member)
            own = self.overlapping(member.idx, member.idx + len(member.text))
            if speaker and not own and member.pos_ == "NOUN":
                continue
            # An unnamed group stands for a phrase only as its head ("the *protesters*"), never
            # from inside it ("the *party's* leader Mahmoud Abbas" is Abbas).
            hits = own or [
                m for m in self.overlapping(sub[0].idx, sub[-1].idx + len(sub[-1].text)) if m.type != "GROUP"
            ]
            # The head named ("Iraqi Vice President Ayad Allawi"): that actor. A common noun heading
            # named complements ("representatives of X and Y", "forces in Guinea"): those actors.
            for m in sorted(hits, key=lambda m: m.start)[:1] if own else sorted(hits, key=lambda m: m.start):
                if m.ref not in refs:
                    refs.append(m.ref)
        if refs:
            return Resolved(refs[0] if len(refs) == 1 else refs, start, end)
        for appos in (c for c in head.children if c.dep_ == "appos"):
            hits = self.overlapping(appos.idx, appos.idx + len(appos.text))
            if hits:
                return Resolved(hits[0].ref, start, appos.idx + len(appos.text))
        if head.pos_ == "PROPN" and (named := self.by_name(head.text, start)):
            return Resolved(named, head.idx, head.idx + len(head.text))
        text = self.doc.body[start:end]
        title = _title_in(text.lower())
        if title and head.lower_ not in title.split():
            title = None  # "official protest" is no official
        if title and (person := self.by_title(title, start)):
            return Resolved(person, start, end)
        if head.pos_ in {"NOUN", "PROPN"} and (
            head.lemma_.lower() in c.political_actors | c.unnamed_sources | c.group_nouns
            or (speaker and head.lemma_.lower() in c.speaker_nouns)
            or title
            or head.pos_ == "PROPN"
        ):
            return Resolved(_trim(text), start, end)
        return None


def _phrase(token: Token) -> list[Token]:
    """The noun phrase of ``token``: its left modifiers and "of/in/from" complements, never a
    relative clause, apposition or a coordinated second phrase."""
    keep = [token]
    for child in token.children:
        if (
            child.i < token.i
            and child.dep_ not in {"punct", "cc", "case"}
            or (child.i > token.i and child.dep_ == "prep" and child.lower_ in {"of", "in", "from"})
        ):
            keep.extend(child.subtree)
        elif child.i > token.i and child.dep_ in {"compound", "flat", "nummod", "case"}:
            keep.extend(child.subtree)
    return sorted(set(keep), key=lambda t: t.i)


def _title_in(text: str) -> str | None:
    words = text.split()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            candidate = " ".join(words[i : i + n])
            if candidate in cues().titles:
                return candidate
    return None


def _trim(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an", "this", "that", "these", "those"}:
        words = words[1:]
    return " ".join(words) or text


def _from_spacy(parsed) -> list[IndexedMention]:
    """Named entities as stand-in actors; a later short name joins an earlier full one ("Allawi")."""
    out: list[IndexedMention] = []
    full: dict[str, str] = {}
    for ent in parsed.ents:
        if ent.label_ not in ACTOR_TYPES:
            continue
        text = ent.text.removeprefix("the ").removeprefix("The ")
        ref = text
        if ent.label_ == "PERSON":
            last = text.split()[-1]
            ref = full.get(last, text)
            full.setdefault(last, ref)
        out.append(IndexedMention(ent.start_char, ent.end_char, ref, ent.label_))
    return out


def sentence_of(parsed, pos: int) -> SpacySpan | None:
    token = next((t for t in parsed if t.idx <= pos < t.idx + len(t.text) + 1), None)
    return token.sent if token is not None else None
