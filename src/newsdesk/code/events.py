"""PLOVER event coding: one event per sentence that names a political action between actors.

For each sentence with a trigger word, :mod:`.classify` picks the category; the trigger of that
category nearest the root anchors the event; its subject is the source and its object (or the
other side of "between X and Y") the target, resolved to entity ids by :mod:`..attribute.resolve`;
:mod:`..attribute.modality` says how sure the text is. A hedged nominal inside the sentence ("are
discussing a *possible alliance*") adds its own hypothetical event.

Actors: an entity id, or its words when no entity was read (DESIGN.md allows names). A compound
actor ("Jordan and Britain") is a list of ids. When coordinated actors act together on nobody else
("X and Y are discussing ..."), the first is the source and the others the target, so the dyad is kept.
Reports of disasters, accidents and ordinary crime yield no event (cues in
``data/attribute/not_political.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Span, Token

from ..attribute.cues import cues
from ..attribute.modality import assess
from ..attribute.resolve import ActorIndex, Resolved
from ..model import ActorRef, Document, Event
from ..stages import Stage
from . import classify, plover
from .triggers import Trigger, find

#: Bound on sentences coded per document (hostile input).
MAX_SENTENCES = 400
#: Nominal triggers that carry their own event when hedged ("a possible alliance").
HEDGE_MODIFIERS = {"possible", "potential", "proposed", "prospective", "planned", "likely", "eventual"}
INTENT_TO_COOPERATE = {"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
INTENT_TO_FIGHT = {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}
#: Triggers whose coordinated subjects act on each other ("X and Y clashed").
MUTUAL = {"clash", "fight", "battle", "skirmish", "meet", "talk", "negotiate", "sign", "agree"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"with", "against", "to", "on", "at", "into", "toward", "towards", "from", "for", "upon", "in"}


def not_political(sentence: Span, index: ActorIndex) -> bool:
    """A disaster, accident or ordinary crime report with no political or armed actor in it."""
    c = cues()
    lemmas = {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence}
    if not lemmas & (c.disaster | c.accident | c.crime):
        return False
    if lemmas & c.political_actors:
        return False
    return not any(
        index.types.get(m.ref) in {"ORG", "NORP"}
        for m in index.overlapping(sentence.start_char, sentence.end_char)
    )


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
            and not _is_location(trigger.doc, m.start)
            and not (target is not None and target.start <= m.start < target.end)
        ]
        if before:
            source = Resolved(before[-1].ref, before[-1].start, before[-1].end)
    if target is None:
        taken = set(_flatten(source.ref)) if source else set()
        after = [m for m in index.overlapping(trigger.idx, hi) if m.ref not in taken]
        # Prefer an actor over a place the event happened in; a place is still better than nothing.
        # Order: a named actor after the trigger, an object phrase ("30 students"), then a place.
        actors_after = [m for m in after if not _is_location(trigger.doc, m.start)]
        places_after = [m for m in after if _is_location(trigger.doc, m.start)]
        if actors_after:
            target = Resolved(actors_after[0].ref, actors_after[0].start, actors_after[0].end)
        elif nominal is not None:
            target = nominal
        elif places_after:
            target = Resolved(places_after[0].ref, places_after[0].start, places_after[0].end)
    src, tgt = (source.ref if source else None), (target.ref if target else None)
    if tgt is not None and _flatten(tgt) == _flatten(src):
        tgt = None
    mutual = category in SYMMETRIC or trigger.lemma_.lower() in MUTUAL
    if mutual and isinstance(src, list) and len(src) > 1 and tgt is None:
        src, tgt = src[0], _pack(src[1:])
    return src, tgt


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


def _anchor(sentence: Span, found: Sequence[Trigger], category: str) -> Token:
    mine = [t for t in found if t.category == category]
    if mine:
        return min(mine, key=lambda t: (classify.depth(t.token), t.token.i)).token
    return sentence.root


@cache
def _contexts() -> dict[str, str]:
    rows = (plover.DATA / "contexts.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in rows if line.strip() and not line.startswith("#"))


def _context(sentence: Span) -> str | None:
    """What the event is about ("military", "elections", ...), from cue words in its sentence."""
    table = _contexts()
    return next((table[t.lemma_.lower()] for t in sentence if t.lemma_.lower() in table), None)


def _place(sentence: Span, doc: Document) -> str | None:
    for place in doc.places:
        if any(sentence.start_char <= m.start < sentence.end_char for m in place.mentions):
            return place.name
    return None


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
    return Event(
        type=category,
        source=source,
        target=target,
        modality=modality,
        start=sentence.start_char,
        end=sentence.end_char,
        reported_by=reported_by,
        date=_date(sentence, doc),
        location=_place(sentence, doc),
        mode=mode,
        context=_context(sentence),
        score=plover.score(category),
        trigger=trigger.text,
    )


def _region(doc: Document, sentence: Span, trigger: Token) -> tuple[int, int] | None:
    """The direct quotation holding ``trigger``, clipped to its sentence (None outside quotes)."""
    inside = next(((q.start, q.end) for q in doc.quotes if q.direct and q.start <= trigger.idx < q.end), None)
    if inside is not None:
        inside = (max(inside[0], sentence.start_char), min(inside[1], sentence.end_char))
    return inside


def _can_code(doc: Document, sentence: Span, found: Sequence[Trigger], index: ActorIndex) -> bool:
    """Whether any event can come of the sentence, whatever category the classifier picks.

    An event is anchored on one of its triggers (or, failing those, the sentence root) and is kept
    only with a source or a target; which side is which depends on the category, whether there is
    one does not. Sentences with no actor around any possible anchor need no classifier.
    """
    anchors = {t.token.i: (t.token, t.category) for t in found}
    anchors.setdefault(sentence.root.i, (sentence.root, found[0].category))
    return any(
        actors(token, category, index, _region(doc, sentence, token)) != (None, None)
        for token, category in anchors.values()
    )


def code(docs: Sequence[Document]) -> None:
    """Fill ``doc.events`` for a batch (the classifier run once over all candidate sentences)."""
    todo: list[tuple[Document, Span, list[Trigger], ActorIndex]] = []
    for doc in docs:
        parsed = doc.analysis.get("spacy")
        if parsed is None:
            continue
        doc.events = []
        index = ActorIndex(doc)
        for n, sentence in enumerate(parsed.sents):
            if n >= MAX_SENTENCES:
                break
            found = find(sentence)
            if found and not not_political(sentence, index) and _can_code(doc, sentence, found, index):
                todo.append((doc, sentence, found, index))
    if not todo:
        return
    scores = classify.choose([s for _, s, _, _ in todo], [f for _, _, f, _ in todo])
    names = plover.names()
    for (doc, sentence, found, index), score in zip(todo, scores, strict=True):
        category = names[int(score.argmax())]
        quotes = [(q.start, q.end, q.speaker) for q in doc.quotes if q.direct]
        anchor = _anchor(sentence, found, category)
        if anchor.lemma_.lower() in cues().denial:
            # "X denied that its aircraft had bombed ...": the denied clause is the event.
            clauses = [c for c in anchor.children if c.dep_ == "ccomp"]
            inner = [t for t in found if any(t.token in c.subtree for c in clauses)]
            if inner:
                best = max(
                    inner,
                    key=lambda t: (
                        score[names.index(t.category)],
                        t.token.pos_ == "VERB",
                        -classify.depth(t.token),
                    ),
                )
                category, anchor = best.category, best.token
        mode = next((t.mode for t in found if t.token == anchor and t.category == category), None)
        event = _event(doc, sentence, anchor, category, mode, index, quotes)
        if event is None:
            continue
        doc.events.append(event)
        for t in found:
            if (
                t.category != category
                and t.token.pos_ == "NOUN"
                and t.token != anchor
                and any(c.lower_ in HEDGE_MODIFIERS for c in t.token.children if c.dep_ == "amod")
            ):
                extra = _event(doc, sentence, t.token, t.category, t.mode, index, quotes)
                # Only with both sides of its own ("a possible alliance between X and Y").
                if extra is not None and extra.source is not None and extra.target is not None:
                    extra.modality = "hypothetical"
                    doc.events.append(extra)


STAGE = Stage(name="events", phase="code", run=code, order=10, requires=("nlp",))
