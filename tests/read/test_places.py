"""Geocoding on sentences written for the tests."""

from __future__ import annotations

import math

import pytest
from reading_kit import read

from newsdesk.read import places

pytestmark = pytest.mark.slow


def _place(doc, name):
    found = [p for p in doc.places if any(m.text == name for m in p.mentions)]
    assert found, f"{name!r} not found among {[p.name for p in doc.places]}"
    return found[0]


def _near(place, lat, lon, km=100):
    p1, p2 = math.radians(place.lat), math.radians(lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - place.lon) / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h)) <= km


def test_city_and_country_with_offsets():
    doc = read("Fighting continued near Mosul, the second city of Iraq.")
    mosul, iraq = _place(doc, "Mosul"), _place(doc, "Iraq")
    assert mosul.country_code == "IQ" and mosul.feature == "city" and _near(mosul, 36.34, 43.13)
    assert iraq.feature == "country" and iraq.geonameid == 99237
    assert all(doc.body[m.start:m.end] == m.text for p in doc.places for m in p.mentions)


def test_region_after_a_comma_picks_the_town():
    doc = read("The plant in Springfield, Ill., will close next year.")
    assert _near(_place(doc, "Springfield"), 39.80, -89.64)


def test_context_picks_the_small_namesake():
    doc = read("Paris police said the fire started near Lamar Avenue. Officials in Paris and in nearby "
               "Sulphur Springs, Texas, warned residents.")
    paris = _place(doc, "Paris")
    assert paris.country_code == "US" and _near(paris, 33.66, -95.56)


def test_without_context_the_prominent_place_wins():
    doc = read("The minister flew to Paris for the talks.")
    assert _place(doc, "Paris").country_code == "FR"


def test_demonyms_are_not_places():
    doc = read("Iraqi and Syrian officials met in Geneva.")
    names = {m.text for p in doc.places for m in p.mentions}
    assert "Geneva" in names and not names & {"Iraqi", "Syrian"}


def test_names_read_together_lie_together():
    # Both names have namesakes in many states; only in Georgia are they neighbours.
    doc = read("Deputies from Harris County joined Columbus police in the search.")
    assert _near(_place(doc, "Columbus"), 32.46, -84.99)
    assert _near(_place(doc, "Harris County"), 32.73, -84.90)


def test_a_stated_region_holds_for_the_whole_story():
    # Massachusetts towns later in the story do not move the Springfield the dateline placed in Ohio.
    doc = read("Springfield, Ohio — The school board met on Monday. Springfield teachers, like their "
               "colleagues in Boston and Worcester, asked the board for a raise.")
    springfields = [p for p in doc.places if any(m.text == "Springfield" for m in p.mentions)]
    assert springfields and all(_near(p, 39.92, -83.81) for p in springfields)
    assert sum(m.text == "Springfield" for p in springfields for m in p.mentions) == 2


def test_a_street_is_not_in_the_town_it_is_named_after():
    doc = read("Police closed Wichita Drive in Dublin, Ohio, on Monday. Crews then repaired Douglas "
               "County Road 22 near Alexandria, Minn.")
    street = _place(doc, "Wichita Drive")
    assert street.feature == "local" and _near(street, 40.10, -83.11)  # in Dublin, not in Kansas
    county = _place(doc, "Douglas County Road")
    assert county.feature == "admin2" and _near(county, 45.93, -95.45)  # a county road is in its county


def test_a_name_inside_a_longer_name_is_not_its_own_context():
    # "Paris Regional Medical Center" is Paris again: its reading must not vote for France.
    doc = read("Paris police said the victim was flown to a Dallas hospital. Paris Regional Medical "
               "Center staff treated two others.")
    assert _near(_place(doc, "Paris"), 33.66, -95.56)


def test_the_city_of_a_town_is_the_town():
    # Not the independent city of Richmond, Virginia: the story is in Madison County, Kentucky.
    doc = read("The City of Richmond and Madison County, Ky., signed the agreement.")
    richmond = _place(doc, "The City of Richmond")
    assert richmond.feature == "city" and _near(richmond, 37.75, -84.29)


def test_an_event_happens_where_its_sentence_says_not_at_the_dateline():
    text = ("BAGHDAD, Iraq (AP) - Officials met on Monday to discuss the budget.\n\n"
            "Gunmen attacked a checkpoint in Tikrit on Sunday, killing four soldiers.")
    doc = read(text)
    trigger = text.index("attacked")
    place, mention = places.where(doc, trigger, trigger + len("attacked"))
    assert place.country_code == "IQ" and text[mention.start:mention.end] == "Tikrit"
    assert _near(place, 34.61, 43.68)
    met = text.index("met")
    assert places.where(doc, met, met + 3)[0].name == "Baghdad"


def test_no_place_named_near_the_event_gives_none():
    text = "BAGHDAD, Iraq (AP) - Officials met on Monday.\n\nLater, gunmen attacked a checkpoint."
    doc = read(text)
    trigger = text.index("attacked")
    assert places.where(doc, trigger, trigger + 8) is None
