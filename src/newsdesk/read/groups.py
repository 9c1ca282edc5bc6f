"""The ``groups`` stage: unnamed people and groups ("protesters", "three journalists", "the
couple") as actors of their own article.

A noun phrase headed by a noun of ``data/actors/group_nouns.txt`` that no name and no generic agent
of a known country (:mod:`.agents`) already covers is a mention of the actor
``group:<document>:<noun>`` (type ``GROUP``): the protesters of one story are not those of another,
so the id never leaves its article, and its phrases in one article are one actor. An event can
then name them as its side by id, with a link that leads to the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from ..model import Document, Entity, Span
from ..stages import Stage
from .gazetteer import slug

#: Dependents kept at the front of a group's phrase ("three *British* soldiers").
MODIFIERS = {"amod", "nummod", "compound", "quantmod", "nmod", "poss"}


@cache
def nouns() -> frozenset[str]:
    """The newsdesk list (``group_nouns.txt``) and WordNet's people and social groups
    (``wordnet_people.txt``, built by ``scripts/build_person_nouns.py``)."""
    data = files("newsdesk.data.actors")
    text = data.joinpath("group_nouns.txt").read_text(encoding="utf-8")
    listed = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    wordnet = data.joinpath("wordnet_people.txt").read_text(encoding="utf-8")
    listed |= {line.split("\t")[1] for line in wordnet.splitlines() if line and not line.startswith("#")}
    return frozenset(listed)


def read_groups(doc: Document) -> list[Entity]:
    parsed = doc.analysis.get("spacy")
    if parsed is None:
        return []
    taken = sorted((m.start, m.end) for e in doc.entities for m in e.mentions)
    organised = [(m.start, m.end) for e in doc.entities if e.type in {"ORG", "PERSON"} for m in e.mentions]
    # A title some person of the article holds ("the president" beside "President Bush") is left
    # to the quote and event resolvers, which find its holder; only a holderless one is a group.
    held = {r.title.lower().split()[-1]
            for e in doc.entities if e.type == "PERSON" for r in e.roles if r.title}
    found: dict[str, Entity] = {}
    for token in parsed:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in nouns() or token.dep_ == "compound" or lemma in held:
            continue
        start, end = token.idx, token.idx + len(token.text)
        if any(s < end and start < e for s, e in taken):
            continue  # a name's or an agent's words
        modifiers = [(c.idx, c.idx + len(c.text)) for c in token.lefts if c.dep_ in MODIFIERS]
        if any(s < b and a < e for a, b in modifiers for s, e in organised):
            continue  # "Hamas fighters", "Fatah supporters": the organisation named is the actor
        left = token
        for child in token.lefts:
            if child.dep_ in MODIFIERS and child.i < left.i and child.ent_type_ not in {"ORG", "PERSON"}:
                left = child
        start = left.idx
        gid = f"group:{slug(doc.article.id)}:{lemma}"
        entity = found.get(gid)
        if entity is None:
            entity = found[gid] = Entity(id=gid, name=doc.body[start:end], type="GROUP", resolution=None)
        entity.mentions.append(Span(start, end, doc.body[start:end]))
    # A country word inside a group's phrase ("*Iraqi* civilians") describes the group.
    spans = [(m.start, m.end) for e in found.values() for m in e.mentions]
    for e in doc.entities:
        if e.id.startswith("country:"):
            inside = [m for m in e.mentions if any(s <= m.start and m.end <= t for s, t in spans)]
            e.mentions = [m for m in e.mentions if m not in inside]
            e.described = sorted(e.described + inside, key=lambda m: m.start)
    doc.entities = [e for e in doc.entities if e.mentions or e.described or not e.id.startswith("country:")]
    return list(found.values())


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        if "spacy" in doc.analysis:
            found = read_groups(doc)  # drops the country words groups take over, then adds groups
            doc.entities = doc.entities + found


STAGE = Stage(name="groups", phase="read", run=run, order=35, requires=("agents", "roles"))
