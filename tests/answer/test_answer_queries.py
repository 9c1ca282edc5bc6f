"""Search, actor pages, dyads, network and exports over a small corpus written for the tests."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
import stix2
from corpus_kit import ingest_docs, make_doc, sample_corpus

from newsdesk.answer.actors import actor_page
from newsdesk.answer.dyads import dyad, dyad_facts
from newsdesk.answer.export import FORMATS, writer
from newsdesk.answer.facts import facts
from newsdesk.answer.search import Filters, fulltext


def test_fulltext_search_and_filters(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        hits = fulltext(conn, "talks Anbar")
        assert {h.doc_id for h in hits} == {"talks", "talks-copy"}
        assert all("[" in h.snippet for h in hits)  # the match is marked
        wikinews = [h for h in hits if h.doc_id == "talks"][0]
        assert wikinews.attribution == "Wikinews, CC BY 2.5"
        # only the current version of a changed page is found
        assert [h.title for h in fulltext(conn, "salmon")] == ["Fishing deal (updated)"]
        assert {h.doc_id for h in fulltext(conn, "meeting", Filters(actor="al-Qaeda in Iraq"))} == {
            "talks",
            "talks-copy",
        }
        assert fulltext(conn, "meeting", Filters(actor="Norway")) == []
        assert fulltext(conn, "meeting", Filters(actor="no such actor")) == []
        assert [h.doc_id for h in fulltext(conn, "groups", Filters(since="2007", until="2007-12-31"))] == [
            "alliance"
        ]
        assert fulltext(conn, "groups", Filters(since="2008")) == []
        assert {h.doc_id for h in fulltext(conn, "Norway", Filters(category="agree"))} == {"fish"}
        assert {
            h.doc_id for h in fulltext(conn, "Norway", Filters(category="REJECT", modality="asserted"))
        } == {"hostile"}
        assert fulltext(conn, "Norway", Filters(category="AGREE", modality="hypothetical")) == []
        # query syntax is data, not FTS syntax: no error, the words are matched (any word as a fallback)
        assert [h.doc_id for h in fulltext(conn, 'salmon" OR body:* NEAR(')] == ["fish"]


def test_dyad_counts_each_story_once(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        result = dyad(conn, "al-Qaeda in Iraq", "Islamic State of Iraq")
    # the syndicated copy of the talks adds no second CONSULT
    assert result.timeline == [
        {"month": "2006-11", "type": "CONSULT", "modality": "reported", "count": 1, "score": 1.0}
    ]


def test_actor_page(store):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        page = actor_page(conn, "Norway")
        allawi = actor_page(conn, "Allawi")
    assert page.id == "country:NOR" and page.articles == 2
    assert page.counterparts == [{"id": "country:CHL", "name": "Chile", "facts": 2}]
    assert page.events_by_category == {"AGREE": {"asserted": 1}, "REJECT": {"asserted": 1}}
    assert allawi.id == "person:ayad-allawi"
    assert allawi.roles[0]["title"] == "prime minister" and allawi.roles[0]["first"] == "2006-11-02"


def test_every_export_format(store, tmp_path):
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        for fmt in FORMATS:
            out = tmp_path / f"out.{fmt}"
            n = writer(fmt)(conn, out)
            assert out.stat().st_size > 0, fmt
            if fmt == "jsonl":
                docs = [json.loads(line) for line in out.read_text().splitlines()]
                assert n == len(docs) == 5
                assert {d["attribution"] for d in docs} == {"Wikinews, CC BY 2.5", None}
            elif fmt == "csv":
                rows = list(csv.DictReader(out.open()))
                assert len(rows) == n == 4  # the old version's event is not current
            elif fmt == "parquet":
                assert pq.read_table(out).num_rows == 4
            elif fmt == "geojson":
                features = json.loads(out.read_text())["features"]
                assert [(f["properties"]["name"], f["geometry"]["coordinates"]) for f in features] == [
                    ("Chile", [-71.0, -31.0])  # GeoJSON is longitude first
                ]
            elif fmt == "graphml":
                graph = nx.read_graphml(out)
                assert graph.has_edge("org:aqi", "org:isi") and graph.has_edge("org:isi", "org:al-qaeda")
            elif fmt == "stix":
                bundle = stix2.parse(out.read_text(), allow_custom=True)
                kinds = {o.type for o in bundle.objects}
                assert {"relationship", "report"} <= kinds
                names = {o.name for o in bundle.objects if o.type in ("threat-actor", "identity")}
                assert {"Norway", "Chile"} <= names
            elif fmt == "plover":
                events = json.loads(out.read_text())["events"]
                assert {e["event_type"] for e in events} == {"CONSULT", "AGREE", "REJECT"}
                assert all(e["event_text"] for e in events)


def test_a_joint_actor_counts_for_the_dyad(store):
    joint = make_doc(
        "joint",
        "Norway and Chile agreed to share fishing data. Nothing else happened.",
        published="2009-02-01",
        events=[
            (
                "AGREE",
                ["country:NOR", "country:CHL"],
                None,
                "asserted",
                "Norway and Chile agreed to share fishing data.",
                None,
            )
        ],
    )
    ingest_docs(store, [joint])
    with store.connect() as conn:
        result = dyad(conn, "Chile", "Norway")
    assert [(f.doc_id, f.type) for f in result.facts] == [("joint", "AGREE")]


def test_dyad_facts_agree_with_the_reference_query(store):
    """The index-driven dyad query finds exactly what testing every fact finds, for every pair."""
    docs = sample_corpus()
    joint = make_doc(
        "joint",
        "Norway and Chile agreed to share fishing data. Nothing else happened.",
        published="2009-02-01",
        events=[("AGREE", ["country:NOR", "country:CHL"], None, "asserted", "Norway and Chile agreed", None)],
    )
    ingest_docs(store, [*docs, joint])
    ids = sorted({e.id for d in docs for e in d.entities})
    found = 0
    with store.connect() as conn:
        for a in ids:
            for b in ids:
                if a != b:
                    expected = facts(conn, [a], [b])
                    assert dyad_facts(conn, [a], [b]) == expected, (a, b)
                    found += len(expected)
        assert dyad_facts(conn, ["org:aqi", "org:al-qaeda"], ["org:isi"]) == facts(
            conn, ["org:aqi", "org:al-qaeda"], ["org:isi"]
        )
    assert found >= 6  # pairs with facts were compared, not only empty ones


def test_fulltext_widens_past_matches_the_filters_drop(store, monkeypatch):
    """Ranked matches are read a few at a time: filters that drop the best ones still find the rest."""
    import newsdesk.answer.search as search_module

    if store.dialect.name != "sqlite":
        pytest.skip("the ranked list is read in steps from SQLite's FTS5 index only")
    ingest_docs(store, sample_corpus())
    with store.connect() as conn:
        # "hostile" ranks first for Norway and the old version of "fish" second: both are filtered out
        assert fulltext(conn, "Norway", limit=1)[0].doc_id == "hostile"
        for first, widest in ((1, 100), (1, 2)):  # widening, then the filters joined in SQL
            monkeypatch.setattr(search_module, "FTS_FIRST", first)
            monkeypatch.setattr(search_module, "FTS_WIDEST", widest)
            hits = fulltext(conn, "Norway", Filters(category="AGREE"), limit=1)
            assert [(h.doc_id, h.title) for h in hits] == [("fish", "Fishing deal (updated)")]
            assert "[Norway]" in hits[0].snippet
