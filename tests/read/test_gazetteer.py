"""The actor gazetteer: lookups, name history, branches (no spaCy needed)."""

from __future__ import annotations

from newsdesk.read import gazetteer


def test_countries_have_codes_names_and_demonyms():
    iraq = gazetteer.lookup("Republic of Iraq")
    assert iraq is not None and iraq.id == "country:IRQ" and iraq.code == "IRQ" and iraq.country == "IQ"
    assert gazetteer.demonym("Iraqis").id == "country:IRQ"
    assert gazetteer.metonym("Baghdad").id == "country:IRQ"
    assert gazetteer.lookup("U.S.").id == "country:USA"
    # every ISO country is there
    assert sum(a.id.startswith("country:") for a in gazetteer.load().actors.values()) > 240


def test_spelling_variants_reach_one_group():
    ids = {gazetteer.lookup(n).id for n in ("al-Qaeda", "al-Qaida", "Al Qaeda", "al-Qa\u2019ida")}
    assert ids == {"org:al-qaeda"}
    assert gazetteer.lookup("Hizbullah").id == "org:hezbollah"
    assert gazetteer.lookup("NATO").code == "IGO"
    assert gazetteer.lookup("Boko Haram").code == "IMG"


def test_name_history_follows_the_year():
    assert gazetteer.lookup("ISIS").id == "org:islamic-state"
    assert gazetteer.lookup("ISIS", when=2013).id == "org:isil"
    assert gazetteer.lookup("Daesh").id == "org:islamic-state"
    history = gazetteer.related("org:islamic-state")
    assert history["formerly"][:3] == ["org:isil", "org:isi", "org:aqi"]
    assert "org:iswap" in history["branches"]
    assert gazetteer.related("org:isi")["successors"] == ["org:isil", "org:islamic-state"]


def test_branches_of_al_qaeda():
    related = gazetteer.related("org:al-qaeda")
    assert {"org:aqap", "org:aqim", "org:aqi", "org:al-shabaab"} <= set(related["branches"])
    assert gazetteer.related("org:aqap")["branch_of"] == ["org:al-qaeda"]


def test_unknown_names_are_not_guessed():
    assert gazetteer.lookup("Zorblax Liberation Front") is None
    assert gazetteer.get("org:nothing") is None
