"""Attributions anchored on a verb of saying, claiming, believing or estimating, read from the parse.

A cue verb (``attribution_cues.json``) attributes the clause it governs: its complement clause
("said [that] C", "C, he said"), the clause it interrupts ("C, officials said, D"), a to-infinitive
for promises and threats ("promised to C"), an object with its "of"/"as"/"at" phrase for
accusations, descriptions and estimates ("accused Y of C"). The subject is the source; an agentless
reporting passive ("it is believed that C", "C is said to ...") has none. What the content holds
decides the kind: a quoted stretch inside otherwise unquoted content makes it ``mixed``; content
entirely inside quotation marks is left to the direct quotes; "said in a statement" and agentless
passives are ``source_phrase``; the rest ``indirect``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..tuning import weights
from .actor_index import ActorIndex
from .cues import attribution_cues, cues
from .marks import Segment, covering, inside
from .modality import of_attribution
from .speakers import Speaker, speaker

REFLEXIVE = {"itself", "themselves", "himself", "herself", "themself"}
QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"


@dataclass
class Found:
    """An attribution read from the parse, before it becomes a :class:`newsdesk.model.Quote`."""

    kind: str
    start: int
    end: int
    cue_start: int
    cue_end: int
    cue: str
    source: Speaker | None
    modality: str
    tokens: tuple[int, int]  # token range of the content, for nesting checks
    named: bool = False  # the source is named here, not by a pronoun


def trim(tokens: Sequence[Token]) -> list[Token]:
    """Content tokens without a leading complementiser and outer punctuation or spaces."""
    out = sorted(tokens, key=lambda t: t.i)
    while out and (out[0].is_punct or out[0].is_space or out[0].lower_ == "that"):
        out = out[1:]  # the complementiser, even where the parser took it for a determiner
    while out and (out[-1].is_punct or out[-1].is_space) and out[-1].text not in QUOTE_CHARS:
        out = out[:-1]
    while out and out[-1].text in QUOTE_CHARS and not _opened_inside(out):
        out = out[:-1]
        while out and (out[-1].is_punct or out[-1].is_space) and out[-1].text not in QUOTE_CHARS:
            out = out[:-1]
    return out


def _opened_inside(tokens: Sequence[Token]) -> bool:
    """True when the last token closes a quotation opened within ``tokens`` (keep it: mixed content)."""
    marks = [t for t in tokens if t.text in QUOTE_CHARS]
    return len(marks) % 2 == 0


def contiguous(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` as one stretch of text: everything from the first to the last."""
    if not tokens:
        return []
    doc = tokens[0].doc
    return list(doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1])


def subject(verb: Token) -> Token | None:
    """Who speaks through ``verb``: its subject; the noun a relative clause or a participle hangs
    from ("the Royal Mint, who said", "a statement saying"); the subject of the clause a
    coordinated verb or a participle belongs to ("X noted A and say B", "X left, saying B")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        child = min(subjects, key=lambda c: abs(c.i - verb.i))  # a heading glued on has one too
        if child.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl":
            return verb.head
        return child
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "pcomp", "xcomp"}:
        # "Politico quoted Tim Manning as saying C", "AP quotes the minister saying C": the one quoted.
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        quoted = next((c for c in governor.children if c.dep_ == "dobj"), None)
        if governor.lemma_.lower() in attribution_cues().citing and quoted is not None:
            return quoted
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and _can_say(verb.head):
        noun = verb.head
        issuer = subject(noun.head) if noun.dep_ == "dobj" else None
        if noun.lemma_.lower() in attribution_cues().statement_nouns and issuer is not None:
            return issuer  # "KCNA issued a statement saying C": the agency says C
        return noun
    outer = verb.head.head if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" else None
    if outer is not None and outer.lemma_.lower() in attribution_cues().indirect:
        # "X has stated that A and has said that B": the parser joined "said" to A; it is X's.
        if any(c.dep_ == "ccomp" for c in verb.children):
            return subject(outer)
    if verb.dep_ in {"conj", "xcomp"} or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        if verb.head != verb:
            return subject(verb.head)
    return None


def _can_say(noun: Token) -> bool:
    """True for a noun that can be the source of "saying" hung on it ("a statement saying")."""
    a = attribution_cues()
    lemma = noun.lemma_.lower()
    return (
        noun.pos_ == "PROPN"
        or lemma in a.statement_nouns
        or lemma in a.document_sources
        or lemma in cues().speaker_nouns
        or lemma in cues().unnamed_sources
    )


def content_of(verb: Token) -> tuple[list[Token], str] | None:
    """The tokens a cue verb attributes, and how they hang from it."""
    a = attribution_cues()
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    comps = [c for c in children if c.dep_ == "ccomp"]
    if comps and lemma not in a.object_only:
        comp = next((c for c in comps if c.i > verb.i), comps[0])
        if _question(comp):
            return None  # "did not say whether ...", "confirmed what work ...": no claim
        return _without_other_cues(comp), "ccomp"
    for c in children:
        # "Reuters reported, citing two sources, that C": the parser hangs C from "citing".
        if c.dep_ == "advcl" and c.lemma_.lower() in a.citing:
            cited = next((g for g in c.children if g.dep_ == "ccomp" and g.i > c.i), None)
            if cited is not None and not _question(cited):
                return list(cited.subtree), "ccomp"
    if verb.dep_ == "parataxis" and verb.head != verb:
        # "C, officials said, D" / "C, he said.": the clause the cue interrupts.
        own = {t.i for t in verb.subtree}
        head = verb.head
        tokens = [t for t in head.subtree if t.i not in own]
        return tokens, "parataxis"
    if lemma in a.infinitive_content:
        for c in children:
            infinitive = c.dep_ == "xcomp" or (c.dep_ == "advcl" and c.i > verb.i and _has_to(c))
            if c.pos_ in {"VERB", "AUX"} and infinitive:
                return list(c.subtree), "xcomp"
    if lemma in a.object_content:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        preps = a.object_content[lemma]
        extra = [c for c in children if (c.dep_ == "prep" and c.lower_ in preps) or c.dep_ == "oprd"]
        attached = list(obj.children) if obj is not None else []  # "called the plan 'a disaster'"
        extra += [c for c in attached if (c.dep_ == "prep" and c.lower_ in preps) or c.dep_ == "appos"]
        if obj is not None and extra and obj.lower_ not in REFLEXIVE:  # not "a group calling itself X"
            tokens = list(obj.subtree)
            for e in extra:
                tokens.extend(e.subtree)
            return contiguous(tokens), "object"
    if lemma in a.clause_as_object:
        # "CalFire said several acres of land burned": the parser took the clause for an object.
        obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is not None and any(c.dep_ == "acl" and c.tag_ in {"VBD", "VBZ", "VBP"} for c in obj.children):
            return list(obj.subtree), "object clause"
    claim = next(
        (c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in a.claim_nouns and c.i > verb.i), None
    )
    clause = None
    if claim is not None:
        verbal = [c for c in claim.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}]
        clause = verbal[0] if verbal else None
    if clause is not None and not _question(clause):
        return list(clause.subtree), "claim"  # "denied accusations that C"
    statement = _statement(verb)
    if statement is not None:
        # "said in a statement that C": the parser hangs C from the statement.
        noun = next(g for g in statement.children if g.dep_ == "pobj")
        clause = next(
            (c for c in noun.children if c.dep_ in {"acl", "relcl", "ccomp"} and _marked(c, "that")), None
        )
        if clause is not None:
            return list(clause.subtree), "statement"
    if lemma in a.denial:
        obj = next((c for c in children if c.dep_ in {"dobj", "xcomp"} and c.pos_ == "VERB"), None)
        if obj is not None:
            return list(obj.subtree), "gerund"
    return None


def _has_to(token: Token) -> bool:
    return any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children)


def _question(comp: Token) -> bool:
    """True for an embedded question ("whether C", "what C", "how C")."""
    first = next(iter(comp.subtree))
    return _marked(comp, "whether") or _marked(comp, "if") or first.tag_ in {"WDT", "WP", "WP$", "WRB"}


def _without_other_cues(comp: Token) -> list[Token]:
    """A complement clause without a coordinated clause of saying of its own ("noted that A ... and
    say that B": B is the second verb's)."""
    a = attribution_cues()
    drop: set[int] = set()
    for t in comp.subtree:
        if t == comp or t.i in drop or t.lemma_.lower() not in a.indirect:
            continue
        if not any(c.dep_ == "ccomp" for c in t.children):
            continue
        if t.dep_ == "conj" and t.head == comp:
            drop |= {x.i for x in t.subtree}
            drop |= {c.i for c in comp.children if c.dep_ == "cc" and c.i < t.i}
        elif t.dep_ == "pcomp" and any(c.dep_ == "nsubj" for c in t.children):
            # "told reporters he lost control, with local press claiming B": B is the press's.
            drop |= {x.i for x in t.head.subtree}
        elif t.dep_ == "advcl" and t.head == comp and t.tag_ == "VBG" and t.i > comp.i:
            # "stated that A, saying that B": B is a second attribution.
            drop |= {x.i for x in t.subtree}
    return [t for t in comp.subtree if t.i not in drop]


def _marked(token: Token, word: str) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == word for c in token.children)


def _statement(verb: Token) -> Token | None:
    """The "in a statement" phrase of a cue verb, or None."""
    a = attribution_cues()
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in a.statement_nouns:
                return c
    return None


def _passive(verb: Token) -> tuple[list[Token], Token | None] | None:
    """The content of a reporting passive and its agent, if any: "it is believed that C", "X is said
    to C", "X is seen by Y as C"."""
    a = attribution_cues()
    if verb.lemma_.lower() not in a.agentless_passive:
        return None
    children = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in children):
        # A reduced passive: "one of the guards believed to have shot it".
        tail = next((c for c in children if c.dep_ == "xcomp" and _has_to(c)), None)
        if verb.tag_ == "VBN" and verb.dep_ in {"acl", "conj"} and tail is not None:
            return list(tail.subtree), None
        return None
    agent = next((g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    comp = next((c for c in children if c.dep_ == "ccomp"), None)
    subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if comp is not None and (subj is None or subj.lower_ == "it"):
        return list(comp.subtree), agent
    if subj is None or subj.lower_ in {"it", "there"}:
        return None
    # What the subject is said, believed or considered to be: "X is said [to be C]", "X is
    # considered [a safe candidate]", "X was blamed [for C]", "X is seen [as C]".
    tail = next(
        (
            c
            for c in children
            if c.i > verb.i
            and (
                c.dep_ in {"xcomp", "oprd", "attr", "acomp"}
                or (c.dep_ == "prep" and c.lower_ in {"as", "for"})
            )
        ),
        None,
    )
    if tail is not None:
        return list(tail.subtree), agent
    return None


def _without_source_phrases(tokens: Sequence[Token]) -> list[Token]:
    """Content without a "citing X" or "according to X" phrase hanging inside it (its own attribution)."""
    a = attribution_cues()
    drop: set[int] = set()
    for t in tokens:
        if (t.lemma_.lower() in a.citing and t.tag_ == "VBG") or (
            t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to"
        ):
            drop |= {s.i for s in t.subtree}
    return [t for t in tokens if t.i not in drop]


def _to_quote_end(text: str, start: int, end: int, quotes: Sequence[Segment]) -> int:
    """The end of content that stops short of its quotation's end by punctuation only ('"... standards."')."""
    for s in quotes:
        if start <= s.start < end < s.end and not text[end : s.end].strip(" .,;:!?"):
            return s.end
    return end


def _words(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.is_alpha or t.like_num)


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def find(
    parsed: SpacyDoc, index: ActorIndex, quotes: Sequence[Segment], text: str | None = None
) -> list[Found]:
    """Every attribution anchored on a cue verb outside quotation marks. ``text`` is the parsed text
    when the caller has it (spaCy rebuilds ``parsed.text`` from every token at each call)."""
    a = attribution_cues()
    text = parsed.text if text is None else text
    out: list[Found] = []
    for verb in parsed:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        lemma = verb.lemma_.lower()
        if lemma not in a.agentless_passive and (lemma not in a.indirect or lemma in a.not_claims):
            continue
        if inside(verb.idx, quotes):
            continue
        passive = _passive(verb) if lemma in a.agentless_passive else None
        if passive is None and (lemma not in a.indirect or lemma in a.not_claims):
            continue
        named = False
        if passive is not None:
            tokens, agent = passive
            kind, source = "source_phrase", None
            if agent is not None:
                kind = "indirect"
                source = speaker(agent, index, paragraph_start=_paragraph_start(text, verb.idx))
        else:
            got = content_of(verb)
            if got is None:
                continue
            tokens = got[0]
            subj = subject(verb)
            if subj is None or any(c.dep_ == "auxpass" for c in verb.children):
                continue
            if lemma in a.person_only and subj.lemma_.lower() in a.document_sources:
                continue  # "reports indicate": no one is quoted
            source = speaker(subj, index, paragraph_start=_paragraph_start(text, verb.idx))
            if source is None:
                continue
            kind = "indirect"
            if verb.dep_ == "acl" and verb.head.lemma_.lower() in a.statement_nouns:
                kind = "source_phrase"  # "X issued a statement saying C" (guideline §6)
            named = subj.pos_ in {"NOUN", "PROPN"}
        tokens = trim(_without_source_phrases(tokens))
        if _words(tokens) < weights("quotes").indirect_min_content_words:  # "he said so" is no claim
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        end = _to_quote_end(text, start, end, quotes)
        if covering(start, end, quotes) is not None:
            continue  # a direct quote: the quotation's own attribution reads it
        if any(s.start < end and start < s.end for s in quotes):
            kind = "mixed"
        cue_start, cue_end = verb.idx, verb.idx + len(verb.text)
        particle = next((c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1), None)
        if particle is not None:
            cue_end = particle.idx + len(particle.text)
        statement = _statement(verb)
        if statement is not None and statement.i > verb.i and kind == "indirect":
            kind = "source_phrase"
            noun = next(g for g in statement.children if g.dep_ == "pobj")
            if statement.i > verb.i and noun.i < tokens[0].i:
                cue_end = noun.idx + len(noun.text)  # "said in a statement"
        out.append(
            Found(
                kind,
                start,
                end,
                cue_start,
                cue_end,
                text[cue_start:cue_end],
                source,
                of_attribution(verb, tokens, backshifted=verb.tag_ in {"VBD", "VBN"}),
                (tokens[0].i, tokens[-1].i),
                named,
            )
        )
    return _outermost(out)


def _outermost(found: list[Found]) -> list[Found]:
    """Drop an attribution whose cue lies inside another's content and whose source is a pronoun or
    none ("X said he believed C" is X's); a source named inside another's content keeps its own
    ("Downer said Australia has said it is concerned")."""
    keep = []
    for f in found:
        if not f.named and any(
            o is not f and o.start <= f.cue_start < o.end and o.kind != "source_phrase" for o in found
        ):
            continue
        keep.append(f)
    return keep

