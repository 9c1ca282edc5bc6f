"""The API under a burst: requests queue for a store connection instead of failing.

The app is served by uvicorn on loopback over a store whose pool holds two connections and
gives up after 5 s, so the old failure (threads holding connections while others wait for the
pool; 500 ``QueuePool limit ... reached``) would show at once with 80 simultaneous requests.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from corpus_kit import ingest_docs, sample_corpus, store_fixture
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.api.connection_gate import ConnectionGate
from newsdesk.benchmark.burst import fire, free_port, plan, served_in_thread, summary
from newsdesk.store.engine import open_store
from newsdesk.web import create_app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def small_pool(request, tmp_path):
    """A store with the sample corpus, reopened with a pool of two connections."""
    for engine in store_fixture(request, tmp_path):
        ingest_docs(engine, sample_corpus())
        narrow = open_store(engine.url.render_as_string(hide_password=False), migrate=False, pool_size=2,
                            max_overflow=0, pool_timeout=5, connect_args=_options_of(engine))
        yield narrow
        narrow.dispose()


def _options_of(engine) -> dict:
    """The PostgreSQL test store lives in a schema of its own, chosen by the connection's options."""
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return {}
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    return {"options": f"-csearch_path={schema}"}


def test_a_burst_of_80_requests_queues_and_all_are_answered(small_pool):
    calls = plan(small_pool, 80, seed=1)
    assert {c.kind for c in calls} == {"search", "document", "actor", "dyad", "ask"}
    app = create_app(small_pool)
    assert app.state.gate.limit == 2  # never more requests at the store than the pool holds
    with served_in_thread(app, free_port()) as base:
        outcomes, wall = fire(base, calls)
    result = summary(outcomes, wall)
    assert result["errors"] == 0, result
    assert result["requests"] == 80
    assert result["statuses"].get("200", 0) >= 70, result  # what the plan asks for is stored


def test_a_full_queue_is_refused_fast_with_retry_after(small_pool):
    app = create_app(small_pool)
    app.state.gate = ConnectionGate(small_pool, max_waiting=0)  # saturated: nobody may wait
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.get("/search", params={"q": "fishing"})
    assert answer.status_code == 503
    assert answer.headers["Retry-After"].isdigit()
    assert "busy" in answer.json()["detail"] and "\n" not in answer.json()["detail"]


@pytest.mark.parametrize("body", [
    '{"question": NaN}',
    '{"question": Infinity}',
    '{"question": "\\ud800 Will Norway and Chile agree?"}',
    '{"question": ["Norway"]}',
    '{"question": "' + "x" * 600 + '"}',
])
def test_a_hostile_ask_body_is_422_never_500(small_pool, body):
    with TestClient(create_app(small_pool), base_url="http://127.0.0.1") as client:
        answer = client.post("/ask", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert len(answer.text) < 2000


@pytest.mark.parametrize("url", ["/search?q=fish%00ing", "/ask?q=Norway%00Chile", "/documents/a%00b",
                                 "/actors/No%00rway", "/dyads?a=No%00rway&b=Chile"])
def test_a_nul_in_a_parameter_is_answered_on_both_engines(small_pool, url):
    # PostgreSQL refuses NUL in text: the store replaces it in every query's parameters
    with TestClient(create_app(small_pool), base_url="http://127.0.0.1") as client:
        answer = client.get(url)
    assert answer.status_code in (200, 404, 422), answer.text
    if url.startswith("/search"):
        assert answer.json()["items"][0]["doc_id"] == "fish"


_ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(["\x00", "\ud800", "%", "/", "\u2028"])),
                    max_size=300)
_ANY_JSON = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | _ANY_TEXT,
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(_ANY_TEXT, inner, max_size=3),
                         max_leaves=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANY_TEXT, other=_ANY_TEXT, body=_ANY_JSON)
def test_no_parameter_or_body_reaches_a_500(small_pool, text, other, body):
    # what an HTTP client can send: surrogates cannot be percent-encoded, so they travel as U+FFFD
    sendable = text.encode("utf-8", "replace").decode("utf-8")
    app = create_app(small_pool)
    as_json = {"content-type": "application/json"}
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        answers = [
            client.get("/search", params={"q": sendable, "actor": other.encode("utf-8", "replace").decode()}),
            client.get(f"/documents/{quote(sendable, safe='')}"),
            client.get(f"/actors/{quote(sendable, safe='')}"),
            client.get("/dyads", params={"a": sendable, "b": "Chile"}),
            client.get("/ask", params={"q": sendable}),
            client.post("/ask", content=json.dumps({"question": body}), headers=as_json),
            client.post("/ask", content=json.dumps({"question": text}), headers=as_json),
        ]
    for answer in answers:
        assert answer.status_code < 500, (answer.request.url, answer.text[:300])
        assert len(answer.content) < 2_000_000
