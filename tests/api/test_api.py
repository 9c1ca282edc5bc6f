"""The REST API and the web UI against a store holding documents built in the test."""

from __future__ import annotations

import pytest
from corpus_kit import TALKS, ingest_docs, make_doc, sample_corpus, store_fixture
from fastapi.testclient import TestClient

from newsdesk.web import create_app
from newsdesk.web.highlight import segments


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request, tmp_path):
    for engine in store_fixture(request, tmp_path):
        sneaky = make_doc("sneaky", "Chile said the talks with Norway had ended.", published="2008-03-01",
                          url="javascript:alert(document.cookie)", title="Talks end")
        ingest_docs(engine, [*sample_corpus(), sneaky])
        with TestClient(create_app(engine), base_url="http://127.0.0.1") as c:
            yield c


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/search", "/documents/{doc_id}", "/actors/{name}", "/dyads", "/ask"} <= set(paths)
    assert "get" in paths["/ask"] and "post" in paths["/ask"]


def test_search_finds_the_current_version(client: TestClient) -> None:
    found = client.get("/search", params={"q": "fishing agreement"}).json()
    hits = found["items"]
    assert [h["doc_id"] for h in hits] == ["fish"] and found["total"] == 1
    assert hits[0]["title"] == "Fishing deal (updated)"
    later = client.get("/search", params={"q": "fishing", "since": "2009-01-01"}).json()
    assert later["items"] == [] and later["total"] == 0


def test_document_offsets_point_at_the_evidence(client: TestClient) -> None:
    doc = client.get("/documents/talks").json()
    event = doc["events"][0]
    assert event["type"] == "CONSULT" and event["reported_by"] == "person:ayad-allawi"
    assert doc["body"][event["start"]:event["end"]] == TALKS.strip()
    allawi = next(e for e in doc["entities"] if e["id"] == "person:ayad-allawi")
    assert all(doc["body"][m["start"]:m["end"]] == m["text"] for m in allawi["mentions"])
    assert client.get("/documents/absent").status_code == 404


def test_actor_and_dyad(client: TestClient) -> None:
    actor = client.get("/actors/Allawi").json()
    assert actor["name"] == "Ayad Allawi" and actor["roles"][0]["title"] == "prime minister"
    assert client.get("/actors/Nobody At All").status_code == 404
    dyad = client.get("/dyads", params={"a": "Norway", "b": "Chile"}).json()
    months = {(r["month"], r["type"]) for r in dyad["timeline"]}
    assert ("2008-01", "AGREE") in months and ("2008-02", "REJECT") in months
    unknown = client.get("/dyads", params={"a": "Norway", "b": "Atlantis"})
    assert unknown.status_code == 422 and unknown.json()["detail"] == "b: no actor called 'Atlantis'"


def test_ask_by_get_and_post(client: TestClient) -> None:
    question = "Will al-Qaeda and IS unite?"
    by_get = client.get("/ask", params={"q": question}).json()
    by_post = client.post("/ask", json={"question": question}).json()
    assert by_get == by_post
    assert by_get["evidence"], "the hedged alliance and the talks are evidence"
    assert any(e["modality"] == "hypothetical" for e in by_get["evidence"])


def test_inputs_are_bounded(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x" * 501}).status_code == 422
    assert client.get("/search", params={"q": "fish", "limit": 1000}).status_code == 422
    assert client.post("/ask", json={"question": ""}).status_code == 422


def test_web_search_page_links_to_documents(client: TestClient) -> None:
    page = client.get("/ui/", params={"q": "fishing agreement"})
    assert page.status_code == 200 and 'href="/ui/documents/fish' in page.text
    assert "Fishing deal (updated)" in page.text


def test_scraped_text_is_escaped_everywhere(client: TestClient) -> None:
    page = client.get("/ui/documents/hostile")
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # the body, shown as text
    assert "script-src 'none'" in page.headers["content-security-policy"]
    search = client.get("/ui/", params={"q": "rejected"})
    assert "<script>" not in search.text and "&lt;script&gt;" in search.text


def test_only_http_urls_become_links(client: TestClient) -> None:
    page = client.get("/ui/documents/sneaky")
    assert page.status_code == 200 and "javascript:" not in page.text


def test_document_page_highlights_evidence(client: TestClient) -> None:
    doc = client.get("/documents/talks").json()
    event = doc["events"][0]
    page = client.get("/ui/documents/talks", params={"start": event["start"], "end": event["end"]}).text
    marked = page[page.index('<mark class="focus" id="evidence">'):page.index("</mark>")]
    assert 'class="event mention"' in marked and "focus" not in marked[40:]
    assert page.count('id="evidence"') == 1, "a cited sentence is one box, however many spans cut it"
    assert 'title="Ayad Allawi (PERSON); CONSULT (reported)' in page


def test_actor_and_ask_pages(client: TestClient) -> None:
    actor = client.get("/ui/actors/Norway").text
    assert "Norway" in actor and "AGREE" in actor
    brief = client.get("/ui/ask", params={"q": "Will al-Qaeda and IS unite?"}).text
    assert "Evidence" in brief and "/ui/documents/alliance?start=" in brief
    assert client.get("/ui/ask").status_code == 200


def test_segments_split_overlapping_spans() -> None:
    body = "Norway and Chile signed."
    spans = [(0, 24, "event", "AGREE"), (0, 6, "mention", "Norway"), (11, 16, "mention", "Chile"),
             (30, 40, "mention", "out of range")]
    parts = segments(body, spans)
    assert "".join(p.text for p in parts) == body
    assert [(p.text, p.kinds) for p in parts] == [("Norway", ["event", "mention"]), (" and ", ["event"]),
                                                  ("Chile", ["event", "mention"]), (" signed.", ["event"])]
