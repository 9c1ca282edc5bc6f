"""The API contract checked from outside: every list is ``{total, offset, limit, items}`` and pages
with ``offset``; CSV and GeoJSON downloads; 422 with one line for every bad parameter; bounded
error bodies; document ids with "/" open."""

from __future__ import annotations

import csv
import io

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus, store_fixture
from fastapi.testclient import TestClient

from newsdesk.store.schema import article_vectors
from newsdesk.web import create_app


def _extra_docs():
    """Three more Norway–Chile events (so pages have several rows) and a document id with slashes."""
    out = []
    for i, (month, verb, category) in enumerate(
        [
            ("2008-04", "accused", "ACCUSE"),
            ("2008-05", "threatened", "THREATEN"),
            ("2008-06", "consulted", "CONSULT"),
        ]
    ):
        sentence = f"Norway {verb} Chile over the quotas."
        out.append(
            make_doc(
                f"wire/2008/{i}",
                sentence + " Talks may follow.",
                published=f"{month}-10",
                url=f"https://news.example/wire/{i}",
                title=f"Quotas {i}",
                outlet="Wire Service",
                events=[(category, "country:NOR", "country:CHL", "asserted", sentence, None)],
                places=[("Chile", -31.0, -71.0, "CL"), *([("Norway", 61.0, 9.0, "NO")] if i == 0 else [])],
            )
        )
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request, tmp_path):
    for engine in store_fixture(request, tmp_path):
        ingest_docs(engine, [*sample_corpus(), *_extra_docs()])
        # As a store ingested with --no-embed: semantic modes must say the index is missing.
        with engine.begin() as conn:
            conn.execute(article_vectors.delete())
        with TestClient(create_app(engine), base_url="http://127.0.0.1") as c:
            yield c


ENVELOPE = {"total", "offset", "limit", "items"}
LISTS = [
    ("/search", {"q": "Norway"}),
    ("/events", {"actor": "Norway"}),
    ("/places", {}),
    ("/network", {"actor": "Norway"}),
    ("/actors", {}),
    ("/dyads", {"a": "Norway", "b": "Chile"}),
]


@pytest.mark.parametrize("path,query", LISTS)
def test_every_list_is_an_envelope_that_pages(client: TestClient, path: str, query: dict) -> None:
    whole = client.get(path, params={**query, "limit": 50})
    assert whole.status_code == 200, whole.text
    body = whole.json()
    assert ENVELOPE <= set(body) and body["offset"] == 0 and body["limit"] == 50
    assert body["total"] >= 2 and len(body["items"]) == body["total"], (path, body["total"])
    second = client.get(path, params={**query, "offset": 1, "limit": 1}).json()
    assert second["offset"] == 1 and second["total"] == body["total"]
    assert second["items"] == body["items"][1:2]


def test_events_filter_sort_and_csv(client: TestClient) -> None:
    found = client.get("/events", params={"actor": "Norway", "counterpart": "Chile", "sort": "date"}).json()
    assert [r["type"] for r in found["items"]] == ["AGREE", "REJECT", "ACCUSE", "THREATEN", "CONSULT"]
    assert found["items"][0]["source"] == "Norway" and found["items"][0]["target"] == "Chile"
    accused = client.get("/events", params={"category": "accuse", "actor": "Norway"}).json()
    assert accused["total"] == 1
    # each facet ignores its own filter: every category Norway's events fall in, with counts
    assert accused["facets"]["category"] == {
        "AGREE": 1,
        "REJECT": 1,
        "ACCUSE": 1,
        "THREATEN": 1,
        "CONSULT": 1,
    }
    assert accused["facets"]["modality"] == {"asserted": 1}
    assert client.get("/events", params={"outlet": "wire service", "since": "2008-05"}).json()["total"] == 2
    assert client.get("/events", params={"place": "Chile", "actor": "Norway"}).json()["total"] == 4
    text = client.get("/events", params={"actor": "Norway", "format": "csv", "sort": "-date"})
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert rows[0]["type"] == "CONSULT" and rows[0]["source"] == "Norway" and len(rows) == 5
    assert text.text.splitlines()[0].startswith("date,type,modality,source,target")


def test_places_is_geojson(client: TestClient) -> None:
    answer = client.get("/places")
    assert answer.headers["content-type"].startswith("application/geo+json")
    body = answer.json()
    assert body["type"] == "FeatureCollection"
    chile = next(f for f in body["features"] if f["properties"]["name"] == "Chile")
    assert chile["geometry"] == {"type": "Point", "coordinates": [-71.0, -31.0]}
    assert chile["properties"]["articles"] == 4
    only = client.get("/places", params={"category": "THREATEN"}).json()
    assert [f["properties"]["articles"] for f in only["features"]] == [1]


def test_network_and_dyad_answer(client: TestClient) -> None:
    net = client.get("/network", params={"actor": "Norway"}).json()
    assert net["center"] == "country:NOR" and net["nodes"][1]["name"] == "Chile"
    assert {e["type"] for e in net["items"]} >= {"AGREE", "ACCUSE", "THREATEN"}
    strong = client.get("/network", params={"actor": "Norway", "min_weight": 2}).json()
    assert strong["total"] == 0 and len(strong["nodes"]) == 1
    same = client.get("/dyads", params={"a": "Hamas", "b": "Hamas"})
    assert same.status_code == 422
    same = client.get("/dyads", params={"a": "Norway", "b": "norway"})
    assert same.status_code == 422 and "same actor" in same.json()["detail"]
    conflict = client.get("/dyads", params={"a": "Norway", "b": "Chile", "category": "ACCUSE"}).json()
    assert conflict["total"] == 1 and [r["month"] for r in conflict["timeline"]] == ["2008-04"]


@pytest.mark.parametrize(
    "path,query,name",
    [
        ("/search", {"q": "Norway", "since": "notadate"}, "since"),
        ("/search", {"q": "Norway", "until": "2008-02-30"}, "until"),
        ("/search", {"q": "Norway", "category": "zzz"}, "category"),
        ("/search", {"q": "Norway", "modality": "zzz"}, "modality"),
        ("/search", {"q": "Norway", "actor": "Nobody At All"}, "actor"),
        ("/search", {"q": "Norway", "offset": -1}, "offset"),
        ("/search", {"q": "Norway", "mode": "semantic"}, "mode"),
        ("/search", {"q": "Norway", "offset": 995, "limit": 10}, "offset"),
        ("/events", {"since": "notadate"}, "since"),
        ("/events", {"actor": "Nobody At All"}, "actor"),
        ("/events", {"counterpart": "Nobody At All"}, "counterpart"),
        ("/events", {"category": "zzz"}, "category"),
        ("/events", {"modality": "zzz"}, "modality"),
        ("/events", {"place": "Atlantis"}, "place"),
        ("/events", {"outlet": "Nobody's Gazette"}, "outlet"),
        ("/events", {"sort": "zzz"}, "sort"),
        ("/events", {"format": "xml"}, "format"),
        ("/events", {"limit": "many"}, "limit"),
        ("/places", {"actor": "Nobody At All"}, "actor"),
        ("/places", {"until": "notadate"}, "until"),
        ("/network", {"actor": "Nobody At All"}, "actor"),
        ("/network", {"actor": "Norway", "category": "zzz"}, "category"),
        ("/dyads", {"a": "Norway", "b": "Chile", "since": "notadate"}, "since"),
        ("/dyads", {"a": "Norway", "b": "Chile", "modality": "zzz"}, "modality"),
    ],
)
def test_malformed_parameters_are_refused_in_one_line(client: TestClient, path, query, name) -> None:
    answer = client.get(path, params=query)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and detail.startswith(name)


def test_semantic_search_without_vectors_says_the_index_is_missing(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "Norway", "mode": "semantic"})
    assert (
        answer.status_code == 422
        and "has none" in answer.json()["detail"]
        and "--no-embed" in answer.json()["detail"]
    )
    page = client.get("/ui/", params={"q": "Norway", "mode": "semantic"})
    assert page.status_code == 200 and "--no-embed" in page.text and "No match" not in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/documents/" + "x" * 60_000,
        "/actors/" + "y" * 60_000,
        "/search?q=" + "z" * 60_000,
        "/events?actor=" + "w" * 60_000,
        "/ui/documents/" + "x" * 60_000,
        "/search?q=a&since=" + "v" * 60_000,
    ],
)
def test_error_bodies_are_bounded(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code in (404, 422)
    assert len(answer.content) < (4000 if path.startswith("/ui") else 400), len(answer.content)


def test_document_ids_with_slashes_open(client: TestClient) -> None:
    doc = client.get("/documents/wire/2008/1").json()
    assert doc["id"] == "wire/2008/1" and doc["title"] == "Quotas 1"
    page = client.get("/ui/documents/wire%2F2008%2F1")
    assert page.status_code == 200 and "Norway threatened Chile" in page.text


def test_ui_errors_are_html_pages(client: TestClient) -> None:
    for path in ("/ui/documents/absent", "/ui/actors/Nobody At All", "/ui/events?since=notadate"):
        page = client.get(path)
        assert page.status_code in (404, 422) and page.headers["content-type"].startswith("text/html")
        assert "<h1>" in page.text and "script-src 'none'" in page.headers["content-security-policy"]
