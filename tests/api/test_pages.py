"""The pages an analyst reads: actor and document pages say things in words (names, dates,
sentences), the dyad, map, network and events pages draw and list what the store holds, and
their downloads hold exactly the rows shown."""

from __future__ import annotations

import csv
import io
import re

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus, sqlite_store
from fastapi.testclient import TestClient

from newsdesk.model import Quote
from newsdesk.web import create_app

SAID = "the fishing talks would resume in March"


def _docs():
    body = (
        f"Norway's minister Ayad Allawi said {SAID}. Chile rejected the plan in Oslo. "
        "\u201cWe will not sign,\u201d Allawi said."
    )
    doc = make_doc(
        "quotes/1",
        body,
        published="2008-03-02",
        title="Minister speaks",
        outlet="Nordic Wire",
        roles=[("minister", "person:ayad-allawi", "country:NOR")],
        events=[
            ("REJECT", "country:CHL", "country:NOR", "asserted", "Chile rejected the plan in Oslo.", None)
        ],
        places=[("Oslo", 59.9, 10.7, "NO")],
    )
    start = body.index(SAID)
    doc.quotes.append(
        Quote(
            speaker="person:ayad-allawi",
            text=SAID,
            direct=False,
            start=start,
            end=start + len(SAID),
            cue="said",
        )
    )
    start = body.index("We will not sign,")
    doc.quotes.append(
        Quote(
            speaker="person:ayad-allawi",
            text="We will not sign,",
            direct=True,
            start=start,
            end=start + len("We will not sign,"),
            cue="said",
        )
    )
    doc.article.captions = ["Allawi in Oslo <img src=x onerror=alert(1)>"]
    doc.events[0].date = "2045"  # "45" misread as a year: after the article, so the article's date counts
    return [*sample_corpus(), doc]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    engine = sqlite_store(tmp_path_factory.mktemp("pages"))
    ingest_docs(engine, _docs())
    with TestClient(create_app(engine), base_url="http://127.0.0.1") as c:
        yield c
    engine.dispose()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_actor_page_speaks_in_words(client: TestClient) -> None:
    page = client.get("/ui/actors/Allawi").text
    assert re.search(r"<title>Ayad Allawi · newsdesk</title>", page), "the title is the name alone"
    text = _text(page)
    assert "None" not in text and "country:NOR" not in text
    assert "minister of Norway, seen on 2 March 2008 in 1 article" in text
    assert "prime minister of Iraq, seen on 2 November 2006" in text
    assert f"Said by Ayad Allawi {SAID} (reported speech)" in text and "\u201cWe will not sign,\u201d" in text
    norway = _text(client.get("/ui/actors/Norway").text)
    assert (
        "Chile" in norway
        and 'href="/ui/dyad?a=country%3ANOR&amp;b=country%3ACHL"' in client.get("/ui/actors/Norway").text
    )
    isi = _text(client.get("/ui/actors/Islamic State of Iraq").text)
    assert "Islamic State of Iraq is allied with al-Qaeda hypothetical, 15 March 2007" in isi


def test_document_page_reads_as_evidence(client: TestClient) -> None:
    page = client.get("/ui/documents/quotes%2F1").text
    text = _text(page)
    assert f"\u201c{SAID}\u201d" not in text and f"{SAID} (reported speech)" in text
    assert 'class="speech"' in page
    assert "Chile rejected Norway" in text  # who acted on whom, on the page and not in a tooltip
    assert "Allawi in Oslo &lt;img" in page  # the caption, as text
    actors = text[text.rindex("Actors") : text.rindex("Places")]
    assert "Oslo" not in actors and "minister of Norway" in actors
    assert "Oslo NO" in text[text.rindex("Places") :]


def test_dyad_page_draws_the_timeline(client: TestClient) -> None:
    page = client.get("/ui/dyad", params={"a": "Norway", "b": "Chile"}).text
    assert page.count("<rect") >= 3 and "2008-01: 1 AGREE (asserted)" in page
    assert "/ui/events?actor=country%3ANOR&amp;counterpart=country%3ACHL&amp;category=REJECT" in page
    assert "Norway agreed with Chile" in _text(page)
    same = client.get("/ui/dyad", params={"a": "Norway", "b": "Norway"})
    assert (
        same.status_code == 422
        and "same actor" in same.text
        and same.headers["content-type"].startswith("text/html")
    )


def test_map_network_and_events_pages(client: TestClient) -> None:
    world = client.get("/ui/map").text
    assert world.count("<path") > 150 and "<circle" in world and "/ui/events?place=Oslo" in world
    assert "tile" not in world.lower()
    net = client.get("/ui/network", params={"actor": "Norway"}).text
    assert "<line" in net and 'href="/ui/actors/country%3ACHL"' in net
    table = client.get("/ui/events", params={"actor": "Norway", "limit": 2, "sort": "date"})
    text = _text(table.text)
    assert "1–2 of 3 events" in text and "next" in text
    assert 'href="/ui/events?actor=Norway&amp;category=REJECT"' in table.text  # a facet, as a link
    shown = re.findall(r"<td>(AGREE|REJECT|ACCUSE|CONSULT)</td>", table.text)
    csv_link = re.search(r'href="(/events\?[^"]*format=csv)"', table.text).group(1).replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(client.get(csv_link).text)))
    assert [r["type"] for r in rows] == shown == ["AGREE", "REJECT"]


def test_search_page_counts_and_pages(client: TestClient) -> None:
    page = client.get("/ui/", params={"q": "Norway", "limit": 1})
    text = _text(page.text)
    assert re.search(r"1–1 of \d+ stories", text) and "next" in text
    bad = client.get("/ui/", params={"q": "Norway", "since": "notadate"})
    assert bad.status_code == 422 and "since: expected a date" in bad.text


def test_an_event_dated_after_its_article_takes_the_articles_date(client: TestClient) -> None:
    rows = client.get("/events", params={"category": "REJECT", "sort": "-date"}).json()["items"]
    assert [r["date"] for r in rows] == ["2008-03-02", "2008-02-01"]
    assert client.get("/events", params={"since": "2040"}).json()["total"] == 0
