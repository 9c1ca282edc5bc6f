"""Roles: one test per way a title is given."""

from __future__ import annotations

import pytest
from reading_kit import by_name, read

pytestmark = pytest.mark.slow


def _roles(entity):
    return {(r.title, r.of) for r in entity.roles}


def test_title_before_the_name_with_a_demonym():
    doc = read("Kenyan Foreign Minister Amina Wanjiru arrived on Sunday.")
    assert ("foreign minister", "country:KEN") in _roles(by_name(doc, "Amina Wanjiru"))


def test_title_before_the_name_with_a_group():
    doc = read("Hezbollah leader Hassan Nasrallah gave a speech.")
    assert ("leader", "org:hezbollah") in _roles(by_name(doc, "Hassan Nasrallah"))


def test_apposition_after_the_name():
    doc = read("Lars Pettersen, the chairman of the Red Cross, spoke to reporters.")
    assert ("chairman", "ngo:icrc") in _roles(by_name(doc, "Lars Pettersen"))


def test_apposition_before_the_name():
    doc = read("The new leader of Boko Haram, Ibrahim Bakura, appeared in a video.")
    assert ("leader", "org:boko-haram") in _roles(by_name(doc, "Ibrahim Bakura"))


def test_copula():
    doc = read("Tomas Lindqvist is the president of Sweden.")
    assert ("president", "country:SWE") in _roles(by_name(doc, "Tomas Lindqvist"))


def test_respectively_pairs_people_with_what_they_lead():
    doc = read("Talks were held between Omar Haddad and Samir Khalil, the leaders of Hamas and "
               "Hezbollah, respectively.")
    assert ("leader", "org:hamas") in _roles(by_name(doc, "Omar Haddad"))
    assert ("leader", "org:hezbollah") in _roles(by_name(doc, "Samir Khalil"))
    assert ("leader", "org:hezbollah") not in _roles(by_name(doc, "Omar Haddad"))


def test_role_offsets_point_at_the_title():
    doc = read("Iraqi Vice President Ayad Allawi spoke.")
    role = by_name(doc, "Ayad Allawi").roles[0]
    assert doc.body[role.start:role.end] == "Vice President"


def test_apposition_the_parser_missed():
    doc = read("Hu Jintao had lunch today with the President of Brazil, Luiz Inacio Lula da Silva, "
               "at the farm.")
    assert ("president", "country:BRA") in _roles(by_name(doc, "Luiz Inacio Lula da Silva"))
    assert not by_name(doc, "Hu Jintao").roles
