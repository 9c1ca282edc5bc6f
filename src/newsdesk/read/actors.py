"""The ``actors`` stage: who is in the article, one entity per actor.

Mentions come from the gazetteer (PhraseMatcher over names, aliases, demonyms), from spaCy's
named entities and from bracketed insertions ("[Ayman] al-Zawahri"); overlaps are settled,
then mentions of one actor are merged (see :mod:`newsdesk.read.merge`). Ids are the
gazetteer's where the actor is known, else ``type:slug`` of the canonical name, so the same
actor has the same id across the corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from ..model import Document, Entity
from ..stages import Stage
from . import gazetteer, people, reporters
from .merge import Mention, cluster
from .nlp import MAX_CHARS, get_nlp
from .titles import leading_title_length

#: spaCy labels that name actors; LOC/FAC are left to the places stage.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
#: Longest entity name we accept (scraped text can hold runaway spans).
MAX_NAME = 80
#: "[Abu Bakr] al-Baghdadi": an editor's insertion completing a name.
BRACKETED = re.compile(
    r"\[(?P<inserted>[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*){0,3})\]\s?"
    r"(?P<rest>(?:(?:al|el|bin|ibn|abu|Al|El|Bin|Ibn|Abu)[- ])?[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?)")
#: "the Islamic State (IS)": an acronym introduced in brackets right after a name.
ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z0-9.&-]{0,11})\)")
#: One-word institutions the NER tags as names; they are generic actors of a country (see .agents).
GENERIC_INSTITUTIONS = {"government", "parliament", "congress", "senate", "house", "cabinet", "army",
                        "police", "military", "court", "ministry", "administration", "legislature"}
#: Prepositions that make a place name the place of something rather than an actor.
LOCATION_PREPOSITIONS = {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "within",
                         "into", "onto"}
#: Honour the weight of each source when mentions overlap.
PRIORITY = {"bracket": 3, "gazetteer": 2, "ner": 1}


@cache
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-exact matcher for every gazetteer name, and a case-folded one for longer names."""
    nlp = get_nlp()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    gaz = gazetteer.load()
    keys: set[str] = set()
    for actor in gaz.actors.values():
        keys.update(actor.names())
        keys.update(actor.demonyms)
        keys.update(actor.metonyms)
    for name in sorted(keys):
        pattern = nlp.make_doc(name)
        exact.add(name, [pattern])
        if len(name) > 4 and not name.isupper():
            folded.add(name, [pattern])
    return exact, folded


def _capitals(text: str) -> int:
    """How many words of ``text`` start with a capital letter."""
    return sum(1 for word in re.split(r"[\s\-]+", text) if word[:1].isupper())


def _shouting(span: SpacySpan) -> bool:
    """True in an all-capitals line, where "IS" or "US" are ordinary words."""
    words = [t.text for t in span.sent if t.is_alpha and len(t.text) > 1]
    return len(words) >= 3 and sum(w.isupper() for w in words) > len(words) / 2


def _is_subject_like(span: SpacySpan) -> bool:
    root = span.root
    return root.dep_ in {"nsubj", "nsubjpass", "poss", "agent"} or (
        root.dep_ == "compound" and root.head.dep_ in {"nsubj", "nsubjpass"})


def gazetteer_mentions(sp: SpacyDoc, year: int | None) -> list[Mention]:
    exact, folded = _matchers()
    found: dict[tuple[int, int], Mention] = {}
    for matcher in (exact, folded):
        for match_id, start, end in matcher(sp):
            span = sp[start:end]
            key = sp.vocab.strings[match_id]
            if matcher is folded and _capitals(span.text) < _capitals(key):
                # "an Islamic state governed by Sharia" is not the Islamic State: a folded
                # match may change case only towards capitals ("AL-QAEDA", "Al-Qaeda").
                continue
            if span.text.isupper() and len(span.text) <= 3 and _shouting(span):
                continue
            actor = gazetteer.lookup(key, year)
            kind = "name"
            if actor is None:
                actor = gazetteer.demonym(key)
                kind = "demonym"
            if actor is None:
                actor = gazetteer.metonym(key)
                kind = "metonym"
                # A capital is its government only as the one who acts ("Baghdad said").
                if actor is None or not _is_subject_like(span):
                    continue
            found[(span.start_char, span.end_char)] = Mention(
                span.start_char, span.end_char, span.text, actor.type, "gazetteer", actor.id, kind=kind)
    return list(found.values())


def _strip(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading "the", titles and demonyms, and a trailing possessive, from an NER span."""
    tokens = list(span)
    while tokens and (tokens[0].lower_ in {"the", "a", "an"} or tokens[0].is_punct):
        tokens.pop(0)
    if span.label_ == "PERSON" and tokens:
        cut = leading_title_length([t.text for t in tokens])
        while cut < len(tokens) - 1 and gazetteer.demonym(tokens[cut].text):
            cut += 1
            cut += leading_title_length([t.text for t in tokens[cut:]])
        tokens = tokens[cut:] if cut < len(tokens) else tokens
    while tokens and (tokens[-1].text in {"'s", "\u2019s", "'"} or tokens[-1].is_punct):
        tokens.pop()
    if not tokens:
        return None
    return span.doc[tokens[0].i:tokens[-1].i + 1]


def _not_an_actor(span: SpacySpan, label: str) -> bool:
    """Words the NER tags that name no actor of their own.

    A nationality or religion word modifying a noun ("*Islamic* militants", "*Democratic* hearing")
    is no actor: a country's demonym is read by the gazetteer, and the group it qualifies is the
    noun's (:mod:`.agents`). A one-word institution ("Congress", "the Government") is a generic
    actor of the article's country, read by :mod:`.agents`. A name starts with a capital ("ex-Muslim"
    does not)."""
    if label == "NORP" and span.root.dep_ in {"amod", "compound", "nmod", "npadvmod"}:
        return True
    if label == "PERSON" and not span.text[:1].isupper():
        return True
    return label == "ORG" and len(span) == 1 and span.text.lower() in GENERIC_INSTITUTIONS


def ner_mentions(sp: SpacyDoc) -> list[Mention]:
    out = []
    for ent in sp.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        span = _strip(ent)
        if span is None or len(span.text) > MAX_NAME or not any(c.isupper() for c in span.text):
            continue
        if _not_an_actor(span, ent.label_):
            continue
        if any(c.isdigit() for c in span.text) and ent.label_ == "PERSON":
            continue
        out.append(Mention(span.start_char, span.end_char, span.text, ent.label_, "ner", None))
    return out


def bracket_mentions(body: str, year: int | None) -> list[Mention]:
    out = []
    for m in BRACKETED.finditer(body[:MAX_CHARS]):
        name = f"{m['inserted']} {m['rest']}"
        actor = gazetteer.lookup(name, year)
        out.append(Mention(m.start(), m.end(), m.group(0), actor.type if actor else "PERSON", "bracket",
                           actor.id if actor else None, name=name))
    return out


def _encloses(a: Mention, b: Mention) -> bool:
    return a.start <= b.start and b.end <= a.end and (a.end - a.start) > (b.end - b.start)


def _name_around_place(ner: Mention, gaz: Mention) -> bool:
    """A longer NER name around a demonym, capital or country word is a name of its own
    ("Jack London", "University of Baghdad", "Iraqi National Congress")."""
    return (ner.source == "ner" and gaz.source == "gazetteer" and _encloses(ner, gaz)
            and (gaz.kind != "name" or (gaz.type == "GPE" and ner.type in {"ORG", "FAC", "PERSON"})))


def _wins(new: Mention, old: Mention) -> bool:
    """Which of two overlapping mentions to keep."""
    if _name_around_place(new, old):
        return True
    if _name_around_place(old, new):
        return False
    if PRIORITY[new.source] != PRIORITY[old.source]:
        return PRIORITY[new.source] > PRIORITY[old.source]
    return (new.end - new.start) > (old.end - old.start)


def settle(mentions: list[Mention]) -> list[Mention]:
    """Keep one mention per stretch of text."""
    # Kept mentions never overlap, so ordered by start they are ordered by end too, and a
    # newcomer's rivals are one contiguous run of them, found by bisection.
    kept: list[Mention] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(mentions, key=lambda m: (-PRIORITY[m.source], -(m.end - m.start), m.start)):
        if m.end <= m.start:
            continue  # empty: overlaps nothing, names nothing
        lo, hi = bisect_right(ends, m.start), bisect_left(starts, m.end)
        if all(_wins(m, k) for k in kept[lo:hi]):
            kept[lo:hi], starts[lo:hi], ends[lo:hi] = [m], [m.start], [m.end]
    return kept


def acronym_mentions(body: str, mentions: list[Mention]) -> list[Mention]:
    """Introduced acronyms ("the Islamic State (IS)") and their later bare uses become mentions."""
    added: list[Mention] = []
    for m in mentions:
        if m.type == "PERSON" and m.actor_id is None:
            continue
        intro = ACRONYM.match(body, m.end)
        if not intro or len(intro["acr"].replace(".", "")) < 2:
            continue
        acr = intro["acr"]
        for found in re.finditer(rf"(?<![\w.-]){re.escape(acr)}(?![\w-])", body[:MAX_CHARS]):
            added.append(Mention(found.start(), found.end(), acr, m.type, "bracket", m.actor_id,
                                 acronym_of=m))
    return added


def _year(doc: Document) -> int | None:
    published = doc.article.published or ""
    return int(published[:4]) if published[:4].isdigit() else None


def read_actors(doc: Document) -> list[Entity]:
    sp = doc.analysis["spacy"]
    year = _year(doc)
    mentions = settle(gazetteer_mentions(sp, year) + ner_mentions(sp) + bracket_mentions(doc.body, year))
    mentions = settle(mentions + acronym_mentions(doc.body, mentions))
    entities = link_people(cluster(mentions, doc.body), doc.article.published)
    return _without_reporters(_without_locations(entities, sp, doc), sp, doc)


def _without_reporters(entities: list[Entity], sp: SpacyDoc, doc: Document) -> list[Entity]:
    """News organisations keep only the mentions where they act or are acted upon; the ones that
    only cite them as a source ("according to Reuters") are counted in ``analysis["cited"]``."""
    cited: Counter[str] = Counter()
    out = []
    for e in entities:
        if e.sector != "media":
            out.append(e)
            continue
        kept = [m for m in e.mentions if not reporters.cited(sp, m.start, m.end)]
        cited[e.id] += len(e.mentions) - len(kept)
        if kept:
            e.mentions = kept
            out.append(e)
    doc.analysis["cited"] = cited
    return out


def _is_location(sp: SpacyDoc, start: int, end: int) -> bool:
    """A place named as where something is ("in Baghdad", "across Iraq"), not as who acts."""
    span = sp.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    while token.dep_ in {"compound", "amod", "det", "poss", "case"} and token.head != token:
        token = token.head
    while token.dep_ in {"conj", "appos"} and token.head != token:
        token = token.head  # "arrests in Australia, Brazil and *Canada*"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head  # "in the northern city *of Kirkuk*"
    return token.dep_ == "pobj" and token.head.lower_ in LOCATION_PREPOSITIONS


def _without_locations(entities: list[Entity], sp: SpacyDoc, doc: Document) -> list[Entity]:
    """Places and countries keep only the mentions where they act or are acted upon; how often each
    was named as a place is kept for the stages that weigh an article's countries (``.agents``)."""
    located: Counter[str] = Counter()
    out = []
    for e in entities:
        if e.type != "GPE":
            out.append(e)
            continue
        kept = [m for m in e.mentions if not _is_location(sp, m.start, m.end)]
        located[e.id] += len(e.mentions) - len(kept)
        if kept:
            e.mentions = kept
            out.append(e)
    doc.analysis["located"] = located
    return out


@cache
def _news_organisations() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    text = files("newsdesk.data.actors").joinpath("news_organisations.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    names = frozenset(gazetteer.normalise(n) for n in lines if not n.startswith("~"))
    patterns = tuple(re.compile(n[1:], re.IGNORECASE) for n in lines if n.startswith("~"))
    return names, patterns


def news_organisation(name: str) -> bool:
    """Whether ``name`` is a news organisation (``data/actors/news_organisations.txt``)."""
    names, patterns = _news_organisations()
    return gazetteer.normalise(name) in names or any(p.match(name) for p in patterns)


def link_people(entities: list[Entity], published: str | None) -> list[Entity]:
    """People named in the article linked to the knowledge base, so that one person has one id in
    every article (see :mod:`.people`); two clusters that turn out to be one person become one."""
    countries = {e.code for e in entities if e.type == "GPE" and e.code}
    out: list[Entity] = []
    by_id: dict[str, Entity] = {}
    for e in entities:
        if e.type == "ORG" and e.sector is None and any(news_organisation(n) for n in [e.name, *e.aliases]):
            e.sector = "media"
        if e.code is not None:
            e.resolution = "gazetteer"
        elif e.type == "PERSON" and (found := people.resolve([e.name, *e.aliases], published, countries)):
            names = [e.name, *e.aliases]
            e.id, e.name, e.resolution = found.person.id, found.person.name, found.how
            e.aliases = [n for n in dict.fromkeys(names) if n != e.name]
        if e.id in by_id:
            kept = by_id[e.id]
            kept.mentions = sorted({(m.start, m.end): m for m in kept.mentions + e.mentions}.values(),
                                   key=lambda m: m.start)
            kept.aliases = [a for a in dict.fromkeys(kept.aliases + [e.name, *e.aliases]) if a != kept.name]
            kept.roles += e.roles
            continue
        by_id[e.id] = e
        out.append(e)
    return out


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        if "spacy" not in doc.analysis:
            continue
        doc.entities = read_actors(doc)


STAGE = Stage(name="actors", phase="read", run=run, order=20, requires=("nlp",))
