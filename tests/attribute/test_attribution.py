"""Attributions of every kind, speaker shape and modality, on sentences written for these tests
(docs/annotation/attribution.md gives the decisions they follow)."""

from __future__ import annotations

import pytest

from newsdesk.attribute.marks import scan

pytestmark = pytest.mark.slow


def spans(doc, q):
    """(speaker words, cue words) of an attribution, as the body has them."""
    speaker = doc.body[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
    cue = doc.body[q.cue_start : q.cue_end] if q.cue_start is not None else None
    return speaker, cue


def check_offsets(doc):
    for q in doc.quotes:
        assert doc.body[q.start : q.end] == q.text
        for a, b in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            assert (a is None) == (b is None)
            if a is not None:
                assert 0 <= a < b <= len(doc.body)


# --- kinds -----------------------------------------------------------------------------------


def test_indirect_with_told_reporters(read_text):
    doc = read_text("A senior US official told reporters the ceasefire talks had collapsed on Tuesday.")
    (q,) = doc.quotes
    assert q.kind == "indirect" and not q.direct
    assert spans(doc, q) == ("A senior US official", "told")
    assert q.text == "the ceasefire talks had collapsed on Tuesday"
    # An unnamed source is no named actor: its words, or the article's own group of officials.
    assert q.speaker == "A senior US official" or str(q.speaker).startswith("group:")
    check_offsets(doc)


def test_indirect_content_before_the_cue(read_text):
    doc = read_text("Nine people died in the blast at the market, witnesses said.")
    (q,) = doc.quotes
    assert q.kind == "indirect"
    assert spans(doc, q) == ("witnesses", "said")
    assert q.text == "Nine people died in the blast at the market"


def test_cue_interrupting_its_content(read_text):
    doc = read_text("The fire, officials said, was started by a faulty heater in the kitchen.")
    (q,) = doc.quotes
    assert spans(doc, q) == ("officials", "said")
    assert q.text.startswith("The fire") and q.text.endswith("in the kitchen")


def test_mixed_partial_quote(read_text):
    body = (
        "Liton told AFP that arson has been used \u201cas a weapon to evict poor slum dwellers\u201d "
        "by developers."
    )
    doc = read_text(body)
    (q,) = doc.quotes
    assert q.kind == "mixed" and not q.direct
    assert q.text.startswith("arson has been used \u201cas a weapon")
    assert spans(doc, q)[1] == "told"


def test_according_to_is_a_source_phrase(read_text):
    doc = read_text("According to police, the fire at the warehouse was set deliberately.")
    (q,) = doc.quotes
    assert q.kind == "source_phrase"
    assert spans(doc, q) == ("police", "According to")
    assert q.text == "the fire at the warehouse was set deliberately"
    assert q.modality == "reported"


def test_citing_gives_the_content_a_second_source(read_text):
    doc = read_text("Reuters reported, citing two people familiar with the deal, that the mine would close.")
    got = {(q.kind, spans(doc, q)[0], q.text) for q in doc.quotes}
    assert ("indirect", "Reuters", "the mine would close") in got
    assert ("source_phrase", "two people familiar with the deal", "the mine would close") in got


def test_reportedly_has_no_source(read_text):
    doc = read_text("The fire service was reportedly investigating an electrical fault at the depot.")
    (q,) = doc.quotes
    assert q.kind == "source_phrase" and q.speaker is None and q.speaker_start is None
    assert spans(doc, q)[1] == "reportedly"
    assert "investigating an electrical fault" in q.text


def test_said_in_a_statement(read_text):
    doc = read_text("The Interior Ministry said in a statement that the border crossing would reopen.")
    (q,) = doc.quotes
    assert q.kind == "source_phrase"
    assert spans(doc, q) == ("The Interior Ministry", "said in a statement")
    assert q.text == "the border crossing would reopen"


def test_agentless_passive(read_text):
    doc = read_text("It is believed that the hostages are being held in the mountains.")
    (q,) = doc.quotes
    assert q.kind == "source_phrase" and q.speaker is None
    assert q.text == "the hostages are being held in the mountains"


def test_question_and_plain_object_are_no_claims(read_text):
    doc = read_text(
        "The minister did not say whether the troops would stay. The governor announced his resignation."
    )
    assert doc.quotes == []


def test_scare_quote_is_no_attribution(read_text):
    doc = read_text("The so-called \u201cwar on terror\u201d dominated the campaign for months.")
    assert doc.quotes == []


# --- speakers ---------------------------------------------------------------------------------


def test_pronoun_speaker_resolved_in_its_paragraph(read_text):
    body = "Maria Duarte spoke in Lisbon on Friday. She said the coalition would survive the vote."
    doc = read_text(body)
    (q,) = doc.quotes
    assert spans(doc, q)[0] == "She"
    assert "Maria Duarte" in doc.names(q.speaker)


def test_speaker_after_the_quote(read_text):
    body = "Ana Lopes arrived in Porto on Monday.\n\n\u201cWe will rebuild every school here,\u201d she said."
    doc = read_text(body)
    (q,) = doc.quotes
    assert q.kind == "direct"
    assert spans(doc, q) == ("she", "said")
    assert "Ana Lopes" in doc.names(q.speaker)


def test_name_apposed_to_a_description_is_the_source(read_text):
    doc = read_text("One activist, Nur Khan Liton, told AFP that the fire had been set deliberately.")
    (q,) = doc.quotes
    assert spans(doc, q)[0] == "Nur Khan Liton"


def test_source_with_post_modifier(read_text):
    doc = read_text("Sources close to the talks said an agreement could be reached next week.")
    (q,) = doc.quotes
    assert spans(doc, q)[0] == "Sources close to the talks"
    assert q.modality == "hypothetical"


def test_following_quote_without_cue_keeps_its_speaker(read_text):
    body = "\u201cWe will win,\u201d said Peter Lindqvist. \u201cThe voters know what is at stake.\u201d"
    doc = read_text(body)
    first, second = doc.quotes
    assert second.kind == "direct" and second.text == "The voters know what is at stake."
    assert second.speaker == first.speaker and "Peter Lindqvist" in doc.names(second.speaker)
    assert spans(doc, second)[1] == "said"


# --- quotes that run, nest, and every mark ----------------------------------------------------


def test_quote_running_over_three_paragraphs_is_one(read_text):
    body = (
        "The mayor, Tom Hale, told the council: \u201cThe flood defences failed in two places.\n\n"
        "\u201cWe are repairing the wall at the harbour first.\n\n"
        "\u201cThe second breach will be closed before the winter.\u201d"
    )
    doc = read_text(body)
    (q,) = doc.quotes
    assert q.kind == "direct"
    assert q.text.startswith("The flood defences") and q.text.endswith("before the winter.")
    assert spans(doc, q) == ("Tom Hale", "told")
    check_offsets(doc)


def test_nested_quote_stays_inside(read_text):
    body = "\u201cHe told me \u2018we are finished\u2019 and walked out of the room,\u201d said Helen Kagame."
    doc = read_text(body)
    (q,) = doc.quotes
    assert q.text == "He told me \u2018we are finished\u2019 and walked out of the room,"
    assert spans(doc, q)[0] == "Helen Kagame"


@pytest.mark.parametrize(
    ("body", "inside"),
    [
        ("\u201eWir schaffen das\u201c, said Merkel.", "Wir schaffen das"),
        ("\u201aNothing is decided\u2018, said the envoy.", "Nothing is decided"),
        ("\u00abNous resterons ici\u00bb, said the minister.", "Nous resterons ici"),
        ("\u00bbWir bleiben hier\u00ab, said the minister.", "Wir bleiben hier"),
        ("NBC 's programme quoted him: \"We stay,\" he said.", "We stay,"),
    ],
)
def test_scanner_marks_of_every_language(body, inside):
    assert [body[s.start : s.end] for s in scan(body)] == [inside]


def test_scanner_recovers_from_a_missing_closing_mark():
    body = '"It is thirty tonnes a year, he said. "A coal plant makes a thousand a day." Then he left.'
    assert [body[s.start : s.end] for s in scan(body)] == [
        "It is thirty tonnes a year, he said.",
        "A coal plant makes a thousand a day.",
    ]


# --- modality ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("The ministry denied that its soldiers had fired on the crowd.", "denied"),
        ("Experts warned that the old dam could burst within days.", "hypothetical"),
        ("The minister said that elections will be held in May.", "future"),
        ("The company promised to repay the loans by next spring.", "future"),
        ("Officials said the vote is expected to pass easily.", "future"),
        ("Police said nine people died in the fire on Sunday.", "reported"),
        ("\u201cWe may have to close the border,\u201d said the interior minister.", "hypothetical"),
    ],
)
def test_modality_of_the_content(read_text, sentence, modality):
    doc = read_text(sentence)
    assert [q.modality for q in doc.quotes] == [modality]


def test_relayed_quote_has_two_sources(read_text):
    doc = read_text('Politico quoted Tim Manning as saying "FEMA has an important role in the response."')
    got = {(q.kind, spans(doc, q)) for q in doc.quotes}
    assert got == {("direct", ("Tim Manning", "saying")), ("direct", ("Politico", "quoted"))}


def test_quote_with_no_cue_goes_to_the_person_named_before_it(read_text):
    body = (
        "Helen Kagame walked through the flooded village on Monday. "
        "\u201cNobody here has slept properly since the river came into the houses.\u201d"
    )
    doc = read_text(body)
    (q,) = doc.quotes
    assert q.kind == "direct" and q.cue is None and q.cue_start is None
    assert spans(doc, q)[0] == "Helen Kagame"
