"""Relations between organisations, on sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def relations(doc):
    def name(ref):
        entity = doc.entity(ref)
        return entity.name if entity else ref

    return {(r.type, name(r.source), name(r.target), r.modality) for r in doc.relations}


def test_umbrella_branch_rivalry_leadership(read_text):
    doc = read_text(
        "The Syrian Democratic Forces, a coalition of armed groups that includes "
        "the People's Protection Units, captured the town. "
        "Al-Qaeda in Iraq, al-Qaeda's Iraqi branch, claimed the attack. "
        "Hamas is a rival of Fatah. Abu Bakr al-Baghdadi, the leader of the Islamic State, appeared in Mosul."
    )
    found = {(t, s.lower(), g.lower()) for t, s, g, _ in relations(doc)}
    assert ("membership", "people's protection units", "syrian democratic forces") in found
    assert any(t == "branch" and "iraq" in s and g == "al-qaeda" for t, s, g in found)
    assert any(t == "rivalry" and {s, g} == {"hamas", "fatah"} for t, s, g in found)
    assert any(t == "leadership" and "baghdadi" in s and "islamic state" in g for t, s, g in found)
    for r in doc.relations:
        assert 0 <= r.start < r.end <= len(doc.body)


def test_possible_alliance_is_hypothetical(read_text):
    doc = read_text("Hezbollah may ally with Amal before the vote, officials said.")
    assert [m for t, _, _, m in relations(doc) if t == "alliance"] == ["hypothetical"]
