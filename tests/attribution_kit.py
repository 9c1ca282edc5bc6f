"""A document with one attribution of each kind, from sentences written for the tests: a direct
quote, indirect speech, a hedged (hypothetical) indirect claim, a denial and a source phrase
holding hostile markup. Spans are found in the text, not typed in."""

from __future__ import annotations

from corpus_kit import make_doc

from newsdesk.model import Document, Quote

DIRECT = "Chile broke the salmon quota"
INDIRECT = "Chile had ignored the inspectors"
HEDGED = "Chile could close its ports to Norwegian ships"
DENIED = "Chile was consulted before the vote"
SOURCED = "Chile paid no fine <script>alert(2)</script>"

BODY = (
    f"\u201c{DIRECT},\u201d Norway said on Monday. "
    f"Norway said that {INDIRECT}. "
    f"Norway warned that {HEDGED}. "
    f"Norway denied that {DENIED}. "
    f"According to Norway, {SOURCED}."
)

#: (content, kind, modality, cue as written, cue occurrence) for each attribution of ``BODY``.
ATTRIBUTIONS = (
    (DIRECT, "direct", "reported", "said", 0),
    (INDIRECT, "indirect", "reported", "said", 1),
    (HEDGED, "indirect", "hypothetical", "warned", 0),
    (DENIED, "indirect", "denied", "denied", 0),
    (SOURCED, "source_phrase", "reported", "According to", 0),
)


def _nth(body: str, word: str, n: int) -> int:
    at = -1
    for _ in range(n + 1):
        at = body.index(word, at + 1)
    return at


def attribution_doc() -> Document:
    doc = make_doc(
        "claims/1",
        BODY,
        published="2010-05-03",
        url="https://news.example/claims",
        title="Norway on Chile",
        outlet="Fjord Wire",
    )
    for content, kind, modality, cue, nth in ATTRIBUTIONS:
        start = BODY.index(content)
        cue_start = _nth(BODY, cue, nth)
        # the source: after "According to", else just before its verb
        after = kind == "source_phrase"
        speaker_start = BODY.index("Norway", cue_start) if after else BODY.rindex("Norway", 0, cue_start)
        doc.quotes.append(
            Quote(
                speaker="country:NOR",
                text=content,
                direct=kind == "direct",
                start=start,
                end=start + len(content),
                cue=cue,
                speaker_start=speaker_start,
                speaker_end=speaker_start + len("Norway"),
                kind=kind,
                modality=modality,
                cue_start=cue_start,
                cue_end=cue_start + len(cue),
            )
        )
    return doc
