"""`ask`'s faults of issue #18, each on a store built from sentences written for the test: which
two actors it compares (and who it leaves out), how it dates undated events, how it counts, and
which co-mentions it keeps when there are too many."""

from __future__ import annotations

import json
import re

import corpus_kit
import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus

from newsdesk.answer import ask as ask_module
from newsdesk.answer.ask import ask
from newsdesk.answer.brief import to_html, to_json, to_markdown
from newsdesk.answer.event_table import EventFilters, count_events
from newsdesk.api.store_access import document

#: Actors the shared test kit does not know; each named in the ten-actor question.
MORE = {
    "country:PER": ("Peru", "GPE", ["Peru"]),
    "country:JPN": ("Japan", "GPE", ["Japan"]),
    "country:KEN": ("Kenya", "GPE", ["Kenya"]),
    "country:BRA": ("Brazil", "GPE", ["Brazil"]),
    "country:FRA": ("France", "GPE", ["France"]),
}
#: A day repeated as a range ("between 2007-05-03 and 2007-05-03").
DEGENERATE = re.compile(r"between (\S+) and \1\b")


@pytest.fixture
def more_actors(monkeypatch):
    for ident, entry in MORE.items():
        monkeypatch.setitem(corpus_kit.ACTORS, ident, entry)


def _texts(brief) -> str:
    return "\n".join(s["text"] for s in brief.summary)


# 1. Ten actors named: the brief says which two it compares, by what rule, and who it left out.

TEN = (
    "What do Norway, Chile, Peru, Japan, Kenya, Brazil, France, Ayad Allawi, al-Qaeda and the "
    "Islamic State say about fishing?"
)


def test_ten_actors_named_two_compared_eight_left_out_and_said(store, more_actors):
    docs = sample_corpus() + [
        make_doc(
            "summit",
            "Peru, Japan, Kenya, Brazil and France sent delegates to a fisheries summit in Lima on Friday.",
            published="2008-03-01",
            title="Summit",
        )
    ]
    ingest_docs(store, docs)
    with store.connect() as conn:
        brief = ask(conn, TEN)
    sides = {a["id"]: a["side"] for a in brief.actors}
    assert sides == {"country:NOR": "a", "country:CHL": "b"}
    left = [a["name"] for a in brief.actors_left_out]
    assert left == ["Peru", "Japan", "Kenya", "Brazil", "France", "Ayad Allawi", "al-Qaeda", "Islamic State"]
    assert all("two actors" in a["reason"] for a in brief.actors_left_out)
    assert brief.actor_rule == "the first two different actors the question names"
    said = brief.summary[0]["text"]
    assert said.startswith("Compared: Norway and Chile (the first two different actors the question names).")
    assert "left out" in said and all(name in said for name in left)
    payload = json.loads(to_json(brief))
    assert [a["id"] for a in payload["actors_left_out"]][:2] == ["country:PER", "country:JPN"]
    assert payload["actor_rule"] == brief.actor_rule
    assert "Left out" in to_markdown(brief) and "Ayad Allawi" in to_html(brief)


def test_the_pair_after_between_is_compared_and_the_asker_left_out(store, more_actors):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Did Peru report a fishing deal between Norway and Chile?")
        two = ask(conn, "Did Norway and Chile agree?")
    assert {a["id"] for a in brief.actors} == {"country:NOR", "country:CHL"}
    assert brief.actor_rule == "the first two actors named after 'between'"
    assert [a["id"] for a in brief.actors_left_out] == ["country:PER"]
    assert "Peru" in brief.summary[0]["text"]
    assert two.actors_left_out == [] and "left out" not in two.summary[0]["text"]


def test_one_actor_named_twice_is_not_a_pair(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Will Norway and Norway agree?")
    assert brief.evidence == [] and [a["id"] for a in brief.actors] == ["country:NOR"]
    assert "Two different actors are needed" in brief.summary[0]["text"]


# 2. Undated events: said to be undated, article dates labelled as such, never a day-to-itself range.

TALK = "Norway and Chile held talks on fishing quotas."
MET = "Norway and Chile met again to sign the quota deal."


def _dated_doc(doc_id: str, published: str | None, dates: tuple[str | None, str | None]):
    doc = make_doc(
        doc_id,
        f"{TALK} {MET} Officials gave no other details.",
        published=published,
        title=doc_id,
        events=[
            ("CONSULT", "country:NOR", "country:CHL", "asserted", TALK, None),
            ("AGREE", "country:NOR", "country:CHL", "asserted", MET, None),
        ],
    )
    for event, date in zip(doc.events, dates, strict=True):
        event.date = date
    return doc


def test_undated_events_are_said_undated_with_labelled_article_dates(store):
    ingest_docs(store, [_dated_doc("undated-events", "2007-05-03", (None, None))])
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    text = _texts(brief)
    assert not DEGENERATE.search(text) and not DEGENERATE.search(to_markdown(brief))
    assert "The coded facts carry no dates of their own" in text
    assert "(article dates, not event dates) were published on 2007-05-03" in text
    assert brief.dates["own_dates"] == 0 and brief.dates["published_first"] == "2007-05-03"


def test_own_event_dates_are_used_and_a_misread_future_date_is_not(store):
    # 2045 after a 2007 article is a misread date (the events table dates it by its article too)
    ingest_docs(store, [_dated_doc("dated-events", "2007-05-03", ("2007-04-30", "2045-01-01"))])
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    text = _texts(brief)
    assert "1 of 2 coded facts are dated on 2007-04-30; the other 1 carry none" in text
    assert "were published on 2007-05-03" in text and "2045" not in text
    assert [e["date"] for e in brief.evidence] == ["2007-04-30", None]


def test_two_event_dates_make_a_range_and_undated_articles_are_said_undated(store):
    ingest_docs(
        store,
        [
            _dated_doc("ranged", "2007-05-03", ("2007-04-30", "2007-05-02")),
            make_doc(
                "no-date",
                "Norway and Chile exchanged letters about salmon farming, and both praised the quota deal.",
                published=None,
                title="no date",
                events=[
                    (
                        "CONSULT",
                        "country:NOR",
                        "country:CHL",
                        "asserted",
                        "Norway and Chile exchanged letters about salmon farming",
                        None,
                    )
                ],
            ),
        ],
    )
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    text = _texts(brief)
    assert "2 of 3 coded facts are dated between 2007-04-30 and 2007-05-02" in text
    assert "their articles are undated too" in text
    assert "The articles cited were published on 2007-05-03 (1 item from undated articles)." in text
    assert not DEGENERATE.search(text)


# 3. Counts: the brief counts what the events table and the document page count.


def test_counts_match_the_events_table_and_the_document_page(store):
    twice = (
        "Norway accused Chile of overfishing in March. Chile rejected the claim. "
        "In April Norway accused Chile of overfishing again, this time near the Falklands."
    )
    first_charge = "Norway accused Chile of overfishing in March."
    second_charge = "In April Norway accused Chile of overfishing again"
    two_charges = make_doc(
        "charges",
        twice,
        published="2008-04-10",
        title="Charges",
        events=[
            ("ACCUSE", "country:NOR", "country:CHL", "asserted", first_charge, None),
            ("ACCUSE", "country:NOR", "country:CHL", "asserted", second_charge, None),
        ],
    )
    ingest_docs(store, sample_corpus() + [two_charges])
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
        ids_a = [a["id"] for a in brief.actors if a["side"] == "a"]
        ids_b = [a["id"] for a in brief.actors if a["side"] == "b"]
        table = count_events(conn, EventFilters(actor=ids_a, counterpart=ids_b))
        page = document(conn, "charges")
    # the fishing deal (current version), the rejection and the two charges: four stored rows
    assert brief.counts["events"] == table == 4
    assert brief.counts["events_third_party"] == 0
    # two charges in one article are two, as the document page lists them (they used to merge)
    cited_here = [e for e in brief.evidence if e["doc_id"] == "charges"]
    on_page = [e for e in page["events"] if e["type"] == "ACCUSE"]
    assert len(cited_here) == len(on_page) == 2
    assert "4 coded events" in _texts(brief) and "alone" not in _texts(brief)
    assert brief.counts["events_table_asked"] == table
    assert json.loads(to_json(brief))["counts"]["events"] == table


def test_copies_of_a_story_are_counted_as_rows_and_cited_once(store):
    ingest_docs(store, sample_corpus())  # the talks and their syndicated copy: one story
    with store.connect() as conn:
        brief = ask(conn, "Will al-Qaeda and IS unite?")
        ids_a = [a["id"] for a in brief.actors if a["side"] == "a"]
        ids_b = [a["id"] for a in brief.actors if a["side"] == "b"]
        table = count_events(conn, EventFilters(actor=ids_a, counterpart=ids_b))
    assert brief.counts["events"] == table == 2
    assert brief.counts["events_cited"] == 1 and brief.counts["relations"] == 1
    # the events table takes one actor a side: the asked pair alone (the talks are their branches')
    with store.connect() as conn:
        asked = count_events(conn, EventFilters(actor=["org:al-qaeda"], counterpart=["org:islamic-state"]))
    assert brief.counts["events_table_asked"] == asked == 0
    assert brief.counts["events_table_link"] == (
        "/ui/events?actor=org%3Aal-qaeda&counterpart=org%3Aislamic-state"
    )
    assert [e["type"] for e in brief.evidence if e["kind"] == "event"] == ["CONSULT"]
    text = _texts(brief)
    assert "2 coded events, 1 coded relation" in text
    assert "copies of one story are cited once, so 1 event and 1 relation are cited below" in text
    assert (
        "The events table for al-Qaeda and Islamic State alone (it takes one actor a side) lists 0 events"
        in text
    )


def test_events_naming_both_as_targets_of_a_third_party_are_counted_apart(store):
    sentence = "Ayad Allawi criticised Norway and Chile over the quota deal."
    third = make_doc(
        "third",
        sentence + " Both governments declined to comment.",
        published="2008-05-01",
        title="Third party",
        events=[
            ("DISAPPROVE", "person:ayad-allawi", ["country:NOR", "country:CHL"], "asserted", sentence, None)
        ],
    )
    ingest_docs(store, sample_corpus() + [third])
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
        table = count_events(conn, EventFilters(actor=["country:NOR"], counterpart=["country:CHL"]))
    assert brief.counts["events_table"] == table == brief.counts["events"] + 1
    assert brief.counts["events_third_party"] == 1
    assert "also lists 1 event naming both only as targets of a third party" in _texts(brief)
    assert all(e["type"] != "DISAPPROVE" for e in brief.evidence)


# 4. Co-mentions: the newest are kept, and the brief says how many were left out.

PLACES = ["Oslo", "Santiago", "Lima", "Bergen", "Valparaiso", "Tromso", "Arica"]
TOPICS = [
    "salmon exports rose sharply",
    "a naval exercise was planned",
    "students joined an exchange programme",
    "copper prices fell",
    "a football friendly ended in a draw",
    "wine tariffs were debated",
    "an orchestra began a tour",
]


def test_the_newest_co_mentions_are_kept_and_the_rest_counted(store, monkeypatch):
    monkeypatch.setattr(ask_module, "MAX_COMENTIONS", 3)
    monkeypatch.setattr(ask_module, "COMENTION_CHUNK", 2)
    docs = [
        make_doc(
            f"c{i}",
            f"In {place}, reporters noted that Norway and Chile were both mentioned as {topic}. "
            f"Story number {i} has nothing else in common with the others.",
            published=f"2009-0{i + 1}-15",
            title=f"Column {i}",
        )
        for i, (place, topic) in enumerate(zip(PLACES, TOPICS, strict=True))
    ]
    ingest_docs(store, docs)
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    kept = [e["doc_id"] for e in brief.evidence if e["kind"] == "co-mention"]
    assert kept == ["c4", "c5", "c6"]  # the newest three, oldest first in the evidence list
    c = brief.counts["co-mentions"]
    assert c["shown"] == 3 and c["passages_left_out"] + c["stories_left_out"] == 4
    text = _texts(brief)
    assert "(the newest 3 are shown; left out:" in text and "oldest" not in text


def test_the_newest_quoted_claims_are_kept_and_the_rest_counted(store, monkeypatch):
    monkeypatch.setattr(ask_module, "MAX_QUOTES", 1)
    said = ["Chile broke the quota deal", "Chile has kept its word on salmon", "Chile must pay the fine"]
    docs = [
        make_doc(
            f"q{i}",
            f'Norway said: "{text}." The statement was read out in {place} on a {day}.',
            published=f"2010-0{i + 1}-01",
            title=f"Statement {i}",
            quotes=[("country:NOR", text)],
        )
        for i, (text, place, day) in enumerate(
            zip(said, ["Oslo", "Bergen", "Tromso"], ["Monday", "Wednesday", "Friday"], strict=True)
        )
    ]
    ingest_docs(store, docs)
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    claims = [e for e in brief.evidence if e["kind"] == "claim"]
    assert [e["doc_id"] for e in claims] == ["q2"]
    assert brief.counts["claims"] == {"shown": 1, "left_out": 2, "cap": 1}
    assert "2 older claims left out" in _texts(brief)
