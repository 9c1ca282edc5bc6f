"""Dates against the publication date, and without one."""

from __future__ import annotations

from datetime import datetime

import pytest
from reading_kit import read

from newsdesk.read.dates import normalise

PUBLISHED = datetime(2016, 4, 20, 9, 30)  # a Wednesday


def test_relative_and_partial_dates_with_a_publication_date():
    assert normalise("April 17", PUBLISHED) == ("2016-04-17", True)
    assert normalise("on Monday", PUBLISHED) == ("2016-04-18", True)
    assert normalise("yesterday", PUBLISHED) == ("2016-04-19", True)
    assert normalise("last week", PUBLISHED) == ("2016-W15", True)
    assert normalise("July 5, 2014", PUBLISHED) == ("2014-07-05", True)


def test_without_a_publication_date_the_year_is_never_guessed():
    assert normalise("April 17", None) == ("--04-17", False)
    assert normalise("on Monday", None) == (None, False)
    assert normalise("July 5, 2014", None) == ("2014-07-05", True)
    assert normalise("July 2014", None) == ("2014-07", True)
    assert normalise("Saturday, April 27", None) == ("--04-27", False)


def test_a_stated_date_reads_the_same_whatever_the_publication_date():
    assert normalise("Saturday, April 27", datetime(2016, 5, 2)) == ("2016-04-27", True)
    assert normalise("Saturday, April 27", datetime(2019, 5, 2)) == ("2019-04-27", True)
    assert normalise("Wednesday January 25th", datetime(2005, 1, 27)) == ("2005-01-25", True)
    assert normalise("March 2007", PUBLISHED) == ("2007-03", True)


def test_not_a_date():
    assert normalise("the past few years", PUBLISHED) is None


@pytest.mark.slow
def test_dates_stage_keeps_offsets():
    text = "Allawi said in a statement April 17 that talks began on Monday."
    with_date = read(text, published="2016-04-20")
    values = {d.text: d.value for d in with_date.dates}
    assert values.get("April 17") == "2016-04-17"
    assert all(text[d.start:d.end] == d.text for d in with_date.dates)
    undated = read(text)
    partial = next(d for d in undated.dates if d.text == "April 17")
    assert partial.value == "--04-17" and partial.year_known is False
