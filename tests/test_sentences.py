"""One sentence model: the parser's sentences kept with the document, one rule where there is none."""

from __future__ import annotations

import pytest

from newsdesk.sentences import around, split

TEXT = 'The minister said "talks will resume." Officials in Baghdad agreed!\nA new paragraph starts here'


def test_split_cuts_after_terminal_punctuation_and_closing_quotes_and_at_line_breaks() -> None:
    assert [TEXT[s:e] for s, e in split(TEXT)] == [
        'The minister said "talks will resume."', "Officials in Baghdad agreed!",
        "A new paragraph starts here"]


def test_around_uses_the_stored_sentences_when_they_cover_the_span() -> None:
    # a parser that kept the quotation and the next sentence together, as spaCy sometimes does
    stored = [(0, 67), (68, len(TEXT))]
    start = TEXT.index("Baghdad")
    assert TEXT[slice(*around(TEXT, start, start + 7, stored))] == TEXT[:67]
    # with no parse stored, the rule
    assert TEXT[slice(*around(TEXT, start, start + 7))] == "Officials in Baghdad agreed!"


def test_around_joins_the_sentences_a_span_runs_across() -> None:
    stored = [(0, 38), (39, 67), (68, len(TEXT))]
    start, end = TEXT.index("resume"), TEXT.index("Baghdad") + 7
    assert around(TEXT, start, end, stored) == (0, 67)


def test_a_span_past_the_parsed_part_falls_back_to_the_rule() -> None:
    stored = [(0, 38)]  # only the first sentence was parsed (a body over the parser's bound)
    start = TEXT.index("paragraph")
    assert TEXT[slice(*around(TEXT, start, start + 9, stored))] == "A new paragraph starts here"


@pytest.mark.slow
def test_the_nlp_stage_keeps_spacys_sentences_on_the_document() -> None:
    import newsdesk

    doc = newsdesk.extract(TEXT, kind="body", upto="read")
    assert doc.sentences and all(0 <= s < e <= len(TEXT) for s, e in doc.sentences)
    assert [TEXT[s:e].strip() for s, e in doc.sentences][0].startswith("The minister said")
