"""The ``roles`` stage: titles people hold, and of whom.

Three readings, all on the spaCy parse the nlp stage left: a title before the name
("Iraqi Vice President Ayad Allawi", "al-Qaeda leader Ayman al-Zawahiri"); a title in
apposition or as predicate ("the reclusive leader of the Islamic State, Abu Bakr al-Baghdadi";
"X, Iraq's vice president"); and coordination with "respectively" ("A and B, the leaders of
X and Y, respectively"). Once a person's title is known, a bare "the vice president" later
on is a mention of that person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..model import Document, Entity, Role, Span
from ..stages import Stage
from ..tuning import weights
from .nlp import parsed_text
from .titles import title_at, titles


def _token_owner(doc: Document, sp: SpacyDoc) -> dict[int, Entity]:
    """Token index -> the entity one of whose mentions (or words describing something else, as
    "*Iraq's* vice president" does) covers it."""
    owner: dict[int, Entity] = {}
    for entity in doc.entities:
        for m in [*entity.mentions, *entity.described]:
            span = sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    owner.setdefault(t.i, entity)
    return owner


def _singular(words: list[str]) -> list[str]:
    last = words[-1].lower()
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return [*words[:-1], last]


def _title_ending_at(sp: SpacyDoc, end: int) -> tuple[str, int] | None:
    """The longest title whose last token is ``end - 1``: (title, first token index)."""
    # Only the window a title can span, so a call costs the same anywhere in a long document.
    longest = weights("roles").max_title_words
    first = max(0, end - longest)
    words = [t.text for t in sp[first:end]]
    for length in range(longest, 0, -1):
        start = end - length
        if start < 0:
            continue
        candidate = _singular(words[start - first:])
        found = title_at(candidate, 0)
        if found and found[1] == length:
            return found[0], start
    return None


def _of_entity(title_token: Token, owner: dict[int, Entity], skip: Entity) -> Entity | None:
    """Whose title it is: "of X", "X's title", an adjective or compound naming X."""
    for child in title_token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "at"}:
            for obj in child.subtree:
                if obj.i in owner and owner[obj.i] is not skip and owner[obj.i].type != "PERSON":
                    return owner[obj.i]
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            for sub in child.subtree:
                if sub.i in owner and owner[sub.i] is not skip and owner[sub.i].type != "PERSON":
                    return owner[sub.i]
    return None


def _add(entity: Entity, title: str, of: Entity | None, sp: SpacyDoc, first: int, last: int) -> None:
    start, end = sp[first].idx, sp[last].idx + len(sp[last])
    ref = of.id if of else None
    if not any(r.title == title and r.of == ref for r in entity.roles):
        entity.roles.append(Role(title=title, of=ref, start=start, end=end))


def _prefix_titles(entity: Entity, sp: SpacyDoc, owner: dict[int, Entity]) -> None:
    """ "Iraqi Vice President Ayad Allawi", "Iraq's vice president Ayad Allawi", "IS leader X"."""
    for m in entity.mentions:
        span = sp.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        found = _title_ending_at(sp, span.start)
        if not found:
            continue
        title, first = found
        of = None
        before = first - 1
        if before >= 0 and sp[before].text in {"'s", "\u2019s"}:
            before -= 1
        if before >= 0 and before in owner and owner[before] is not entity and owner[before].type != "PERSON":
            of = owner[before]
        else:
            of = _of_entity(sp[span.start - 1], owner, entity) or _of_after(span.end, sp, owner, entity)
        _add(entity, title, of, sp, first, span.start - 1)


def _of_after(i: int, sp: SpacyDoc, owner: dict[int, Entity], skip: Entity) -> Entity | None:
    """ "Prime Minister Theresa May of Britain": the holder named right after the name."""
    if i < len(sp) and sp[i].lower_ == "of":
        j = i + 1 + (i + 1 < len(sp) and sp[i + 1].lower_ == "the")
        if j < len(sp) and j in owner and owner[j] is not skip and owner[j].type != "PERSON":
            return owner[j]
    return None


def _title_head(token: Token) -> tuple[str, int, int] | None:
    """The title a noun heads, with its compounds ("vice president"): (title, first, last)."""
    first = min([c.i for c in token.lefts if c.dep_ in {"compound", "amod"} and c.is_lower] + [token.i])
    for start in range(first, token.i + 1):
        words = _singular([t.text for t in token.doc[start:token.i + 1]])
        found = title_at(words, 0)
        if found and found[1] == len(words):
            return found[0], start, token.i
    return None


def _appositive_titles(entity: Entity, sp: SpacyDoc, owner: dict[int, Entity]) -> None:
    """Titles linked to a name by apposition or a copula."""
    for m in list(entity.mentions):
        span = sp.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
            # "the leader of Boko Haram, Ibrahim Bakura": the parser hangs the name on "Haram".
            head = root.head
            while (not _title_head(head) and head.dep_ == "pobj" and head.head.dep_ == "prep"
                   and head.head.head is not head):
                head = head.head.head
                nouns.append(head)
        if span.start >= 2 and sp[span.start - 1].text == ",":
            # "the President of Brazil, Lula da Silva": adjacency when the parse missed the apposition.
            before = sp[span.start - 2]
            while (not _title_head(before) and before.dep_ == "pobj" and before.head.dep_ == "prep"
                   and before.head.head is not before):
                before = before.head.head
            nouns.append(before)
        if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ == "be":
            nouns += [c for c in root.head.children if c.dep_ == "attr"]
        for noun in nouns:
            if noun.i in owner and owner[noun.i] is entity:
                continue
            found = _title_head(noun)
            if found:
                title, first, last = found
                _add(entity, title, _of_entity(noun, owner, entity), sp, first, last)
                _title_mention(entity, sp, owner, first, last)


def _title_mention(entity: Entity, sp: SpacyDoc, owner: dict[int, Entity], first: int, last: int) -> None:
    """The title beside the name ("Ayad Allawi, *the vice president*,") is a mention of the person:
    the guideline's apposition is two mentions of one actor."""
    if any(i in owner for i in range(first, last + 1)):
        return
    while first > 0 and sp[first - 1].dep_ in {"compound", "amod"} and sp[first - 1].head.i == last \
            and (first - 1) not in owner and sp[first - 1].is_alpha:
        first -= 1  # "the *Prime* Minister"
    start, end = sp[first].idx, sp[last].idx + len(sp[last])
    if not any(m.start == start and m.end == end for m in entity.mentions):
        # The span's own text is ``sp.text[start:end]``; ``sp.text`` would rebuild the whole document.
        entity.mentions.append(Span(start, end, sp[first:last + 1].text))
        entity.mentions.sort(key=lambda m: m.start)
    for i in range(first, last + 1):
        owner[i] = entity


def _respectively(doc: Document, sp: SpacyDoc, owner: dict[int, Entity]) -> None:
    """ "A and B, ... the leaders of X and Y, respectively": A leads X, B leads Y."""
    if "respectively" not in parsed_text(doc).lower():
        return
    for sent in sp.sents:
        resp = [t for t in sent if t.lower_ == "respectively"]
        if not resp:
            continue
        cue = resp[0]
        for t in sent:
            if t.i >= cue.i or t.tag_ not in {"NNS", "NNPS"}:
                continue
            found = _title_head(t)
            if not found or not any(c.lower_ == "of" for c in t.children):
                continue
            holders: list[Entity] = []
            for i in range(t.i + 1, cue.i):
                e = owner.get(i)
                if e is not None and e.type != "PERSON" and e not in holders:
                    holders.append(e)
            people: list[Entity] = []
            for i in range(sent.start, found[1]):
                e = owner.get(i)
                if e is not None and e.type == "PERSON" and e not in people:
                    people.append(e)
            if len(holders) >= 2 and len(people) >= len(holders):
                for person, holder in zip(people[-len(holders):], holders, strict=True):
                    _add(person, found[0], holder, sp, found[1], found[2])


def _title_mentions(doc: Document) -> None:
    """ "the vice president" later on is the one person known to hold that title."""
    holders: dict[str, list[Entity]] = {}
    for e in doc.entities:
        if e.type == "PERSON":
            for r in e.roles:
                holders.setdefault(r.title, []).append(e)
    body = doc.body
    for title, people in holders.items():
        if len(people) != 1 or len(title) < 4:
            continue
        person = people[0]
        first = min(m.start for m in person.mentions)
        taken = [(m.start, m.end) for e in doc.entities for m in e.mentions]
        for found in re.finditer(rf"\b[Tt]he (?i:{re.escape(title)})\b(?!\s+(?:of\b|[A-Z]))", body):
            start, end = found.start(), found.end()
            if start > first and not any(a < end and start < b for a, b in taken):
                person.mentions.append(Span(start, end, body[start:end]))
        person.mentions.sort(key=lambda m: m.start)


def read_roles(doc: Document) -> None:
    sp = doc.analysis.get("spacy")
    if sp is None or not titles():
        return
    owner = _token_owner(doc, sp)
    for entity in doc.entities:
        if entity.type == "PERSON":
            _prefix_titles(entity, sp, owner)
            _appositive_titles(entity, sp, owner)
    _respectively(doc, sp, owner)
    _title_mentions(doc)


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        read_roles(doc)


STAGE = Stage(name="roles", phase="read", run=run, order=30, requires=("actors",))
