"""Generic actors read as a country and a sector, as event data sets code them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _agents(doc):
    return {e.id: [m.text for m in e.mentions] for e in doc.entities if e.id.startswith("agent:")}


def test_the_phrase_names_the_country(read_text):
    doc = read_text("Iraqi police arrested twelve men in Mosul. American troops left the base.")
    found = _agents(doc)
    assert found["agent:IRQ-COP"] == ["Iraqi police"]
    assert found["agent:USA-MIL"] == ["American troops"]
    # The country word inside the phrase is the agent's, not a mention of the country.
    assert all(m.text != "Iraqi" for e in doc.entities for m in e.mentions)


def test_an_institution_takes_the_story_country(read_text):
    doc = read_text("Kenya held elections on Thursday. The government said the opposition had lost.")
    found = _agents(doc)
    assert "agent:KEN-GOV" in found and "agent:KEN-OPP" in found
    entity = next(e for e in doc.entities if e.id == "agent:KEN-GOV")
    assert entity.name == "Kenya government" and entity.sector == "government" and entity.country == "KE"


def test_titles_and_countryless_groups_are_not_agents(read_text):
    doc = read_text(
        "Kenya's foreign minister Ruth Wambui arrived. The minister said armed groups attacked a village."
    )
    found = _agents(doc)
    assert not any("minister" in m for ms in found.values() for m in ms)
    assert not any("armed groups" in m for ms in found.values() for m in ms)


def test_unnamed_groups_are_actors_of_their_own_article(read_text):
    doc = read_text(
        "Thousands of protesters marched in Dhaka. Police arrested three journalists and the protesters."
    )
    groups = {e.id: [m.text for m in e.mentions] for e in doc.entities if e.type == "GROUP"}
    assert groups["group:test:protester"] == ["protesters", "protesters"]
    assert any("three journalists" in m for m in groups["group:test:journalist"])
    coerce = next(e for e in doc.events if e.type == "COERCE")
    targets = [coerce.target] if isinstance(coerce.target, str) else coerce.target or []
    assert "group:test:journalist" in targets
