"""Who said what: attributions of every kind (PARC 3.0 source, cue, content), with their speakers.

Four kinds (docs/annotation/attribution.md, docs/attribution.md):

- ``direct``: a quotation found by the scanner (:mod:`.marks`: every quotation style, nested
  quotes, quotations running over paragraphs), given to the nearest verb of saying outside the
  quotation marks and its subject, or to "according to X"; a quotation with no cue of its own
  that follows a speaker's quote in the same or the previous paragraph continues that speaker;
- ``indirect`` and ``mixed``: the clause a cue verb governs (:mod:`.indirect`), ``mixed`` when a
  quoted stretch sits inside it;
- ``source_phrase``: "according to", "citing", "reportedly" (:mod:`.sources`), "said in a
  statement" and agentless reporting passives.

Speakers are kept as the text words them and linked to an actor where the text names one
(:mod:`.speakers`); every attribution carries its content, cue and speaker spans, its kind and the
modality of its content (:func:`.modality.of_attribution`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..model import Document, Quote
from ..read.nlp import parsed_text
from ..stages import Stage
from ..tuning import weights
from . import indirect, sources
from .actor_index import ActorIndex
from .cues import attribution_cues, cues
from .indirect import Found
from .marks import Segment, inside, scan
from .modality import of_attribution
from .speakers import Speaker, speaker

__all__ = ["STAGE", "Attributor", "Segment", "attribute", "scan"]

# How long a quotation must be to be speech, and how far its verb may be, are the quotes stage's
# tuning weights: data/attribute/weights.json, read through tuning.weights("quotes").
#: Verbs that perform an act rather than report words ("declared a public health emergency").
PERFORMATIVE = {"declare", "call", "describe", "mention", "list", "label", "brand", "term", "name"}
#: Bounds for hostile input.
MAX_QUOTE_CHARS = 5000
MAX_QUOTES = 500


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _is_title(text: str) -> bool:
    """A short all-capitalised quotation is a name or a title ("Uncle John's Band"), not speech."""
    if text.rstrip().endswith(("!", "?", ".", ",")):
        return False  # a title does not end on a sentence's punctuation ("I WON THIS ELECTION!")
    words = re.findall(r"[^\W\d_][\w']*", text)
    return len(words) < 8 and all(w[0].isupper() for w in words if len(w) > 3)


def _subject(verb: Token) -> Token | None:
    """Who speaks through ``verb``: its subject (:func:`.indirect.subject`), or the agent of a
    passive ("was told by X")."""
    for child in verb.children:
        if child.dep_ == "agent" and not any(c.dep_ == "nsubj" for c in verb.children):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return indirect.subject(verb)


class Attributor:
    """The attributions of one parsed document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.parsed: SpacyDoc = doc.analysis["spacy"]
        self.index = ActorIndex(doc)
        self.text = parsed_text(doc)
        speech = cues().speech_verbs | attribution_cues().speech
        self.verbs = [
            t
            for t in self.parsed
            if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in speech and t.dep_ != "amod"
        ]
        self.segments = [s for s in scan(doc.body) if s.end - s.start <= MAX_QUOTE_CHARS][:MAX_QUOTES]
        self._sentences: dict[int, int] = {}

    def _paragraph(self, pos: int) -> tuple[int, int]:
        body = self.doc.body
        start = body.rfind("\n", 0, pos) + 1
        end = body.find("\n", pos)
        return start, len(body) if end < 0 else end

    def speaker_for(self, seg: Segment) -> tuple[Speaker | None, Token | None, str | None]:
        """The speaker and cue of a quotation: the nearest speech verb outside quotation marks with a
        subject, else "according to X" near it."""
        quotes = self.segments
        para_start, para_end = self._paragraph(seg.start)
        first_para_end = self._paragraph(seg.start)[1]
        reach = weights("quotes").reach
        lo = max(para_start, seg.start - reach)
        hi = min(self._paragraph(seg.end)[1] if seg.end > first_para_end else para_end, seg.end + reach)
        candidates = [v for v in self.verbs if lo <= v.idx < hi and not inside(v.idx, quotes)]
        # A verb after the quote must come before the next quotation opens (": ..., he said. 'Next'").
        nxt = min((q.start for q in quotes if q.start > seg.end), default=hi)
        candidates = [v for v in candidates if v.idx < seg.start or v.idx < nxt]
        touching = {self._sent_id(seg.start - 1), self._sent_id(seg.start), self._sent_id(seg.end)}
        # A verb in a later sentence that introduces a quotation of its own is not this one's
        # ('"A." Later, X told the BBC: "B."').
        opening = {self._sent_id(q.start) for q in quotes if q.start > seg.end}
        candidates = [
            v
            for v in candidates
            if v.idx < seg.start or self._sent_id(v.idx) in touching or self._sent_id(v.idx) not in opening
        ]
        after = self.doc.body[seg.end : seg.end + 20].lower()
        if "according to" in after:  # '"...," according to X' names the source outright
            candidates = [v for v in candidates if v.idx < seg.start]

        def distance(v: Token) -> tuple[int, int]:
            gap = seg.start - v.idx if v.idx < seg.start else v.idx - seg.end
            return (0 if self._sent_id(v.idx) in touching else 1, gap)

        if "according to" in after:
            found_by = self._according(seg.end, min(hi, seg.end + 200), para_start)
            if found_by is not None:
                return found_by
        for verb in sorted(candidates, key=distance):
            subject = _subject(verb)
            if subject is None or inside(subject.idx, quotes):
                continue
            found = speaker(
                subject,
                self.index,
                paragraph_start=para_start,
                before=seg.start if subject.idx > seg.start else None,
            )
            if found is not None:
                return found, verb, None
        return self._according(lo, hi, para_start) or (None, None, None)

    def _according(self, lo: int, hi: int, para_start: int) -> tuple[Speaker, Token, str] | None:
        """The source of an "according to X" between ``lo`` and ``hi``, outside quotation marks."""
        for tok in self.parsed.char_span(lo, hi, alignment_mode="expand") or ():
            if tok.lower_ != "according" or inside(tok.idx, self.segments) or tok.i + 1 >= len(self.parsed):
                continue
            if tok.nbor().lower_ != "to":
                continue
            obj = next((g for g in tok.nbor().children if g.dep_ == "pobj"), None)
            found = speaker(obj, self.index, paragraph_start=para_start) if obj is not None else None
            if found is not None:
                return found, tok, self.doc.body[tok.idx : tok.nbor().idx + 2]
        return None

    def _sent_id(self, pos: int) -> int:
        """The index of the first token of the sentence holding ``pos`` (memoised: a page of many
        quotations asks for the same offsets again and again)."""
        pos = max(0, min(pos, len(self.doc.body) - 1))
        if pos not in self._sentences:
            span = self.parsed.char_span(pos, pos + 1, alignment_mode="expand")
            self._sentences[pos] = span.sent.start if span is not None and len(span) else -1
        return self._sentences[pos]

    def _content_tokens(self, start: int, end: int) -> list[Token]:
        span = self.parsed.char_span(start, end, alignment_mode="contract")
        return [t for t in span if not t.is_space] if span is not None else []

    def direct(self, mixed: Sequence[Found]) -> list[Quote]:
        w = weights("quotes")
        body = self.doc.body
        segments = self.segments
        out: list[Quote] = []
        previous: Quote | None = None
        previous_open = False
        for seg in segments:
            text = body[seg.start : seg.end]
            words = _words(text)
            held = [m for m in mixed if min(m.end, seg.end) - max(m.start, seg.start) >= 0.5 * len(text)]
            if any(not self._introduced(m, seg) for m in held):
                continue  # a partial quote inside indirect speech: the mixed attribution holds it
            if words < w.min_short_words or _is_title(text):
                continue
            # A phrase quoted inside narration is no utterance of its own: with a speaker, it is the
            # quoted part of a mixed attribution the parse did not read.
            partial = words < w.whole_words and not self._whole_utterance(seg)
            if words < w.min_words and not (
                self._said_in_sentence(seg) or (previous is not None and self._same_paragraph(previous, seg))
            ):
                continue
            found, cue, cue_text = self.speaker_for(seg)
            quote: Quote | None = None
            if found is not None and cue is not None:
                cue_end = cue.idx + len(cue_text or cue.text)
                quote = Quote(
                    found.ref,
                    text,
                    True,
                    seg.start,
                    seg.end,
                    cue_text or cue.text,
                    found.start,
                    found.end,
                    kind="direct",
                    modality=of_attribution(
                        cue if cue_text is None else None, self._content_tokens(seg.start, seg.end)
                    ),
                    cue_start=cue.idx,
                    cue_end=cue_end,
                )
            elif previous is not None and (
                previous_open or self._quote_paragraph(seg, previous) or self._own_sentence(seg, previous)
            ):
                # A continued quotation, or a following quote with no cue of its own: the same speaker,
                # named by the mention nearest to it.
                near = self._nearest_mention(previous, seg)
                quote = Quote(
                    previous.speaker,
                    text,
                    True,
                    seg.start,
                    seg.end,
                    previous.cue,
                    near[0],
                    near[1],
                    kind="direct",
                    modality=of_attribution(None, self._content_tokens(seg.start, seg.end)),
                    cue_start=previous.cue_start,
                    cue_end=previous.cue_end,
                )
            elif not partial and words >= w.implied_words and self._opens_sentence(seg):
                # A quotation standing as sentences of its own with no cue: the speaker the text
                # implies is the person named last before it in the paragraph (cue none).
                person = self._implied_speaker(seg)
                if person is not None:
                    quote = Quote(
                        person.ref,
                        text,
                        True,
                        seg.start,
                        seg.end,
                        None,
                        person.start,
                        person.end,
                        kind="direct",
                        modality=of_attribution(None, self._content_tokens(seg.start, seg.end)),
                    )
            if quote is not None and partial:
                if found is None or cue is None or not self._governs(cue, seg):
                    quote = None  # a scare quote near a verb of saying, not words it reports
                else:
                    quote.kind, quote.direct = "mixed", False
            if quote is not None:
                out.append(quote)
                previous = quote
                if cue is not None and found is not None:
                    out.extend(self._relayed(quote, cue, para_start=self._paragraph(seg.start)[0]))
            previous_open = not seg.closed
        return out

    def _relayed(self, quote: Quote, cue: Token, para_start: int) -> list[Quote]:
        """The outlet that relays a quotation: "Politico quoted X as saying "..."" gives the quote a
        second source, Politico, with the cue "quoted" (docs/annotation/attribution.md §6)."""
        if cue.tag_ != "VBG" or cue.dep_ not in {"advcl", "pcomp", "xcomp"}:
            return []
        governor = cue.head.head if cue.dep_ == "pcomp" else cue.head
        if governor.lemma_.lower() not in attribution_cues().citing:
            return []
        holder = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        found = speaker(holder, self.index, paragraph_start=para_start) if holder is not None else None
        if found is None:
            return []
        return [
            Quote(
                found.ref,
                quote.text,
                True,
                quote.start,
                quote.end,
                governor.text,
                found.start,
                found.end,
                kind="direct",
                modality=quote.modality,
                cue_start=governor.idx,
                cue_end=governor.idx + len(governor.text),
            )
        ]

    def _opens_sentence(self, seg: Segment) -> bool:
        before = self.doc.body[: max(seg.start - 1, 0)].rstrip()
        return not before or before[-1] in {".", "!", "?", "\n", ":"} or before.endswith(("\u201d", '"'))

    def _implied_speaker(self, seg: Segment) -> Speaker | None:
        """The person named last before ``seg`` in its paragraph, outside quotation marks."""
        para_start = self._paragraph(seg.start)[0]
        found = self.index.before(seg.start - 1, {"PERSON"}, para_start)
        if found is None or inside(found.start, self.segments):
            return None
        return Speaker(found.ref, found.start, found.end)

    def _governs(self, cue: Token, seg: Segment) -> bool:
        """True when the quoted words hang from a verb of saying (``attribution_cues.json`` "speech"): the
        source used them ("said the plan was 'dead on arrival'"), not the writer."""
        if cue.lemma_.lower() not in attribution_cues().speech or cue.lemma_.lower() in PERFORMATIVE:
            return False
        words = self._content_tokens(seg.start, seg.end)
        return any(cue in t.ancestors for t in words if t.is_alpha)

    def _whole_utterance(self, seg: Segment) -> bool:
        """True when a quotation stands as an utterance of its own: it ends on its own punctuation, or
        opens after a colon, a comma or a sentence's end ('said: "..."', '"Yes," he said')."""
        body = self.doc.body
        if body[seg.start : seg.end].rstrip()[-1:] in {",", ".", "!", "?", ";"}:
            return True
        before = body[: max(seg.start - 1, 0)].rstrip()
        return not before or before[-1] in {":", ",", ".", "!", "?", "\n"}

    def _introduced(self, mixed: Found, seg: Segment) -> bool:
        """True when a verb of saying of its own introduces ``seg`` inside the mixed content ('said he
        threatened Bush by stating that "..."')."""
        return any(mixed.cue_end <= v.idx < seg.start and mixed.start <= v.idx for v in self.verbs)

    def _nearest_mention(self, previous: Quote, seg: Segment) -> tuple[int | None, int | None]:
        """The mention of the previous quote's speaker nearest before ``seg`` (its own words when the
        speaker is no entity of the document)."""
        entity = self.doc.entity(previous.speaker) if isinstance(previous.speaker, str) else None
        best = (previous.speaker_start, previous.speaker_end)
        if entity is None or best[0] is None:
            return best
        for m in entity.mentions:
            if best[0] < m.start and m.end <= seg.start and not inside(m.start, self.segments):
                best = (m.start, m.end)
        return best

    def _same_paragraph(self, quote: Quote, seg: Segment) -> bool:
        return "\n" not in self.doc.body[quote.end : seg.start]

    def _said_in_sentence(self, seg: Segment) -> bool:
        sentence = self._sent_id(seg.start)
        return any(self._sent_id(v.idx) == sentence and not inside(v.idx, self.segments) for v in self.verbs)

    def _quote_paragraph(self, seg: Segment, previous: Quote) -> bool:
        """True when ``seg`` opens its paragraph and the previous quote ended in the paragraph before."""
        body = self.doc.body
        para_start = body.rfind("\n", 0, seg.start) + 1
        lead = body[para_start : seg.start - 1].strip()
        between = body[previous.end : para_start]
        return not lead and between.count("\n") <= 2 and "\n" in between

    def _own_sentence(self, seg: Segment, previous: Quote) -> bool:
        """True when ``seg`` follows the previous quote in its paragraph and opens a sentence of its own
        ('"A," said X. "B."')."""
        if not self._same_paragraph(previous, seg):
            return False
        lead = self.doc.body[previous.end : seg.start - 1]
        if previous.text.rstrip().endswith((".", "!", "?")) and not lead.strip(" \"'\u201d\u2019\u00bb"):
            return True  # '"A." "B."'
        return bool(re.search(r"[.!?][\"'\u201d\u2019]?\s*$", lead)) or lead.strip() == ""

    def attributions(self) -> list[Quote]:
        """Every attribution of the document, direct quotes first where two readings overlap."""
        text = parsed_text(self.doc)
        read = indirect.find(self.parsed, self.index, self.segments, text)
        phrases = sources.find(self.parsed, self.index, self.segments, text)
        mixed = [f for f in read + phrases if f.kind == "mixed"]
        direct = self.direct(mixed)
        out = list(direct)
        for f in read + phrases:
            if f.kind == "direct":
                # "according to X" beside a quotation already given to its speaker adds X as a source.
                same = [q for q in direct if q.start == f.start and q.end == f.end]
                if not same or any(_overlaps(q.speaker_start, q.speaker_end, f.source) for q in same):
                    continue
            elif any(_shares(q.start, q.end, f.start, f.end) for q in direct):
                continue
            if any(q.cue_start == f.cue_start and _shares(q.start, q.end, f.start, f.end) for q in out):
                continue
            out.append(_quote(f, self.doc.body))
        return sorted(out, key=lambda q: (q.start, q.cue_start or 0))


def _overlaps(start: int | None, end: int | None, source: Speaker | None) -> bool:
    if source is None or start is None or end is None:
        return False
    return start < source.end and source.start < end


def _shares(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Two contents are one when they overlap by half of the shorter."""
    shared = min(a_end, b_end) - max(a_start, b_start)
    return shared > 0 and shared >= 0.5 * min(a_end - a_start, b_end - b_start)


def _quote(f: Found, body: str) -> Quote:
    return Quote(
        f.source.ref if f.source is not None else None,
        body[f.start : f.end],
        f.kind == "direct",
        f.start,
        f.end,
        f.cue,
        f.source.start if f.source is not None else None,
        f.source.end if f.source is not None else None,
        kind=f.kind,
        modality=f.modality,
        cue_start=f.cue_start,
        cue_end=f.cue_end,
    )


def attribute(docs: Sequence[Document]) -> None:
    """Fill ``doc.quotes`` for a batch of parsed documents."""
    for doc in docs:
        if "spacy" not in doc.analysis:
            continue
        doc.quotes = Attributor(doc).attributions()
        for quote in doc.quotes:
            entity = doc.entity(quote.speaker) if isinstance(quote.speaker, str) else None
            quote.speaker_name = (
                entity.name if entity else quote.speaker if isinstance(quote.speaker, str) else None
            )


STAGE = Stage(name="quotes", phase="attribute", run=attribute, order=10, requires=("nlp",))
