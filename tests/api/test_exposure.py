"""Exposure rules of `newsdesk serve`: loopback as before; elsewhere a token or no start; the token
on every request (API and UI); unknown Host headers refused; a missing --db is not created."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from corpus_kit import ingest_docs, sample_corpus, sqlite_store
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsdesk.api.exposure import COOKIE, Exposure
from newsdesk.cli import app as cli
from newsdesk.web import create_app

TOKEN = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exposure")
    engine = sqlite_store(path)
    ingest_docs(engine, sample_corpus())
    engine.dispose()
    return path / "corpus.db"


def _client(store: Path, exposure: Exposure, host: str = "127.0.0.1") -> TestClient:
    return TestClient(create_app(store, exposure=exposure), base_url=f"http://{host}")


def test_non_loopback_without_token_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_TOKEN"}
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db"), "--create"], env=env
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--token" in lines[0] and "NEWSDESK_TOKEN" in lines[0]


def test_missing_store_is_refused_and_not_created(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "newsdesk.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert result.exit_code == 2 and "no store at" in result.output and "--create" in result.output
    assert not db.exists() and not db.parent.exists()


def test_token_is_required_on_every_request(store: Path) -> None:
    with _client(store, Exposure.for_address("0.0.0.0", TOKEN)) as c:
        for path in (
            "/search?q=fishing",
            "/events",
            "/openapi.json",
            "/documents/fish",
            "/ui/",
            "/ui/events",
        ):
            refused = c.get(path)
            assert refused.status_code == 401, path
        assert c.get("/events").headers["www-authenticate"] == "Bearer"
        assert c.get("/events", headers={"Authorization": "Bearer wrong-token"}).status_code == 401
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert c.get("/search", params={"q": "fishing"}, headers=bearer).status_code == 200
        assert c.get("/ui/events", headers=bearer).status_code == 200
        page = c.get("/ui/map")
        assert page.status_code == 401 and 'action="/login"' in page.text  # the UI's login form
        assert c.get("/static/style.css").status_code == 200


def test_login_form_sets_a_cookie_for_the_ui(store: Path) -> None:
    with _client(store, Exposure.for_address("0.0.0.0", TOKEN)) as c:
        wrong = c.post("/login", data={"token": "nope", "next": "/ui/events"})
        assert wrong.status_code == 401 and COOKIE not in c.cookies
        right = c.post("/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False)
        assert right.status_code == 303 and right.headers["location"] == "/ui/"
        assert TOKEN not in right.headers["set-cookie"] and "HttpOnly" in right.headers["set-cookie"]
        assert c.get("/ui/events").status_code == 200
        assert c.get("/events").status_code == 200  # the download links of the pages use the cookie too


def test_unknown_host_headers_are_refused(store: Path) -> None:
    with _client(store, Exposure.for_address("127.0.0.1")) as c:
        assert c.get("/events").status_code == 200
        assert c.get("/events", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/events", headers={"Host": "[::1]:8000"}).status_code == 200
        rebound = c.get("/events", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400 and "--allow-host" in rebound.json()["detail"]
        assert c.get("/ui/", headers={"Host": "attacker.example"}).status_code == 400
    with _client(store, Exposure.for_address("127.0.0.1", extra_hosts=["newsdesk.internal"])) as c:
        assert c.get("/events", headers={"Host": "newsdesk.internal:8000"}).status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_served_with_a_token(store: Path) -> None:
    """The real command: uvicorn on loopback with --token; 401 without the header, 200 with it."""
    port = _free_port()
    newsdesk = Path(sys.executable).with_name("newsdesk")
    proc = subprocess.Popen(
        [str(newsdesk), "serve", "--db", str(store), "--port", str(port), "--token", TOKEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                httpx.get(base + "/static/style.css", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert httpx.get(base + "/events").status_code == 401
        ok = httpx.get(base + "/events", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["total"] >= 1
        assert httpx.get(base + "/events", headers={"Host": "rebind.example"}).status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)
