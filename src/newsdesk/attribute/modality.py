"""How sure a statement is: asserted, reported, hypothetical, negated, denied or future.

Read from the dependency path between the event's trigger word and the sentence root: cues on
that path (``may``, ``not``, ``will``, ``plans to``, ``possible``) set the modality; a reporting
verb above it ("X revealed that ...", "reports indicate ...") or "according to X" names who reported
it. A hedged or reported statement is therefore never stored as an asserted fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..model import ActorRef
from .actor_index import ActorIndex
from .cues import attribution_cues, cues

QuoteSpan = tuple[int, int, ActorRef]


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if verb.dep_ in {"conj", "xcomp"} and verb.head != verb:
        return _subject(verb.head)
    return None


def _source_name(subject: Token, index: ActorIndex) -> ActorRef:
    """An actor for a reporting subject; an unnamed source keeps its words ("several reports")."""
    found = index.resolve(subject)
    if found is not None:
        return found.ref
    words = [t for t in subject.subtree if t.i <= subject.i]
    return " ".join(t.text for t in words) if words else subject.text


def _local_cues(token: Token) -> set[str]:
    """Lower-case cue words attached to one token: auxiliaries, modifiers, markers, negation."""
    out = {token.lemma_.lower(), token.lower_}
    for child in token.children:
        if child.dep_ in {"aux", "auxpass", "neg", "advmod", "amod", "mark", "acomp", "det", "prt"}:
            out |= {child.lemma_.lower(), child.lower_}
    return out


def assess(trigger: Token, index: ActorIndex, quotes: Sequence[QuoteSpan] = ()) -> tuple[str, ActorRef]:
    """The modality of the event named by ``trigger`` and who reported it (or None)."""
    c = cues()
    modality: str | None = None
    reported_by: ActorRef = None
    own = _local_cues(trigger) - {trigger.lemma_.lower(), trigger.lower_}
    path: list[Token] = []
    token = trigger
    while token.head != token:
        path.append(token.head)
        token = token.head
    # The trigger's own modifiers ("possible alliance", "did not attack", "will meet").
    if own & c.negation:
        modality = "negated"
    elif own & c.hypothetical:
        modality = "hypothetical"
    elif own & c.future:
        modality = "future"
    crossed_report = False
    child = trigger
    for node in path:
        lemma = node.lemma_.lower()
        if (
            lemma in c.denial
            and child.dep_ in {"ccomp", "dobj", "xcomp", "pobj", "prep"}
            and not crossed_report
        ):
            subject = _subject(node)
            return "denied", _source_name(subject, index) if subject is not None else None
        if (lemma in c.reporting_verbs or lemma in c.speech_verbs) and child.dep_ in {
            "ccomp",
            "xcomp",
            "parataxis",
            "dobj",
            "advcl",
            "conj",
        }:
            if child.dep_ != "conj" and not crossed_report:
                subject = _subject(node)
                if subject is not None:
                    reported_by = _source_name(subject, index)
                crossed_report = True
        elif not crossed_report and modality is None:
            local = _local_cues(node)
            if node.pos_ in {"VERB", "AUX", "ADJ"} or child.dep_ in {"nsubj", "nsubjpass"}:
                if local & c.negation and node.pos_ != "ADJ":
                    modality = "negated"
                elif local & c.hypothetical or (child.dep_ == "advcl" and _marked(child, {"if", "unless"})):
                    modality = "hypothetical"
                elif local & c.future and lemma not in c.speech_verbs:
                    modality = "future"
        child = node
    if child.dep_ == "advcl" and _marked(child, {"if", "unless"}) and modality is None:
        modality = "hypothetical"
    sentence = trigger.sent
    if reported_by is None:
        for tok in sentence:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
                objects = [t for t in tok.nbor().children if t.dep_ == "pobj"]
                if objects:
                    reported_by = _source_name(objects[0], index)
                    break
    if reported_by is None:
        for start, end, speaker in quotes:
            if start <= trigger.idx < end:
                reported_by = speaker
                break
    if modality is None:
        modality = "reported" if reported_by is not None else "asserted"
    return modality, reported_by


def _marked(token: Token, words: set[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in token.children)


def of_attribution(cue: Token | None, content: Sequence[Token], *, backshifted: bool = False) -> str:
    """The modality of attributed content (docs/annotation/attribution.md section 4).

    ``denied`` when the cue denies; otherwise read from the main clause of the content (of its
    first sentence): a hedge or condition makes it ``hypothetical``, which wins over a plan, promise
    or prediction (``future``); anything else the source asserts is ``reported``. ``backshifted``:
    the content is reported speech, where "would" is the speaker's "will" (as the annotators read it).
    """
    a = attribution_cues()
    cue_lemma = cue.lemma_.lower() if cue is not None else ""
    if cue_lemma in a.denial:
        return "denied"
    if not content:
        return "reported"
    first = content[0].sent
    # Within the bounds of that sentence: ``t.sent == first``, without building each token's sentence.
    tokens = [t for t in content if first.start <= t.i < first.end] or list(content)
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head == t]
    main = next((t for t in roots if t.pos_ in {"VERB", "AUX"}), roots[0] if roots else tokens[0])
    words: set[str] = set()
    lemma = main.lemma_.lower()
    infinitive = any(c.dep_ == "xcomp" and _has_to(c) for c in main.children)
    if main.pos_ in {"AUX", "ADJ"} or lemma in a.content_hypothetical:
        words |= {main.lower_, lemma}  # "may", "likely"
    for child in main.children:
        if child.dep_ in {"aux", "auxpass", "advmod", "neg", "acomp"}:
            words |= {child.lower_, child.lemma_.lower()}
        elif child.dep_ == "advcl" and _marked(child, {"if", "unless"}):
            words.add("if")
    if backshifted and "would" in words and not (words - {"would"}) & a.content_hypothetical:
        return "future"  # reported speech: "said the plan would cut costs" is the speaker's "will"
    hedges = words & a.content_hypothetical
    if hedges and hedges <= {"could", "would"} and words & {"not", "n't", "never"}:
        return "reported"  # "he could not work with X": an inability or refusal, stated as fact
    if hedges:
        return "hypothetical"
    if words & {"will", "shall", "'ll", "wo", "soon"}:
        return "future"
    # "the vote is to take place", not "it is illegal to ..." or "the aim is to ..."
    scheduled = lemma == "be" and not any(
        c.dep_ in {"acomp", "attr"} or (c.dep_ == "nsubj" and c.lower_ == "it") for c in main.children
    )
    if infinitive and (lemma in a.content_future or scheduled):
        return "future"  # "plans to", "is expected to", "is set to", "is going to", "is to"
    if cue_lemma in a.future_cues and main.dep_ == "xcomp" and main.head == cue:
        return "future"  # "promised to repay the loans"
    return "reported"


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
