"""Case in gazetteer matches: an idea written in lower case is not the group of that name."""

from __future__ import annotations


def _ids(doc):
    return {e.id: [m.text for m in e.mentions] for e in doc.entities}


def test_lower_case_idea_is_not_the_group(read_text):
    doc = read_text("The cleric said he wants an Islamic state governed by religious law.")
    assert "org:islamic-state" not in _ids(doc)


def test_capitals_and_headline_case_still_match(read_text):
    doc = read_text("AL-QAEDA and the Islamic State (IS) held talks, officials said. Al-Qaeda denied it.")
    ids = _ids(doc)
    assert ids["org:al-qaeda"] == ["AL-QAEDA", "Al-Qaeda"]
    assert "IS" in ids["org:islamic-state"]
