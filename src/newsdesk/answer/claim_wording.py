"""How a reader is shown an attribution: as its kind and modality say, never as a fact.

A direct quote is the speaker's words, so it stands in quotation marks; indirect speech is the
writer's paraphrase, so it is reported ("X said that …") without marks; a source phrase
("according to X", "reportedly") is worded the same way; a mixed attribution keeps the marks of
its partial quote. What is hedged (hypothetical, future) or denied says so beside the words.
The functions build plain text: whoever shows it escapes it.
"""

from __future__ import annotations

KINDS = ("direct", "indirect", "mixed", "source_phrase")
#: The kind as a label beside the words.
KIND_LABELS = {
    "direct": "direct quote",
    "indirect": "reported speech",
    "mixed": "partly quoted",
    "source_phrase": "source phrase",
}
#: What a modality makes of the content (reported content needs no note: it is attributed).
HEDGES = {
    "hypothetical": "hypothetical, not a fact",
    "future": "planned or expected, not a fact",
    "denied": "denied",
    "negated": "negated",
}
#: Characters of content shown; the rest is cut with an ellipsis.
MAX_CONTENT = 600
_MARKS = '"“”„«»‹›'


def kind_of(kind: str | None, direct: bool | None) -> str:
    """The stored kind; rows written before kinds were stored fall back to the ``direct`` flag."""
    if kind in KINDS:
        return kind
    return "direct" if direct else "indirect"


def in_marks(kind: str, text: str) -> bool:
    """Whether the words stand in quotation marks: a direct quote, and a mixed one that is only
    the quoted part (a mixed clause carries its partial quote's own marks)."""
    return kind == "direct" or (kind == "mixed" and not any(m in text for m in _MARKS))


def _content(text: str | None) -> str:
    s = " ".join((text or "").split())
    if len(s) > MAX_CONTENT:
        s = s[: MAX_CONTENT - 1].rstrip() + "…"
    return s.rstrip(" ,;:")


def worded(kind: str, modality: str | None, who: str | None, text: str | None) -> str:
    """One line saying who is reported to have said what, in the form the kind calls for.

    direct: ``X said: “C”``; indirect and mixed: ``X said that C``; source phrase:
    ``According to X, C`` (``Reportedly, C`` without a source); a denial: ``X denied that C``;
    a hedge follows in brackets.
    """
    content = _content(text)
    source = who or "an unnamed source"
    denied = modality == "denied"
    if in_marks(kind, content):
        line = f"{source} {'denied' if denied else 'said'}: “{content}”"
    elif denied:
        line = f"{source} denied that {content}"
    elif kind == "source_phrase":
        line = f"According to {who}, {content}" if who else f"Reportedly, {content}"
    else:
        line = f"{source} said that {content}"
    hedge = HEDGES.get(modality or "")
    if hedge and not denied:
        line += f" ({hedge})"
    return line
