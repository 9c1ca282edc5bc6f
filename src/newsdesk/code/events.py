"""PLOVER event coding: one event per sentence that names a political action between actors.

For each sentence with a trigger word, :mod:`.classify` picks the category; the trigger of that
category nearest the root anchors the event; its subject is the source and its object (or the
other side of "between X and Y") the target, resolved to entity ids by :mod:`..attribute.actor_index`;
:mod:`..attribute.modality` says how sure the text is. A hedged nominal inside the sentence ("are
discussing a *possible alliance*") adds its own hypothetical event.

Actors: an entity id, or its words when no entity was read (the record allows names). A compound
actor ("Jordan and Britain") is a list of ids. When coordinated actors act together on nobody else
("X and Y are discussing ..."), the first is the source and the others the target, so the dyad is kept.
Reports of disasters, accidents and ordinary crime yield no event (cues in
``data/attribute/not_political.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.tokens import Span, Token

from ..attribute.actor_index import ActorIndex, Resolved
from ..attribute.cues import cues
from ..attribute.modality import assess
from ..model import ActorRef, Document, Event
from ..read import places, reporters
from ..stages import Stage
from . import cameo, classify, plover
from .cameo import Hit
from .triggers import Trigger, find

#: Bound on sentences coded per document (hostile input).
MAX_SENTENCES = 400
#: Nominal triggers that carry their own event when hedged ("a possible alliance").
HEDGE_MODIFIERS = {"possible", "potential", "proposed", "prospective", "planned", "likely", "eventual"}
INTENT_TO_COOPERATE = {"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
INTENT_TO_FIGHT = {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}
_NAMES = frozenset(plover.names())
#: Triggers whose coordinated subjects act on each other ("X and Y clashed").
MUTUAL = {"clash", "fight", "battle", "skirmish", "meet", "talk", "negotiate", "sign", "agree"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"with", "against", "to", "on", "at", "into", "toward", "towards", "from", "for", "upon", "in"}


def not_political(sentence: Span, index: ActorIndex) -> bool:
    """A disaster, accident, ordinary crime, sport or science report with no political or armed
    actor in it; a business report with no state, known political organisation, regulator or
    strike in it (companies are not political actors: a sponsor "pulling out" is no RETREAT)."""
    c = cues()
    lemmas: set[str] = set()
    for t in sentence:  # one pass: spaCy builds a token object at each step
        lemmas.add(t.lemma_.lower())
        lemmas.add(t.lower_)
    if lemmas & c.political_actors:
        return False
    here = index.overlapping(sentence.start_char, sentence.end_char)
    if lemmas & (c.disaster | c.accident | c.crime | c.science | c.sport):
        return not any(index.types.get(m.ref) in {"ORG", "NORP"} for m in here)
    if lemmas & c.business and not lemmas & c.business_exceptions:
        return not any(_political_organisation(index, m.ref) for m in here)
    return False


def _political_organisation(index: ActorIndex, ref: str) -> bool:
    """A state, an agent of one, an organisation the gazetteer knows (IGO, NGO, armed group,
    party) or a person of the political knowledge base; a company the NER found has neither a
    code nor a sector, and a news organisation only reports."""
    entity = index.doc.entity(ref)
    if entity is None or entity.type == "GROUP":
        return False
    if entity.type == "PERSON":
        return entity.resolution in {"knowledge base", "dated role"} or entity.sector is not None
    return entity.code is not None or (entity.sector is not None and entity.sector != "media")


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of ``token``'s clause, climbing xcomp/conj/aux chains; (token, is_passive)."""
    node, hops = token, 0
    while hops < 6:
        for child in node.children:
            if child.dep_ in SUBJECTS:
                return child, child.dep_ == "nsubjpass"
        if (
            node.dep_
            in {
                "xcomp",
                "conj",
                "acomp",
                "advcl",
                "pcomp",
                "dobj",
                "pobj",
                "prep",
                "ccomp",
                "amod",
                "compound",
                "nsubj",
                "attr",
            }
            and node.head != node
        ):
            if node.dep_ == "nsubj":
                return None, False
            node, hops = node.head, hops + 1
            continue
        break
    return None, False


def _objects(token: Token) -> list[Token]:
    """Candidate targets in order: objects and prepositional objects of the trigger, of the clauses it
    governs ("agreed to *meet* X", "demanded that *X* cancel"), and in its object ("demands *from* X")."""
    out: list[Token] = []
    frontier = [token]
    if token.dep_ in {"dobj", "attr"} and token.head != token:
        # A nominal trigger's verb carries the recipient ("will give *Tanzania* a grant").
        out.extend(c for c in token.head.children if c.dep_ == "dative")
    for node in frontier[:6]:
        for child in node.children:
            if child.dep_ in OBJECTS:
                out.append(child)
                frontier.append(child)
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS | {"between", "of", "by"}:
                out.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in {"ccomp", "xcomp", "acl"}:
                out.extend(g for g in child.children if g.dep_ in {"nsubj", "nsubjpass"})
                frontier.append(child)
    return out


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _between(token: Token) -> list[Token]:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"between", "among"}:
            return [g for g in child.children if g.dep_ == "pobj"]
    return []


def _flatten(ref: ActorRef) -> list[str]:
    if ref is None:
        return []
    return list(ref) if isinstance(ref, list) else [ref]


def _pack(refs: list[str]) -> ActorRef:
    unique = list(dict.fromkeys(refs))
    return None if not unique else unique[0] if len(unique) == 1 else unique


def actors(
    trigger: Token, category: str, index: ActorIndex, region: tuple[int, int] | None = None
) -> tuple[ActorRef, ActorRef]:
    """Source and target of the event anchored on ``trigger``; nearby-mention fallbacks stay within
    ``region`` (the quotation holding the trigger, else its sentence)."""
    source: Resolved | None = None
    target: Resolved | None = None
    if trigger.pos_ == "AUX" and trigger.head != trigger:
        # "X declared that Y must ...": Y is the target, the declaring X the source.
        clause = trigger.head
        subject, _ = _subject(clause)
        target = index.resolve(subject) if subject is not None else None
        if clause.dep_ in {"ccomp", "xcomp"} and (outer := _subject(clause.head)[0]) is not None:
            source = index.resolve(outer)
        if source is not None or target is not None:
            return (source.ref if source else None), (target.ref if target else None)
    pair = _between(trigger)
    if not pair and trigger.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass"}:
        pair = _between(trigger.head) if trigger.dep_ != "pobj" else []
    if pair:
        refs = [r for t in pair if (r := index.resolve(t)) is not None]
        flat = [x for r in refs for x in _flatten(r.ref)]
        if len(flat) >= 2:
            return flat[0], _pack(flat[1:])
    subject, passive = _subject(trigger)
    agent = _agent(trigger) or (_agent(trigger.head) if trigger.dep_ in {"xcomp", "conj"} else None)
    if passive:
        if agent is not None:
            source = index.resolve(agent)
        if subject is not None:
            target = index.resolve(subject)
    elif subject is not None:
        source = index.resolve(subject)
    if target is None:
        taken = _flatten(source.ref if source else None)
        candidates = [
            found
            for obj in _objects(trigger)
            if obj.lemma_.lower() not in cues().unnamed_sources
            and (found := index.resolve(obj)) is not None
            and _flatten(found.ref) != taken
        ]
        # A named object that is where it happened ("demonstrated *in the city of Kirkuk*") waits
        # behind actors named later in the sentence ("... calling for independence *from Iraq*").
        target = next(
            (f for f in candidates if index.named(f.ref) and not _is_location(trigger.doc, f.start)), None
        )
        nominal = next(
            (f for f in candidates if not index.named(f.ref)), candidates[0] if candidates else None
        )
    else:
        nominal = None
    sent = trigger.sent
    lo, hi = region or (sent.start_char, sent.end_char)
    if source is None:
        before = [
            m
            for m in index.overlapping(lo, trigger.idx)
            if m.end <= trigger.idx
            and m.type in {"PERSON", "ORG", "GPE", "NORP"}
            and not _reporter(index, m.ref)
            and not _is_location(trigger.doc, m.start)
            and not (target is not None and target.start <= m.start < target.end)
        ]
        if before:
            source = Resolved(before[-1].ref, before[-1].start, before[-1].end)
    if target is None:
        claimed = set(_flatten(source.ref)) if source else set()
        after = [
            m
            for m in index.overlapping(trigger.idx, hi)
            if m.ref not in claimed and not _reporter(index, m.ref)
        ]
        # Prefer an actor over a place the event happened in; a place is still better than nothing.
        # Order: a named actor after the trigger, an object phrase ("30 students"), then a place.
        # Named actors first, unnamed groups ("24 people") after them.
        actors_after = sorted(
            (m for m in after if not _is_location(trigger.doc, m.start)), key=lambda m: m.type == "GROUP"
        )
        places_after = [m for m in after if _is_location(trigger.doc, m.start)]
        if actors_after:
            target = Resolved(actors_after[0].ref, actors_after[0].start, actors_after[0].end)
        elif nominal is not None:
            target = nominal
        elif places_after:
            target = Resolved(places_after[0].ref, places_after[0].start, places_after[0].end)
    source, target = _named_here(index, source), _named_here(index, target)
    src, tgt = (source.ref if source else None), (target.ref if target else None)
    src, tgt = _actor_or_none(index, src), _actor_or_none(index, tgt)
    if tgt is not None and _flatten(tgt) == _flatten(src):
        tgt = None
    mutual = category in SYMMETRIC or trigger.lemma_.lower() in MUTUAL
    if mutual and isinstance(src, list) and len(src) > 1 and tgt is None:
        tgt = _pack(src[1:])
        src = src[0]
    return src, tgt


#: One-word phrases that name no actor of an event: documents and media ("report"), a title with no
#: holder ("president"), an institution of no known country ("government").
NOT_EVENT_ACTORS = {
    "report", "reports", "statement", "media", "press", "newspaper", "television", "agency", "agencies",
    "source", "sources", "president", "minister", "leader", "spokesman", "spokeswoman", "spokesperson",
    "government", "parliament", "house", "senate", "congress", "cabinet", "administration", "court",
}  # fmt: skip


def _actor_or_none(index: ActorIndex, ref: ActorRef) -> ActorRef:
    """``ref`` without the members that are no actor (see :data:`NOT_EVENT_ACTORS`)."""
    refs = [r for r in _flatten(ref) if index.doc.entity(r) is not None or r.lower() not in NOT_EVENT_ACTORS]
    return _pack(refs)


def _named_here(index: ActorIndex, found: Resolved | None) -> Resolved | None:
    """A news organisation is a side only where the words of that side name it ("the BBC was
    banned"), not through a pronoun that reaches back to "according to the BBC"."""
    if found is None or isinstance(found.ref, list) or not _reporter(index, found.ref):
        return found
    named = any(m.ref == found.ref for m in index.overlapping(found.start, found.end))
    return found if named and not _cited(index.doc, found.start, found.end) else None


def _cited(doc: Document, start: int, end: int) -> bool:
    """ "according to *Reuters*", "told *the BBC*": the words cite a source (:mod:`..read.reporters`)."""
    parsed = doc.analysis.get("spacy")
    return parsed is not None and reporters.cited(parsed, start, end)


def _reporter(index: ActorIndex, ref: str) -> bool:
    """A news organisation only near the event ("told the BBC") reports it; it acts only when the
    parse makes it the subject or object of the trigger, which the fallbacks here are not."""
    entity = index.doc.entity(ref)
    return entity is not None and entity.sector == "media"


def _is_location(parsed, pos: int) -> bool:
    """A mention governed by "in", "at", "near" ... is where the event happened, not its target."""
    span = parsed.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span[0]
    while token.dep_ in {"compound", "amod", "det", "poss", "case"} and token.head != token:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head  # "in the northern city *of Kirkuk*"
    return token.dep_ == "pobj" and token.head.lower_ in {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "throughout",
    }


@cache
def _contexts() -> dict[str, str]:
    rows = (plover.DATA / "contexts.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in rows if line.strip() and not line.startswith("#"))


def _context(sentence: Span) -> str | None:
    """What the event is about ("military", "elections", ...), from cue words in its sentence."""
    table = _contexts()
    return next((table[t.lemma_.lower()] for t in sentence if t.lemma_.lower() in table), None)


def _place(trigger: Token, doc: Document) -> tuple[str | None, int | None, int | None]:
    """Where the event happened: the place its own sentence (or short paragraph) names nearest the
    trigger (:func:`..read.places.where`), with the offsets of that mention; never the dateline."""
    found = places.where(doc, trigger.idx, trigger.idx + len(trigger.text))
    if found is None:
        return None, None, None
    place, mention = found
    return place.name, mention.start, mention.end


def _date(sentence: Span, doc: Document) -> str | None:
    for date in doc.dates:
        if sentence.start_char <= date.start < sentence.end_char and date.value:
            return date.value
    return doc.article.published


def intention(category: str, modality: str, sentence: Span) -> str:
    """PLOVER codes an announced or conditional action as the intent: AGREE to a cooperative action,
    THREATEN with a conflictual one ("will release" -> AGREE; "would blockade unless" -> THREATEN);
    refusing a cooperative one is REJECT ("will not accept refugees")."""
    conditional = any(t.lower_ in {"if", "unless"} for t in sentence)
    if modality == "future" or (modality == "hypothetical" and conditional):
        if category in INTENT_TO_COOPERATE:
            return "AGREE"
        if category in INTENT_TO_FIGHT:
            return "THREATEN"
    if modality == "negated" and category in INTENT_TO_COOPERATE | {"AGREE"}:
        if any(t.lower_ in {"will", "would", "wo", "shall"} for t in sentence):
            return "REJECT"
    return category


def _event(
    doc: Document,
    sentence: Span,
    trigger: Token,
    category: str,
    mode: str | None,
    index: ActorIndex,
    quotes: list,
) -> Event | None:
    inside = next(((s, e) for s, e, _ in quotes if s <= trigger.idx < e), None)
    if inside is not None:
        inside = (max(inside[0], sentence.start_char), min(inside[1], sentence.end_char))
    source, target = actors(trigger, category, index, inside)
    if source is None and target is None:
        return None
    modality, reported_by = assess(trigger, index, quotes)
    category = intention(category, modality, sentence)
    location, location_start, location_end = _place(trigger, doc)
    return Event(
        type=category,
        source=source,
        target=target,
        modality=modality,
        start=sentence.start_char,
        end=sentence.end_char,
        reported_by=reported_by,
        date=_date(sentence, doc),
        location=location,
        mode=mode,
        context=_context(sentence),
        score=plover.score(category),
        trigger=trigger.text,
        location_start=location_start,
        location_end=location_end,
    )


@dataclass
class Candidate:
    """A sentence the classifier looks at: it holds a lexicon trigger or a CAMEO verb."""

    doc: Document
    sentence: Span
    found: list[Trigger]
    hits: list[Hit]
    index: ActorIndex


def candidates(doc: Document, index: ActorIndex | None = None) -> list[Candidate]:
    """The sentences of ``doc`` that name an action the field's verb knowledge knows of.

    A sentence with neither a lexicon trigger nor a CAMEO verb of any category is never an event
    here: the classifier decides only among sentences with such evidence. A report of a disaster,
    an accident, an ordinary crime, sport or space science with no political actor in it is none
    before any classifier sees it (the gate, :func:`not_political`).
    """
    parsed = doc.analysis.get("spacy")
    if parsed is None:
        return []
    index = index or ActorIndex(doc)
    out: list[Candidate] = []
    for n, sentence in enumerate(parsed.sents):
        if n >= MAX_SENTENCES:
            break
        found = [t for t in find(sentence) if not _according(t.token)]
        hits = [
            h
            for h in cameo.hits(sentence)
            if (h.category in _NAMES or h.category == classify.NONE) and not _according(h.token)
        ]
        if (found or any(h.category != classify.NONE for h in hits)) and not not_political(sentence, index):
            out.append(Candidate(doc, sentence, found, hits, index))
    return out


def inputs(batch: Sequence[Candidate]) -> tuple[list[dict[str, float]], np.ndarray]:
    """The classifier's inputs for candidate sentences (the same for training and coding)."""
    rows = [
        classify.features(c.sentence, c.found, c.hits, _actor_kinds(c.index, c.sentence)) for c in batch
    ]
    tensors = (
        np.stack([classify.tensor_mean(c.sentence) for c in batch])
        if batch
        else np.zeros((0, classify.TENSOR_WIDTH), dtype=np.float32)
    )
    return rows, tensors


def _according(token: Token) -> bool:
    """ "according to" attributes a report; it is never an agreement."""
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"


def _actor_kinds(index: ActorIndex, sentence: Span) -> list[str]:
    return sorted({m.type for m in index.overlapping(sentence.start_char, sentence.end_char)})


def _anchor(c: Candidate, category: str) -> Token:
    """The word the event hangs on: a lexicon trigger of the category nearest the root, else a
    CAMEO verb of it, else any trigger or verb, else the sentence root."""
    mine = [t.token for t in c.found if t.category == category]
    mine = mine or [h.token for h in c.hits if h.category == category]
    mine = mine or [t.token for t in c.found] or [h.token for h in c.hits if h.category != classify.NONE]
    if mine:
        return min(mine, key=lambda t: (classify.depth(t), t.i))
    return c.sentence.root


def code(docs: Sequence[Document]) -> None:
    """Fill ``doc.events`` for a batch (the classifier run once over all candidate sentences)."""
    todo: list[Candidate] = []
    for doc in docs:
        if doc.analysis.get("spacy") is None:
            continue
        doc.events = []
        todo.extend(candidates(doc))
    if not todo:
        return
    rows, tensors = inputs(todo)
    cut = classify.threshold()
    for c, probs in zip(todo, classify.choose(rows, tensors), strict=True):
        category = classify.decide(probs, cut)
        if category == classify.NONE or category not in _NAMES:
            continue
        doc, sentence = c.doc, c.sentence
        quotes = [(q.start, q.end, q.speaker) for q in doc.quotes if q.direct]
        anchor = _anchor(c, category)
        if anchor.lemma_.lower() in cues().denial:
            # "X denied that its aircraft had bombed ...": the denied clause is the event.
            clauses = [k for k in anchor.children if k.dep_ == "ccomp"]
            inner = [
                t.token
                for t in c.found
                if t.category == category and any(t.token in k.subtree for k in clauses)
            ]
            if inner:
                anchor = inner[0]
        mode = next((t.mode for t in c.found if t.token == anchor and t.category == category), None)
        event = _event(doc, sentence, anchor, category, mode, c.index, quotes)
        if event is None:
            continue
        doc.events.append(event)
        for t in c.found:
            if (
                t.category != event.type
                and t.token.pos_ == "NOUN"
                and t.token != anchor
                and any(k.lower_ in HEDGE_MODIFIERS for k in t.token.children if k.dep_ == "amod")
            ):
                extra = _event(doc, sentence, t.token, t.category, t.mode, c.index, quotes)
                # Only with both sides of its own ("a possible alliance between X and Y").
                if extra is not None and extra.source is not None and extra.target is not None:
                    extra.modality = "hypothetical"
                    doc.events.append(extra)


STAGE = Stage(name="events", phase="code", run=code, order=10, requires=("nlp",))
