"""Keyset pages of the events list: following ``next`` as ``after`` walks the same rows, in the
same order, as one long page, for every sort; a bad cursor is refused with one line."""

from __future__ import annotations

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus, store_fixture
from fastapi.testclient import TestClient

from newsdesk.web import create_app


def _wire_docs():
    """Seven Norway–Chile events: two on one day (a tie on the date), one from a page without an outlet."""
    days = ["2008-04-10", "2008-04-10", "2008-05-02", "2008-05-20", "2008-06-01", "2008-07-15", "2008-08-30"]
    verbs = [("accused", "ACCUSE"), ("threatened", "THREATEN"), ("consulted", "CONSULT"),
             ("praised", "PRAISE")]
    out = []
    for i, day in enumerate(days):
        verb, category = verbs[i % len(verbs)]
        sentence = f"Norway {verb} Chile over the quotas in round {i}."
        out.append(
            make_doc(
                f"keyset/{i}",
                sentence + " Talks may follow.",
                published=day,
                url=f"https://news.example/keyset/{i}",
                title=f"Round {i}",
                outlet="" if i == 3 else ("Wire Service" if i % 2 else "Daily Paper"),
                events=[(category, "country:NOR", "country:CHL", "asserted", sentence, None)],
            )
        )
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request, tmp_path):
    for engine in store_fixture(request, tmp_path):
        ingest_docs(engine, [*sample_corpus(), *_wire_docs()])
        with TestClient(create_app(engine), base_url="http://127.0.0.1") as c:
            yield c


def _walk(client: TestClient, query: dict, limit: int) -> list[int]:
    ids, after, pages = [], None, 0
    while True:
        body = client.get("/events", params={**query, "limit": limit, **({"after": after} if after else {})})
        assert body.status_code == 200, body.text
        page = body.json()
        assert {"total", "offset", "limit", "items", "next"} <= set(page) and page["offset"] == 0
        ids += [row["id"] for row in page["items"]]
        pages += 1
        after = page["next"]
        if after is None:
            return ids
        assert pages < 20


@pytest.mark.parametrize("sort", ["-date", "date", "type", "-type", "outlet", "-outlet", "modality"])
def test_keyset_pages_walk_the_whole_list_in_order(client: TestClient, sort: str) -> None:
    query = {"actor": "Norway", "sort": sort}
    whole = client.get("/events", params={**query, "limit": 100}).json()
    assert whole["total"] >= 9 and whole["next"] is None  # nothing after a page that is not full
    expected = [row["id"] for row in whole["items"]]
    assert _walk(client, query, 2) == expected
    assert _walk(client, query, 4) == expected
    # the offset pages give the same rows
    page = client.get("/events", params={**query, "offset": 2, "limit": 3}).json()
    assert [r["id"] for r in page["items"]] == expected[2:5]


def test_dates_are_newest_first_and_ties_go_by_id(client: TestClient) -> None:
    query = {"actor": "Norway", "counterpart": "Chile", "limit": 100}
    rows = client.get("/events", params=query).json()["items"]
    keys = [(row["date"] or "", row["id"]) for row in rows]
    assert keys == sorted(keys, reverse=True)
    same_day = [row["id"] for row in rows if row["date"] == "2008-04-10"]
    assert len(same_day) == 2 and same_day == sorted(same_day, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"after": "not a cursor"},
        {"after": "W10"},  # valid base64 and JSON, not a key
        {"after": "WyJ4IiwgInkiXQ"},  # ["x", "y"]: the id is not a number
    ],
)
def test_a_bad_cursor_is_refused_with_one_line(client: TestClient, params: dict) -> None:
    answer = client.get("/events", params=params)
    assert answer.status_code == 422
    assert "after" in answer.text and "\n" not in answer.json()["detail"]


def test_offset_and_after_together_are_refused(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 2}).json()
    answer = client.get("/events", params={"limit": 2, "offset": 2, "after": first["next"]})
    assert answer.status_code == 422 and "either offset or after" in answer.text
