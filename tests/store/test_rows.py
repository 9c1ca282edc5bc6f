"""The rows a document is stored as, built without a database (``store/rows.py``)."""

from __future__ import annotations

from newsdesk.model import Article, Document, Entity, Event, Place, Span
from newsdesk.store import schema
from newsdesk.store.rows import article_row, fact_rows, search_row

BODY = "Iraqi forces attacked Islamic State fighters near Mosul on Monday, officials said."


def _doc() -> Document:
    iraq = Entity(id="country:IRQ", name="Iraq", type="GPE", aliases=["Iraqi"],
                  mentions=[Span(0, 5, "Iraqi")])
    isis = Entity(id="org:islamic-state", name="Islamic State", type="ORG",
                  mentions=[Span(22, 35, "Islamic State")])
    mosul = Place(name="Mosul", lat=36.34, lon=43.13, country_code="IQ", mentions=[Span(50, 55, "Mosul")])
    # the event names its target by a name, which the store keeps as the entity's id
    attack = Event(type="ASSAULT", source="country:IRQ", target="Islamic State", modality="reported",
                   start=0, end=82, reported_by=None)
    doc = Document(article=Article(id="a1", title="Mosul", body=BODY), entities=[iraq, isis],
                   places=[mosul], events=[attack])
    doc.sentences = [(0, 82)]
    return doc


def test_the_facts_of_a_document_by_table() -> None:
    facts = fact_rows([(_doc(), 7)], "vectors")
    shared = dict(facts.shared)
    assert [r["id"] for r in shared[schema.entities]] == ["country:IRQ", "org:islamic-state"]
    assert {(r["entity_id"], r["alias"]) for r in shared[schema.aliases]} == {
        ("country:IRQ", "Iraq"), ("country:IRQ", "Iraqi"), ("org:islamic-state", "Islamic State")}
    plain = dict(facts.plain)
    mentioned = [(r["article_id"], r["text"]) for r in plain[schema.mentions]]
    assert mentioned == [(7, "Iraqi"), (7, "Islamic State")]
    assert plain[schema.embeddings] == []  # no vectors were computed
    linked = {table.name: (children.name, key, rows) for table, children, key, rows in facts.linked}
    name, key, places = linked["places"]
    assert (name, key) == ("place_mentions", "place_id")
    assert places == [({"article_id": 7, "name": "Mosul", "lat": 36.34, "lon": 43.13, "country_code": "IQ",
                        "geonameid": None, "feature": None}, [{"start": 50, "end": 55, "text": "Mosul"}])]
    (event, links), = linked["events"][2]
    assert event["target"] == "org:islamic-state"  # a name resolved to the document's entity id
    assert links == [{"side": "source", "entity_id": "country:IRQ"},
                     {"side": "target", "entity_id": "org:islamic-state"}]


def test_the_article_row_keeps_the_parsers_sentences_and_the_search_row_is_bounded() -> None:
    doc = _doc()
    row = article_row(doc, _raw(), 7, url=None, current=True, story_id=3, minhash=b"")
    assert row["sentences"] == [[0, 82]] and row["body"] == BODY and row["story_id"] == 3
    doc.sentences = []
    assert article_row(doc, _raw(), 7, url=None, current=True, story_id=3, minhash=b"")["sentences"] is None
    long = Article(id="x", title="t" * 10_000, body="b" * (schema.SEARCH_BODY_CHARS + 10))
    searched = search_row(1, long)
    assert len(searched["title"]) == schema.SEARCH_TITLE_CHARS
    assert len(searched["body"]) == schema.SEARCH_BODY_CHARS


def _raw():
    from newsdesk.model import RawPage

    return RawPage(id="a1", kind="body", content=BODY, source="a1.txt")
