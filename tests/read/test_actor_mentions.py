"""What is and is not an actor mention: the guideline's rules (docs/annotation/actors.md §1) on
sentences written for the tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _mentions(doc, eid):
    entity = doc.entity(eid)
    return [m.text for m in entity.mentions] if entity else []


def _described(doc, eid):
    entity = doc.entity(eid)
    return [m.text for m in entity.described] if entity else []


def test_a_country_in_a_persons_title_describes_him(read_text):
    doc = read_text("U.S. Senator John McCain criticised the plan on Monday.", "2007-03-05")
    assert _mentions(doc, "country:USA") == []
    assert _described(doc, "country:USA") == ["U.S."]


def test_a_country_that_acts_stays_an_actor(read_text):
    doc = read_text("The United States accused Iran of arming the militias.", "2007-03-05")
    assert [m.removeprefix("The ") for m in _mentions(doc, "country:USA")] == ["United States"]
    assert _mentions(doc, "country:IRN") == ["Iran"]


def test_the_country_of_a_request_is_still_the_events_side(read_text):
    doc = read_text("Yemen has rejected a U.S. request to interrogate the prisoners.", "2006-02-10")
    assert _mentions(doc, "country:USA") == []
    assert [(e.type, e.source, e.target) for e in doc.events] == [("REJECT", "country:YEM", "country:USA")]


def test_places_listed_after_a_location_are_places(read_text):
    doc = read_text("Arrests were made in Australia, Brazil and Canada last week.", "2008-03-05")
    for eid in ("country:AUS", "country:BRA", "country:CAN"):
        assert _mentions(doc, eid) == []


def test_a_news_organisation_cited_is_not_an_actor(read_text):
    doc = read_text("The army shelled the town, according to Reuters. The BBC was banned from the "
                    "country on Friday.", "2008-03-05")
    bbc = [e for e in doc.entities if e.name == "BBC"]
    assert not [e for e in doc.entities if e.name == "Reuters" and e.mentions]
    assert bbc and [m.text for m in bbc[0].mentions] == ["BBC"]


def test_a_title_in_apposition_is_a_mention_of_the_person(read_text):
    doc = read_text("Gordon Brown, the British Prime Minister, said the talks would go on.", "2008-03-05")
    brown = [e for e in doc.entities if e.name == "Gordon Brown"]
    assert brown and "Prime Minister" in " ".join(m.text for m in brown[0].mentions)


def test_a_place_after_of_or_from_says_whose_or_where_from(read_text):
    doc = read_text("Senator Carl Levin of Michigan met officials from Germany and France.", "2008-03-05")
    for eid in ("country:DEU", "country:FRA"):
        assert _mentions(doc, eid) == []
        assert _described(doc, eid)
