"""Standing relations between organisations: membership, branch, split, alliance, rivalry, leadership.

A cue word from ``data/plover/relations.tsv`` ("branch", "splinter", "coalition ... includes",
"rival", "leader") links the actor it is said of (the noun it stands in apposition to, the subject
of its clause, or its possessor's counterpart) with the actor on its other side (its possessor, its
"of/from/with" object, the object of "includes"). Both must be actors read in the document. The
modality and the reporting source come from :mod:`..attribute.modality`, as for events; the leader
roles the reading stage found ("the leader of IS") also become leadership relations.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Span, Token

from ..attribute.actor_index import ActorIndex
from ..attribute.modality import assess
from ..model import ActorRef, Document, Relation
from ..stages import Stage
from .plover import DATA

MAX_SENTENCES = 400
LEADER_TITLES = {"leader", "head", "chief", "founder", "commander", "emir", "chairman", "chairwoman"}
OTHER_PREPS = {"of", "from", "with", "to", "between", "against", "by"}


@cache
def cues() -> dict[str, tuple[str, str]]:
    """Cue lemma -> (relation type, the side the cue describes)."""
    out: dict[str, tuple[str, str]] = {}
    for line in (DATA / "relations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, lemma, side = line.split("\t")[:3]
            out[lemma.strip()] = (kind.strip(), side.strip())
    return out


def _described(cue: Token) -> Token | None:
    """The actor a cue word is said of: "X, a *branch* of Y", "X is a *rival* of Y", "X *split* from Y"."""
    if cue.dep_ == "appos":
        return cue.head
    if cue.dep_ in {"attr", "acomp", "oprd"}:
        return next((c for c in cue.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if cue.pos_ == "VERB" or cue.dep_ == "ROOT":
        subj = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None and cue.dep_ == "relcl":
            return cue.head
        return subj
    if cue.dep_ == "amod":
        return cue.head
    for child in cue.children:
        if child.dep_ == "appos":
            return child
    return None


def _other(cue: Token) -> list[Token]:
    """Candidates for the cue's other side, nearest construction first."""
    out: list[Token] = []
    for child in cue.children:
        if child.dep_ == "poss":
            out.append(child)
        elif child.dep_ in {"compound", "nmod"} and child.pos_ == "PROPN":
            out.append(child)
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in OTHER_PREPS:
            out.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in {"dobj", "attr"}:
            out.append(child)
        elif child.dep_ in {"relcl", "acl", "prt"}:
            out.extend(_other(child))
    if cue.dep_ == "amod":  # "rival *groups*" seldom names the other side
        return out
    return out


def _pair(cue: Token, index: ActorIndex) -> tuple[str, str] | None:
    described = _described(cue)
    a = index.resolve(described) if described is not None else None
    if a is None or not index.named(a.ref):
        return None
    first = a.ref[0] if isinstance(a.ref, list) else a.ref
    if (
        isinstance(a.ref, list)
        and len(a.ref) > 1
        and cue.lemma_.lower() in {"ally", "allied", "alliance", "rival", "rivalry", "merge", "feud"}
    ):
        return first, a.ref[1]
    for token in _other(cue):
        b = index.resolve(token)
        if b is not None and index.named(b.ref):
            second = b.ref[0] if isinstance(b.ref, list) else b.ref
            if second != first:
                return first, second
    return None


def _sentence_relations(sentence: Span, index: ActorIndex, quotes: list) -> list[Relation]:
    table = cues()
    out: list[Relation] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma not in table or token.pos_ not in {"NOUN", "VERB", "ADJ", "PROPN"}:
            continue
        pair = _pair(token, index)
        if pair is None:
            continue
        kind, side = table[lemma]
        source, target = pair if side == "source" else (pair[1], pair[0])
        modality, reported_by = assess(token, index, quotes)
        out.append(
            Relation(kind, source, target, modality, sentence.start_char, sentence.end_char, reported_by)
        )
    return out


def _role_relations(doc: Document, index: ActorIndex) -> list[Relation]:
    parsed = doc.analysis["spacy"]
    out: list[Relation] = []
    for entity in doc.entities:
        for role in entity.roles:
            if (
                not role.of
                or role.start is None
                or not LEADER_TITLES & set((role.title or "").lower().split())
            ):
                continue
            if index.types.get(role.of) not in {"ORG", "NORP"}:
                continue
            span = parsed.char_span(role.start, role.start + 1, alignment_mode="expand")
            if span is None or not len(span):
                continue
            sent = span[0].sent
            out.append(Relation("leadership", entity.id, role.of, "asserted", sent.start_char, sent.end_char))
    return out


def _key(r: Relation) -> tuple:
    return r.type, str(r.source), str(r.target), r.start


def extract(docs: Sequence[Document]) -> None:
    """Fill ``doc.relations`` for a batch of parsed documents."""
    for doc in docs:
        parsed = doc.analysis.get("spacy")
        if parsed is None:
            continue
        index = ActorIndex(doc)
        quotes: list[tuple[int, int, ActorRef]] = [
            (q.start, q.end, q.speaker) for q in doc.quotes if q.direct
        ]
        found: list[Relation] = []
        for n, sentence in enumerate(parsed.sents):
            if n >= MAX_SENTENCES:
                break
            found.extend(_sentence_relations(sentence, index, quotes))
        found.extend(_role_relations(doc, index))
        first: dict[tuple, Relation] = {}
        for r in found:
            first.setdefault(_key(r), r)
        doc.relations = list(first.values())


STAGE = Stage(name="relations", phase="code", run=extract, order=20, requires=("nlp",))
