"""People across articles: transliterations share a key, namesakes stay apart, a surname is linked
only when the story's date and countries leave one office-holder."""

from __future__ import annotations

from newsdesk.read import people


def _id(names, date, countries=()):
    found = people.resolve(list(names), date, set(countries))
    return found.person.id if found else None


def test_transliterations_share_a_key_and_namesakes_do_not():
    assert people.name_key("Ayad Allawi") == people.name_key("Iyad Allawi")
    assert people.name_key("Muammar Gaddafi") == people.name_key("Moammar Kadhafi")
    assert people.name_key("Ayman al-Zawahri") == people.name_key("Ayman al-Zawahiri")
    assert people.name_key("Osama bin Laden") == people.name_key("Usama bin Laden")
    assert people.initials("George W. Bush") == "w" and people.initials("George Bush") == ""
    assert people.name_key("Ali Allawi") != people.name_key("Ayad Allawi")


def test_full_names_and_dated_roles():
    assert _id(["Ayad Allawi"], "2014-07-01") == _id(["Iyad Allawi"], "2005-01-01") is not None
    assert _id(["Muammar Gaddafi"], "2008-01-01") == _id(["Moammar Kadhafi"], "2008-01-01") is not None
    assert _id(["George W. Bush"], "2006-05-01") == "person:george-w-bush"
    # "George Bush" is the president in office at the story's date.
    assert _id(["George Bush"], "2006-05-01") == "person:george-w-bush"
    assert _id(["George Bush"], "1990-05-01") == "person:george-bush"


def test_a_surname_alone_needs_one_office_holder():
    assert _id(["Bush"], "2006-05-01", ["USA"]) == "person:george-w-bush"
    assert _id(["Bush"], "2005-03-18", ["CYM"]) == "person:mckeeva-bush"
    assert _id(["Olmert"], "2007-03-01", ["ISR"]) == "person:ehud-olmert"
    assert _id(["Bush"], "2010-05-01", ["USA"]) is None  # out of office: no guess
    assert _id(["Bush"], None) is None  # no date: no guess
    assert _id(["Howard"], "2006-01-01", ["IRQ"]) == "person:john-howard"  # the one Howard in office


def test_names_that_are_not_in_the_knowledge_base_stay_unlinked():
    assert _id(["Ruth Wambui"], "2008-01-01", ["KEN"]) is None
