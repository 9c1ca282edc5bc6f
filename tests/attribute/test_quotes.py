"""Quotes in every style, with their speakers; sentences written for these tests."""

from __future__ import annotations

import pytest

from newsdesk.attribute.quotes import scan

pytestmark = pytest.mark.slow


def only_direct(doc):
    return [q for q in doc.quotes if q.direct]


def assert_offsets(doc):
    for q in doc.quotes:
        assert doc.body[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(doc.body)


def test_scanner_styles_and_apostrophes():
    body = "He said \u201cwe can\u2019t wait\u201d and 'it isn't over' then \"plain words here\"."
    texts = [body[s.start : s.end] for s in scan(body)]
    assert texts == ["we can\u2019t wait", "it isn't over", "plain words here"]


def test_curly_quote_after_colon(read_text):
    doc = read_text("Minister Jane Okafor said: \u201cWe will not accept any delay in the count.\u201d")
    (q,) = only_direct(doc)
    assert "Jane Okafor" in doc.names(q.speaker)
    assert q.text.startswith("We will not accept")
    assert_offsets(doc)


def test_straight_quote_with_inverted_said(read_text):
    doc = read_text('"The results will be announced on Friday," said election commissioner Peter Lindqvist.')
    (q,) = only_direct(doc)
    assert "Peter Lindqvist" in doc.names(q.speaker)
    assert_offsets(doc)


def test_single_quotes(read_text):
    doc = read_text("'We have the votes to win this seat,' said Maria Duarte, the party's candidate.")
    (q,) = only_direct(doc)
    assert "Maria Duarte" in doc.names(q.speaker)
    assert q.text.startswith("We have the votes")


def test_quote_continued_over_paragraphs_is_one_quote(read_text):
    body = (
        "Senator Tom Hale told reporters: \u201cThe campaign has been long and difficult for all of us.\n\n"
        "\u201cWe are confident that the voters will stand with us next week.\u201d"
    )
    doc = read_text(body)
    (q,) = only_direct(doc)
    assert "Tom Hale" in doc.names(q.speaker)
    assert q.text.startswith("The campaign") and q.text.endswith("next week.")
    assert body[q.cue_start : q.cue_end] == "told"
    assert_offsets(doc)


def test_pronoun_speaker_points_at_the_pronoun(read_text):
    body = (
        "Anna Berg arrived in Oslo on Monday. "
        "\u201cNobody should doubt our commitment to this region,\u201d she said."
    )
    doc = read_text(body)
    (q,) = only_direct(doc)
    assert "Anna Berg" in doc.names(q.speaker)
    assert body[q.speaker_start : q.speaker_end] == "she"


def test_title_speaker(read_text):
    doc = read_text(
        "Kenyan Foreign Minister Ruth Wambui spoke in Nairobi on Tuesday. "
        "\u201cWe expect the border to reopen within days,\u201d the minister said."
    )
    (q,) = only_direct(doc)
    assert "Ruth Wambui" in doc.names(q.speaker)


def test_organisation_speaker(read_text):
    doc = read_text(
        "The World Health Organization said: \u201cVaccination rates must rise across the region.\u201d"
    )
    (q,) = only_direct(doc)
    assert "World Health Organization" in doc.names(q.speaker)


def test_indirect_speech(read_text):
    doc = read_text("Mayor Luis Ortega said that the city would close the old bridge for repairs.")
    (q,) = doc.quotes
    assert not q.direct
    assert "Luis Ortega" in doc.names(q.speaker)
    assert "the city would close the old bridge" in q.text
    assert_offsets(doc)


def test_according_to(read_text):
    doc = read_text("According to Governor Sara Malik, the new tax law will take effect in March.")
    (q,) = doc.quotes
    assert not q.direct and q.cue.lower() == "according to" and q.kind == "source_phrase"
    assert "Sara Malik" in doc.names(q.speaker)
    assert q.text.startswith("the new tax law")


def test_scare_quotes_are_not_speech(read_text):
    doc = read_text("The opposition leader Karl Vogt called the budget a \u201cbetrayal\u201d on Monday.")
    assert only_direct(doc) == []


def test_partial_quote_in_indirect_speech_is_mixed(read_text):
    body = "Senator Ruth Hale said the reform bill was \u201cdead on arrival\u201d in the chamber."
    doc = read_text(body)
    assert only_direct(doc) == []
    (q,) = doc.quotes
    assert q.kind == "mixed"
    assert q.text.startswith("the reform bill was \u201cdead on arrival")
    assert "Ruth Hale" in doc.names(q.speaker)
    assert q.speaker_name == doc.entity(q.speaker).name


def test_several_speakers_in_one_story(read_text):
    body = (
        "Governor Maria Lopez spoke to supporters in Toledo on Saturday.\n\n"
        "\u201cNobody thought we could do it,\u201d she said. \u201cBut here we are.\u201d\n\n"
        "Her rival, state senator Tom Reed, dismissed the rally.\n\n"
        "In a statement, the Reed campaign said: "
        "\u201cVoters deserve better than slogans and empty promises.\u201d\n\n"
        "Reed disagreed: \u201cThe polls have been wrong before and they will be wrong again.\u201d"
    )
    doc = read_text(body)
    got = [(q.text.split()[0], q.speaker_name) for q in only_direct(doc)]
    assert got[0] == ("Nobody", doc.entity(only_direct(doc)[0].speaker).name)
    assert "Lopez" in got[0][1] and "Lopez" in got[1][1]
    assert got[2] == ("Voters", "the Reed campaign")  # an unnamed source keeps its words
    assert got[3][0] == "The" and "Tom Reed" in got[3][1]
    assert_offsets(doc)
