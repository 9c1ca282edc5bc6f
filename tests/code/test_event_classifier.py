"""The learned event coder on sentences written for these tests: one per PLOVER category, negation,
and news that looks like an event to a keyword coder but is not a political one."""

from __future__ import annotations

import pytest

from newsdesk.attribute.actor_index import ActorIndex
from newsdesk.code import classify, plover
from newsdesk.code.events import not_political

pytestmark = pytest.mark.slow

ONE_PER_CATEGORY = [
    ("AGREE", "Iran agreed to resume nuclear talks with the European Union next month."),
    ("CONSULT", "The Chilean president met the Argentine foreign minister in Santiago on Monday."),
    ("SUPPORT", "The African Union praised Kenya for its role in the Somali peace talks."),
    ("CONCEDE", "The Japanese prime minister apologised to South Korea for wartime abuses."),
    ("COOPERATE", "Turkey extradited two suspected militants to Germany on Friday."),
    ("AID", "Japan sent fifty million dollars in humanitarian aid to Pakistan."),
    ("RETREAT", "Israel withdrew its troops from the northern Gaza Strip on Sunday."),
    ("REQUEST", "The opposition demanded the resignation of the prime minister."),
    ("ACCUSE", "Poland accused Belarus of pushing migrants across the border."),
    ("REJECT", "Russia rejected the American proposal for new sanctions against Iran."),
    ("THREATEN", "North Korea threatened to attack South Korean warships."),
    ("PROTEST", "Thousands of students protested in Dhaka against the new quota law."),
    ("SANCTION", "The European Union imposed sanctions on Belarus after the disputed election."),
    ("MOBILIZE", "Pakistan deployed thousands of troops along its border with India."),
    ("COERCE", "Police in Istanbul detained forty journalists on Tuesday."),
    ("ASSAULT", "Rebel fighters attacked an army base near Goma on Tuesday."),
]

QUIET = [
    "A powerful earthquake struck eastern Turkey on Monday, killing at least 40 people.",
    "Floods swept through villages in Assam after the river burst its banks.",
    "Australia beat New Zealand 24-10 in the rugby league final on Saturday.",
    "Shares in the carmaker fell sharply after it reported a quarterly loss.",
    "The rocket was launched from Cape Canaveral carrying two weather satellites.",
]


def test_the_shipped_model_is_learned_with_a_none_class():
    model = classify.shipped()
    assert model is not None
    assert classify.NONE in model.classes
    assert set(model.classes) - {classify.NONE} <= set(plover.names())
    assert len(model.vocab) > 1000


@pytest.mark.parametrize(("category", "sentence"), ONE_PER_CATEGORY)
def test_each_category(read_text, category, sentence):
    doc = read_text(sentence)
    assert category in {e.type for e in doc.events}, [(e.type, e.trigger) for e in doc.events]
    event = next(e for e in doc.events if e.type == category)
    assert sentence[event.start : event.end].strip() == sentence  # the evidence is the sentence
    assert event.source is not None or event.target is not None


@pytest.mark.parametrize("sentence", QUIET)
def test_non_political_news_stays_quiet(read_text, sentence):
    assert read_text(sentence).events == []


def test_negated_action_is_never_stored_as_done(read_text):
    doc = read_text("Israel did not release the Palestinian prisoners on Monday.")
    assert all(e.modality != "asserted" for e in doc.events)


BUSINESS = [
    "Shares of the carmaker fell 4 percent after quarterly profits missed forecasts.",
    "The sponsor pulled out of the deal, citing falling sales.",
]


@pytest.mark.parametrize("sentence", BUSINESS)
def test_business_news_stays_quiet(read_text, sentence):
    assert read_text(sentence).events == []


def test_a_regulator_fining_a_company_is_not_gated(read_text):
    doc = read_text("Regulators fined the airline after its profits soared.")
    sentence = next(iter(doc.analysis["spacy"].sents))
    assert not not_political(sentence, ActorIndex(doc))
