"""Within-document merging, one test per kind of merge, on sentences written for the tests."""

from __future__ import annotations

import pytest
from reading_kit import by_name, read

pytestmark = pytest.mark.slow


def test_surname_only_mention_joins_the_full_name():
    doc = read("Finance Minister Gerald Okonkwo presented the budget on Tuesday. "
               "Okonkwo said revenue would rise.")
    person = by_name(doc, "Gerald Okonkwo")
    assert person.type == "PERSON" and person.id == "person:gerald-okonkwo"
    assert [m.text for m in person.mentions] == ["Gerald Okonkwo", "Okonkwo"]
    assert all(doc.body[m.start:m.end] == m.text for m in person.mentions)


def test_two_smiths_named_in_full_stay_two_people():
    doc = read("John Smith met Mary Smith in Leeds. Smith said the talks went well. "
               "John Smith disagreed.")
    smiths = [e for e in doc.entities if e.type == "PERSON" and "Smith" in e.name]
    assert sorted(e.name for e in smiths) == ["John Smith", "Mary Smith"]
    john = by_name(doc, "John Smith")
    assert len([m for m in john.mentions if m.text == "John Smith"]) == 2


def test_inline_acronym_joins_its_long_form():
    doc = read("The Coastal Fishermen Cooperative Union (CFCU) filed a complaint. "
               "Later the CFCU withdrew it.")
    union = by_name(doc, "Coastal Fishermen Cooperative Union")
    assert "CFCU" in union.aliases
    assert sum(m.text == "CFCU" for m in union.mentions) == 2
    assert not any(e.name == "CFCU" for e in doc.entities)


def test_gazetteer_acronym_never_stands_alone():
    doc = read("Fighters of the Islamic State (IS) withdrew. Officials said IS had lost the town.")
    group = by_name(doc, "Islamic State")
    assert group.id == "org:islamic-state" and group.code == "IMG" and group.type == "ORG"
    assert sum(m.text == "IS" for m in group.mentions) == 2
    assert not any(e.name == "IS" for e in doc.entities)


def test_bracketed_insertion_completes_the_name():
    doc = read('The statement read: "We thank [Kofi] Mensah-Bonsu for his help." '
               "Kofi Mensah-Bonsu did not reply.")
    person = by_name(doc, "Kofi Mensah-Bonsu")
    assert any(m.text.startswith("[Kofi]") for m in person.mentions)
    assert len([e for e in doc.entities if "Mensah" in e.name]) == 1


def test_transliteration_variants_merge():
    doc = read("Mohammed al-Qahtani arrived in Riyadh. Later Mohammed al-Qahtany met reporters.")
    variants = [e for e in doc.entities if e.type == "PERSON" and "Qaht" in e.name]
    assert len(variants) == 1
    assert {"Mohammed al-Qahtani", "Mohammed al-Qahtany"} <= {variants[0].name, *variants[0].aliases}


def test_title_only_mention_joins_the_one_holder():
    doc = read("Prime Minister Ingrid Solberg-Haug opened the summit. The prime minister then left early.")
    person = by_name(doc, "Ingrid Solberg-Haug")
    assert any(m.text.lower() == "the prime minister" for m in person.mentions)


def test_gazetteer_ids_are_stable_and_demonyms_point_to_the_country():
    doc = read("Iraqi officials met envoys from the United Nations in Baghdad.")
    iraq = by_name(doc, "Iraq")
    assert iraq.id == "country:IRQ" and iraq.code == "IRQ" and "Iraqi" in [m.text for m in iraq.mentions]
    assert by_name(doc, "United Nations").id == "igo:un"


def test_headline_word_before_a_group_is_not_a_person():
    doc = read("Will al-Qaeda and IS unite?")
    assert not any(e.type == "PERSON" for e in doc.entities)
    assert {e.id for e in doc.entities} >= {"org:al-qaeda", "org:islamic-state"}
