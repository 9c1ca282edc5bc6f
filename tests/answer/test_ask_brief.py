"""`ask`: actors resolved with branches and earlier names, cited evidence, honest when there is none."""

from __future__ import annotations

import json
import re

from corpus_kit import ingest_docs, make_doc, sample_corpus

from newsdesk.answer.actor_lookup import find_actors
from newsdesk.answer.ask import ask
from newsdesk.answer.brief import to_html, to_json, to_markdown


def test_ask_gathers_labelled_evidence(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Will al-Qaeda and IS unite?")
    actors = {a["id"]: a for a in brief.actors}
    assert actors["org:al-qaeda"]["side"] == "a" and actors["org:islamic-state"]["side"] == "b"
    assert actors["org:isi"]["label"] == "earlier name of Islamic State"
    assert actors["org:aqi"]["label"] == "branch of al-Qaeda"
    kinds = [(e["type"], e["modality"], e["reported_by"]) for e in brief.evidence]
    # the syndicated copy of the talks is one story: cited once
    assert kinds == [("CONSULT", "reported", "Ayad Allawi"), ("alliance", "hypothetical", None)]
    talks = brief.evidence[0]
    assert talks["attribution"] == "Wikinews, CC BY 2.5" and talks["url"].startswith(
        "https://en.wikinews.org/"
    )
    assert talks["sentence"].startswith("Former prime minister Ayad Allawi said")
    assert brief.timeline == [
        {"month": "2006-11", "type": "CONSULT", "count": 1, "score": 1.0},
        {"month": "2007-03", "type": "alliance", "count": 1, "score": 6.0},
    ]
    cited = [s for s in brief.summary if s["cites"]]
    assert cited and all(re.search(r"\[\d+\]", s["text"]) for s in cited[1:])
    assert any("hypothetical" in s["text"] for s in brief.summary)
    payload = json.loads(to_json(brief))
    assert set(payload) >= {"question", "actors", "summary", "evidence", "timeline"}
    assert set(payload["evidence"][0]) >= {
        "doc_id",
        "title",
        "outlet",
        "published",
        "sentence",
        "start",
        "end",
        "type",
        "modality",
        "reported_by",
    }


def test_ask_without_shared_evidence_says_so(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Will Norway and al-Qaeda unite?")
    assert brief.evidence == [] and brief.timeline == []
    assert any(s["text"].startswith("No evidence linking Norway and al-Qaeda") for s in brief.summary)


def test_question_words_are_not_actors(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        assert [a.id for a in find_actors(conn, "Is Norway ready? Is it?")] == ["country:NOR"]
        assert [a.id for a in find_actors(conn, "Did IS meet Chile?")] == ["org:islamic-state", "country:CHL"]


def test_html_brief_is_self_contained_and_escaped(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    page = to_html(brief)
    assert "<script" not in page.lower()  # the hostile title and sentence are escaped
    assert "&lt;script&gt;" in page
    assert "<svg" in page and "<rect" in page  # the timeline chart is inline
    assert not re.search(r"""(src|href)=["'](?!https?://)""", page.replace('href="https://', ""))
    assert "CC BY 2.5" not in page or "creativecommons" in page
    markdown = to_markdown(brief)
    assert "<script>" not in markdown


def test_co_mentions_are_labelled_by_how_close_the_names_are(store):
    near = make_doc(
        "near",
        "Reports said the leader of al-Qaeda in Iraq was killed. The Islamic State of Iraq denied it on "
        "Tuesday. Weather in the region was mild.",
        published="2007-05-03",
        url="https://en.wikinews.org/wiki/Near",
        title="Near",
    )
    far = make_doc(
        "far",
        "Chile named al-Qaeda in a statement. Markets rose. Ministers met in the capital on trade. "
        "A week later the Islamic State of Iraq issued a video.",
        published="2008-05-03",
        title="Far",
    )
    ingest_docs(store, [near, far])
    with store.connect() as conn:
        brief = ask(conn, "Will al-Qaeda and IS unite?")
    assert [(e["doc_id"], e["type"], e["scope"], e["modality"]) for e in brief.evidence] == [
        ("near", "co-mention", "adjacent sentences", "denied"),
        ("far", "co-mention", "same article", "asserted"),
    ]
    near_item, far_item = brief.evidence
    assert near_item["sentence"].startswith("Reports said") and near_item["sentence"].endswith("on Tuesday.")
    # names far apart: the two passages are shown, elided between, and the offsets span both
    assert (
        far_item["sentence"]
        == "Chile named al-Qaeda in a statement. … A week later the Islamic State of Iraq issued a video."
    )
    body = far.body
    assert body[far_item["start"] : far_item["end"]].startswith("Chile named") and body.endswith("a video.")
    assert not brief.signals["for"] and not brief.signals["against"]  # co-mentions are never signals


def test_a_question_with_one_known_actor_is_not_answered(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        brief = ask(conn, "Will Norway and Atlantis unite?")
    assert brief.evidence == [] and [a["id"] for a in brief.actors] == ["country:NOR"]
    assert brief.summary[0]["text"].startswith("Actors recognised in the question: Norway.")


def test_an_edited_copy_of_a_story_adds_no_second_co_mention(store):
    text = (
        "Officials said al-Qaeda in Iraq and the Islamic State of Iraq exchanged letters last month. "
        "The letters were found in a house near Ramadi during a raid by local police. Analysts in "
        "Baghdad said the contents were still being studied and that more raids were planned."
    )
    first = make_doc("letters", text, published="2007-06-01", title="Letters")
    copy = make_doc(
        "letters-copy",
        "Share this story.\n" + text.replace("last month", "in May") + "\nAll rights reserved.",
        published="2007-06-02",
        title="Letters found",
        outlet="Other Outlet",
    )
    ingest_docs(store, [first, copy])
    with store.connect() as conn:
        brief = ask(conn, "Will al-Qaeda and IS unite?")
    assert [(e["doc_id"], e["type"]) for e in brief.evidence] == [("letters", "co-mention")]
