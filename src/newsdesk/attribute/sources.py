"""Source phrases: "according to X", "citing X", "reportedly" and its kin.

"According to X" qualifies the clause it sits in, so that clause without the phrase is the
content; "citing X" gives the content of the statement it hangs from (the reporting verb's clause,
"Y said C, citing X") a second source; "reportedly" attributes the clause it modifies to nobody
named. A phrase inside quotation marks belongs to the quotation.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span, Token

from ..tuning import weights
from .actor_index import ActorIndex
from .cues import attribution_cues
from .indirect import Found, content_of, subject, trim
from .marks import Segment, covering, inside
from .modality import of_attribution
from .speakers import speaker


def _clause_without(sent: Span, start: int, end: int) -> list[Token]:
    """The sentence's tokens without the token range [start, end) and the comma around it."""
    tokens = [t for t in sent if not (start <= t.i < end) and not t.is_space]
    return trim(tokens)


def _apposed_after(parsed: SpacyDoc, i: int) -> Span | None:
    """A person's name set off by commas right after token ``i - 1`` (an apposition the parser missed)."""
    if i + 1 >= len(parsed) or parsed[i].text != ",":
        return None
    ent = next((e for e in parsed.ents if e.start == i + 1 and e.label_ == "PERSON"), None)
    if ent is None or ent.end >= len(parsed) or parsed[ent.end].text != ",":
        return None
    return ent


def _that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _long(text: str) -> bool:
    return len(text.split()) > 3


def _words(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.is_alpha or t.like_num)


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _direct_or_phrase(
    tokens: list[Token], quotes: Sequence[Segment], quoting: bool = False
) -> tuple[str, int, int] | None:
    """The kind and content span of what a source phrase qualifies. ``quoting``: a quotation of
    some length in the clause is what the phrase attributes ('X stated, "...", according to Y')."""
    if not tokens or _words(tokens) < weights("quotes").source_min_content_words:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    seg = covering(start, end, quotes)
    if seg is not None:
        return "direct", seg.start, seg.end
    if quoting:
        text = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text  # not Doc.text: the whole page
        base = tokens[0].idx
        inner = [s for s in quotes if start <= s.start <= s.end <= end + 1]
        held = [s for s in inner if _long(text[s.start - base : s.end - base])]
        if held:
            return "direct", held[0].start, held[0].end
    if any(s.start < end and start < s.end for s in quotes):
        return "mixed", start, end
    return "source_phrase", start, end


def find(
    parsed: SpacyDoc, index: ActorIndex, quotes: Sequence[Segment], text: str | None = None
) -> list[Found]:
    """Attributions made by source phrases outside quotation marks. ``text`` is the parsed text
    when the caller has it (spaCy rebuilds ``parsed.text`` from every token at each call)."""
    a = attribution_cues()
    text = parsed.text if text is None else text
    out: list[Found] = []
    for tok in parsed:
        lower = tok.lower_
        lemma = tok.lemma_.lower()
        if not (lower == "according" or lemma in a.citing or lemma in a.claim_nouns
                or lower in a.source_phrase_adverbs):
            continue  # none of the branches below could fire
        if inside(tok.idx, quotes):
            continue
        if lower == "according" and tok.i + 1 < len(parsed) and tok.nbor().lower_ == "to":
            obj = next((g for g in tok.nbor().children if g.dep_ == "pobj"), None)
            if obj is None:
                continue
            # "according to a report by X": X is the source.
            agent = next(
                (g for p in obj.children if p.dep_ in {"prep", "agent"} and p.lower_ in {"by", "from"}
                 for g in p.children if g.dep_ == "pobj"),
                None,
            )
            phrase_end = max(t.i for t in obj.subtree) + 1
            named = _apposed_after(parsed, phrase_end)
            if named is not None:  # "according to the prime minister of Turkey, Recep Tayyip Erdogan,"
                agent, phrase_end = named.root, named.end + 1
            tokens = _clause_without(tok.sent, tok.i, phrase_end)
            got = _direct_or_phrase(tokens, quotes, quoting=True)
            if got is None:
                continue
            kind, start, end = got
            source = speaker(agent or obj, index, paragraph_start=_paragraph_start(text, tok.idx))
            cue_end = tok.nbor().idx + 2
            out.append(
                Found(kind, start, end, tok.idx, cue_end, text[tok.idx : cue_end], source,
                      of_attribution(None, tokens), (tokens[0].i, tokens[-1].i))
            )
        elif tok.lemma_.lower() in a.citing and tok.tag_ == "VBG" and tok.dep_ in {"advcl", "acl", "xcomp"}:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is None:
                continue
            own = {t.i for t in tok.subtree}
            comp = next((g for g in tok.children if g.dep_ == "ccomp" and g.i > obj.i), None)
            reporting = next((h for h in tok.ancestors if content_of(h) is not None), tok.head)
            got_content = content_of(reporting)
            # "Y reported, citing X, that C" and "Y said C, citing X": C; "Z happened, citing X" (no
            # reporting verb): the rest of the sentence.
            if comp is not None:
                tokens = trim(list(comp.subtree))
            else:
                pool = got_content[0] if got_content is not None else list(tok.sent)
                tokens = trim([t for t in pool if t.i not in own])
            got = _direct_or_phrase(tokens, quotes)
            if got is None:
                continue
            kind, start, end = got
            if kind == "direct":
                kind = "source_phrase"
            source = speaker(obj, index, paragraph_start=_paragraph_start(text, tok.idx))
            out.append(
                Found(kind, start, end, tok.idx, tok.idx + len(tok.text), tok.text, source,
                      of_attribution(None, tokens), (tokens[0].i, tokens[-1].i))
            )
        elif tok.lemma_.lower() in a.claim_nouns and tok.pos_ == "NOUN":
            # "allegations that C", "reports that C", "Smith's claim that C": the noun is the cue.
            clause = next(
                (c for c in tok.children if c.dep_ in {"acl", "ccomp"} and c.i > tok.i and _that(c)), None
            )
            if clause is None or (tok.dep_ == "dobj" and tok.head.lemma_.lower() in a.indirect):
                continue  # "denied reports that C" is the verb's (indirect.py)
            tokens = trim(list(clause.subtree))
            got = _direct_or_phrase(tokens, quotes)
            if got is None or got[0] == "direct":
                continue
            kind, start, end = got
            owner = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
                (g for p in tok.children if p.dep_ in {"prep", "agent"} and p.lower_ in {"by", "from"}
                 for g in p.children if g.dep_ == "pobj"),
                None,
            )
            cue_start = tok.idx
            if owner is None and tok.dep_ == "dobj" and (holder := subject(tok.head)) is not None:
                # "The president expressed concern that C": the subject holds C, the cue is the phrase.
                owner, cue_start = holder, min(tok.head.idx, tok.idx)
                kind = "indirect" if kind == "source_phrase" else kind
            source = speaker(owner, index, paragraph_start=_paragraph_start(text, tok.idx)) if owner else None
            cue_end = tok.idx + len(tok.text)
            out.append(
                Found(kind, start, end, cue_start, cue_end, text[cue_start:cue_end], source,
                      of_attribution(None, tokens), (tokens[0].i, tokens[-1].i))
            )
        elif lower in a.source_phrase_adverbs and tok.dep_ == "advmod":
            head = tok.head
            tokens = trim([t for t in head.subtree if t.i != tok.i and not (t.is_punct and t.i == tok.i + 1)])
            got = _direct_or_phrase(tokens, quotes)
            if got is None or got[0] == "direct":
                continue
            kind, start, end = got
            out.append(
                Found(kind, start, end, tok.idx, tok.idx + len(tok.text), tok.text, None,
                      of_attribution(None, tokens), (tokens[0].i, tokens[-1].i))
            )
    return out
