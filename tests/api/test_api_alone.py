"""The API stands without the UI: the UI is handed to it (``newsdesk.web.create_app``), never imported."""

from __future__ import annotations

from corpus_kit import ingest_docs, sample_corpus, sqlite_store
from fastapi.testclient import TestClient

from newsdesk.api import create_app as api_alone
from newsdesk.api.exposure import Exposure
from newsdesk.web import create_app as api_and_ui


def test_the_api_alone_answers_json_and_serves_no_pages(tmp_path) -> None:
    engine = sqlite_store(tmp_path)
    ingest_docs(engine, sample_corpus())
    with TestClient(api_alone(engine), base_url="http://127.0.0.1") as c:
        assert c.get("/search", params={"q": "fishing agreement"}).json()["items"]
        missing = c.get("/ui/")
        assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    with TestClient(api_and_ui(engine), base_url="http://127.0.0.1") as c:
        page = c.get("/ui/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        not_found = c.get("/ui/no-such-page")  # the UI's own error page
        assert not_found.status_code == 404 and not_found.headers["content-type"].startswith("text/html")


def test_without_a_ui_a_token_is_asked_for_in_json(tmp_path) -> None:
    engine = sqlite_store(tmp_path)
    guarded = Exposure(token="correct-horse-battery-staple")
    with TestClient(api_alone(engine, exposure=guarded), base_url="http://127.0.0.1") as c:
        refused = c.get("/ui/")
        assert refused.status_code == 401 and "bearer token" in refused.json()["detail"]
        assert c.get("/login").status_code == 404
