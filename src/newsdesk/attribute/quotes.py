"""Who said what: direct quotes in any quotation style, indirect speech, and their speakers.

Direct quotes are found by a small scanner over the body (curly, straight, single, guillemets, and
quotes left open at a paragraph's end that continue in the next); each is attributed through the
nearest speech verb outside the quotation marks (``data/attribute/speech_verbs.txt``) and its
subject, resolved to an actor by :mod:`.resolve` (names, titles, pronouns, organisations). A quote
paragraph with no attribution of its own continues the previous speaker's quote. Indirect speech is
the complement clause of a speech verb ("X said that ...", "X revealed that ...") or what "according
to X" qualifies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span, Token

from ..model import Document, Quote
from ..read.nlp import parsed_text
from ..stages import Stage
from .cues import cues
from .resolve import ActorIndex, Resolved

#: A direct quote shorter than this many words is a scare quote or a title, not speech, unless a
#: speech verb in its own sentence introduces it ('said the plan was "dead on arrival"').
MIN_WORDS = 4
MIN_SHORT_WORDS = 3
#: Bounds for hostile input.
MAX_QUOTE_CHARS = 5000
MAX_QUOTES = 500
#: How far (characters) a speech verb may sit from the quotation it introduces.
REACH = 250
#: Opening mark -> the marks that may close it (scraped text often mixes curly and straight marks).
OPENERS = {
    "\u201c": '\u201d"',
    "\u00ab": "\u00bb",
    "\u201e": "\u201c\u201d",
    "\u2018": "\u2019'",
    '"': '"\u201d',
    "'": "'\u2019",
}
#: Parts of speech a speech verb can have (spaCy's ids).
VERBAL = np.array([POS_IDS["VERB"], POS_IDS["AUX"]], dtype=np.uint64)
#: Any character that can open or close a quotation.
QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(set("".join([*OPENERS, *OPENERS.values()]))))) + "]")
#: Speech verbs too common in other senses to introduce indirect speech on their own.
WEAK_INDIRECT = {"add", "continue", "point", "post", "ask", "think", "believe", "write", "observe", "recall"}


@dataclass
class Segment:
    start: int  # offset of the first character inside the quotation marks
    end: int  # offset after the last character inside
    closed: bool  # False: the paragraph ended with the quotation still open


def _is_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:;,") and not after.isspace()


def _is_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-\"”'’")


def scan(body: str) -> list[Segment]:
    """Quotation spans in ``body``, paragraph by paragraph (outer level only)."""
    segments: list[Segment] = []
    for para in re.finditer(r"[^\n]+", body):
        text, base = para.group(), para.start()
        opened, closer = -1, ""
        for mark in QUOTE_MARK.finditer(text):  # only quotation marks can open or close
            i, ch = mark.start(), mark.group()
            if opened < 0:
                if ch in OPENERS and (ch in "\u201c\u00ab\u201e" or _is_opening(text, i)):
                    if ch in "'\u2018" and i > 0 and text[i - 1].isalnum():
                        continue
                    opened, closer = i + 1, OPENERS[ch]
            elif ch in closer and (ch in "\u201d\u00bb" or _is_closing(text, i)):
                if not (ch in "'\u2019" and i + 1 < len(text) and text[i + 1].isalpha()):
                    segments.append(Segment(base + opened, base + i, True))
                    opened = -1
        if opened >= 0:
            segments.append(Segment(base + opened, base + len(text), False))
    return segments


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _is_title(text: str) -> bool:
    """A short all-capitalised quotation is a name or a title ("Uncle John's Band"), not speech."""
    words = re.findall(r"[^\W\d_][\w']*", text)
    return len(words) < 8 and all(w[0].isupper() for w in words if len(w) > 3)


def _inside(pos: int, spans: Sequence[Segment]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if verb.dep_ == "conj":
        return _subject(verb.head)
    return None


def _according(parsed: SpacyDoc, lo: int, hi: int, quotes: Sequence[Segment], text: str
               ) -> tuple[Token, Token] | None:
    """("according", its object) within [lo, hi) outside quotation marks (``text``: the parsed text)."""
    if "according" not in text[max(lo - 9, 0):hi + 9].lower():  # the usual case, cheaply
        return None
    span = parsed.char_span(lo, hi, alignment_mode="expand") if hi > lo else None
    for tok in span if span is not None else ():
        if tok.lower_ == "according" and not _inside(tok.idx, quotes):
            if tok.i + 1 < len(parsed) and tok.nbor().lower_ == "to":
                obj = next((g for g in tok.nbor().children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return tok, obj
    return None


class Attributor:
    """Speakers for one document's quotations."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.parsed: SpacyDoc = doc.analysis["spacy"]
        self.index = ActorIndex(doc)
        parsed = self.parsed
        self.text = parsed_text(doc)
        verbal = np.flatnonzero(np.isin(parsed.to_array(POS), VERBAL)) if len(parsed) else ()
        self.verbs = [
            t
            for t in (parsed[int(i)] for i in verbal)
            if t.lemma_.lower() in cues().speech_verbs and t.dep_ != "amod"
        ]

    def speaker_for(self, seg: Segment, quotes: Sequence[Segment]) -> tuple[Resolved | None, str | None]:
        """The actor and cue word introducing ``seg``: the nearest speech verb outside quotation marks."""
        body = self.doc.body
        para_start = body.rfind("\n", 0, seg.start) + 1
        para_end = body.find("\n", seg.end)
        para_end = len(body) if para_end < 0 else para_end
        lo, hi = max(para_start, seg.start - REACH), min(para_end, seg.end + REACH)
        candidates = [v for v in self.verbs if lo <= v.idx < hi and not _inside(v.idx, quotes)]
        # A verb after the quote must come before the next quotation opens (": ..., he said. 'Next'").
        nxt = min((q.start for q in quotes if q.start > seg.end), default=hi)
        candidates = [v for v in candidates if v.idx < seg.start or v.idx < nxt]
        # Prefer verbs in the sentence(s) touching the quote, then the nearest.
        touching = {self._sent_id(seg.start - 1), self._sent_id(seg.start), self._sent_id(seg.end)}

        def distance(v: Token) -> tuple[int, int]:
            gap = seg.start - v.idx if v.idx < seg.start else v.idx - seg.end
            return (0 if self._sent_id(v.idx) in touching else 1, gap)

        for verb in sorted(candidates, key=distance):
            subject = _subject(verb)
            if subject is None:
                continue
            floor = para_start if subject.idx > seg.end else 0
            if subject.idx > seg.end and subject.pos_ == "PRON":
                found = self._pronoun_before(subject, seg.start)
            else:
                found = self.index.resolve(
                    subject, pronoun_floor=floor if subject.pos_ != "PRON" else 0, speaker=True
                )
                if found is not None and subject.pos_ == "PRON" and _inside(found.start, quotes):
                    found = self._pronoun_before(subject, seg.start)
            if found is not None:
                return found, verb.text
        according = _according(self.parsed, lo, hi, quotes, self.text)
        if according is not None:
            found = self.index.resolve(according[1], speaker=True)
            if found is not None:
                return found, "according to"
        return None, None

    def _pronoun_before(self, pronoun: Token, pos: int) -> Resolved | None:
        c = cues()
        if pronoun.lower_ in c.first_person | {"you", "that", "this", "which", "who"}:
            return None
        types = {"PERSON"} if pronoun.lower_ in c.male | c.female else {"PERSON", "ORG", "GPE", "NORP"}
        found = self.index.before(pos, types)
        if found is None:
            return None
        return Resolved(found.ref, pronoun.idx, pronoun.idx + len(pronoun.text))

    def _sent_id(self, pos: int) -> int:
        pos = max(0, min(pos, len(self.doc.body) - 1))
        span = self.parsed.char_span(pos, pos + 1, alignment_mode="expand")
        return span.sent.start if span is not None and len(span) else -1

    def direct(self) -> list[Quote]:
        body = self.doc.body
        segments = [s for s in scan(body) if s.end - s.start <= MAX_QUOTE_CHARS][:MAX_QUOTES]
        out: list[Quote] = []
        previous: Quote | None = None
        previous_open = False
        for seg in segments:
            text = body[seg.start : seg.end]
            words = _words(text)
            if words < MIN_SHORT_WORDS or _is_title(text):
                continue
            if words < MIN_WORDS and not (
                self._said_in_sentence(seg, segments)
                or (previous is not None and self._same_paragraph(previous, seg))
            ):
                continue
            found, cue = self.speaker_for(seg, segments)
            quote: Quote | None = None
            if found is not None:
                quote = Quote(found.ref, text, True, seg.start, seg.end, cue, found.start, found.end)
            elif previous is not None and (previous_open or self._quote_paragraph(seg, previous)):
                # A continued quotation or a following all-quote paragraph: the same speaker goes on.
                quote = Quote(
                    previous.speaker,
                    text,
                    True,
                    seg.start,
                    seg.end,
                    previous.cue,
                    previous.speaker_start,
                    previous.speaker_end,
                )
            if quote is not None:
                out.append(quote)
                previous = quote
            previous_open = not seg.closed
        return out

    def _same_paragraph(self, quote: Quote, seg: Segment) -> bool:
        return "\n" not in self.doc.body[quote.end : seg.start]

    def _said_in_sentence(self, seg: Segment, quotes: Sequence[Segment]) -> bool:
        sentence = self._sent_id(seg.start)
        return any(self._sent_id(v.idx) == sentence and not _inside(v.idx, quotes) for v in self.verbs)

    def _quote_paragraph(self, seg: Segment, previous: Quote) -> bool:
        """True when ``seg`` fills its paragraph and the previous quote ended in the paragraph before."""
        body = self.doc.body
        para_start = body.rfind("\n", 0, seg.start) + 1
        lead = body[para_start : seg.start - 1].strip()
        between = body[previous.end : para_start]
        return not lead and between.count("\n") <= 2 and "\n" in between

    def indirect(self, direct: Sequence[Quote]) -> list[Quote]:
        """Reported speech outside quotation marks: "X said that ...", "according to X, ..."."""
        covered = [Segment(q.start, q.end, True) for q in direct]
        body = self.doc.body
        quoted = scan(body)
        out: list[Quote] = []
        for verb in self.verbs:
            if _inside(verb.idx, quoted) or verb.lemma_.lower() in WEAK_INDIRECT:
                continue
            comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
            subject = _subject(verb)
            if comp is None or subject is None:
                continue
            tokens = [t for t in comp.subtree if not (t.dep_ == "mark" and t.head == comp)]
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if any(s.start < end and start < s.end for s in covered + quoted) or _words(body[start:end]) < 3:
                continue
            found = self.index.resolve(subject, speaker=True)
            # Indirect speech needs a speaker read as an actor: "reports indicate that ..." names the
            # source of an event's modality (reported_by), not a quotation.
            if found is not None and self.index.named(found.ref):
                out.append(
                    Quote(found.ref, body[start:end], False, start, end, verb.text, found.start, found.end)
                )
        for sent in self.parsed.sents:
            hit = _according(self.parsed, sent.start_char, sent.end_char, quoted, self.text)
            if hit is None:
                continue
            start, end = self._rest_of(sent, hit[0], hit[1])
            if end - start < 10 or any(s.start < end and start < s.end for s in covered + quoted):
                continue
            found = self.index.resolve(hit[1], speaker=True)
            if found is not None and self.index.named(found.ref):
                out.append(
                    Quote(
                        found.ref, body[start:end], False, start, end, "according to", found.start, found.end
                    )
                )
        return out

    @staticmethod
    def _rest_of(sent: Span, according: Token, obj: Token) -> tuple[int, int]:
        """The sentence without its "according to X" phrase (and the comma after it)."""
        phrase_end = max(t.i for t in obj.subtree) + 1
        tokens = [t for t in sent if not (according.i <= t.i < phrase_end) and not t.is_space]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if not tokens:
            return sent.start_char, sent.start_char
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def attribute(docs: Sequence[Document]) -> None:
    """Fill ``doc.quotes`` for a batch of parsed documents."""
    for doc in docs:
        if "spacy" not in doc.analysis:
            continue
        attributor = Attributor(doc)
        direct = attributor.direct()
        doc.quotes = sorted(direct + attributor.indirect(direct), key=lambda q: q.start)
        for quote in doc.quotes:
            entity = doc.entity(quote.speaker) if isinstance(quote.speaker, str) else None
            quote.speaker_name = (
                entity.name if entity else quote.speaker if isinstance(quote.speaker, str) else None
            )


STAGE = Stage(name="quotes", phase="attribute", run=attribute, order=10, requires=("nlp",))
