"""The document and actor pages show each attribution as its kind says: a direct quote in
quotation marks, indirect speech and source phrases without, each labelled with its kind and
hedge; the cue is highlighted in the body; hostile content stays text."""

from __future__ import annotations

import re

import pytest
from attribution_kit import DENIED, DIRECT, HEDGED, INDIRECT, attribution_doc
from corpus_kit import ingest_docs, sqlite_store
from fastapi.testclient import TestClient

from newsdesk.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    engine = sqlite_store(tmp_path_factory.mktemp("attribution-pages"))
    ingest_docs(engine, [attribution_doc()])
    with TestClient(create_app(engine), base_url="http://127.0.0.1") as c:
        yield c
    engine.dispose()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _listed(page: str) -> str:
    """The page's list of quotes and reported speech, as text."""
    text = _text(page)
    start = text.index("Quotes and reported speech")
    return text[start : text.index("Actors", start)]


def test_document_page_words_each_attribution_as_its_kind_says(client: TestClient) -> None:
    page = client.get("/ui/documents/claims%2F1").text
    listed = _listed(page)
    assert f"\u201c{DIRECT}\u201d (direct quote)" in listed
    assert f"{INDIRECT} (reported speech)" in listed and f"\u201c{INDIRECT}" not in listed
    assert f"{HEDGED} (reported speech, hypothetical, not a fact)" in listed
    assert f"{DENIED} (reported speech, denied)" in listed
    assert "(source phrase)" in listed and "\u201cChile paid no fine" not in listed
    # the body: the content of each kind in its class, the cue marked, the hedge in the note
    assert re.search(
        r'<span class="speech" title="reported speech by Norway \(hypothetical, not a fact\)">'
        r" could close its ports",
        page,
    )
    assert '<span class="cue" title="cue of reported speech by Norway">warned</span>' in page
    assert re.search(r'<span class="quote" title="direct quote by Norway"> broke the salmon quota', page)
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_actor_page_labels_what_the_actor_said_by_kind(client: TestClient) -> None:
    said = _text(client.get("/ui/actors/Norway").text)
    said = said[said.index("Said by Norway") :]
    assert f"\u201c{DIRECT}\u201d (direct quote)" in said
    assert f"{INDIRECT} (reported speech)" in said and f"\u201c{INDIRECT}" not in said
    assert f"{HEDGED} (reported speech, hypothetical, not a fact)" in said


def test_ask_page_cites_indirect_claims_as_reported_speech(client: TestClient) -> None:
    page = client.get("/ui/ask", params={"q": "Did Norway and Chile agree?"}).text
    text = _text(page)
    assert f"(indirect) Norway said that {INDIRECT}" in text and f"\u201c{INDIRECT}" not in text
    assert f"(direct) Norway said: \u201c{DIRECT}\u201d" in text
    assert f"Norway said that {HEDGED} (hypothetical, not a fact)" in text
    assert "<script>alert(2)" not in page
