"""Every page in a real browser (headless Debian Chromium driven by Playwright): each page and
every same-origin link on it loads without a failed request or a console error, nothing comes
from another origin, hostile scraped content stays inert, and each page leaves a screenshot.

Skipped only when the browser is truly absent (`make install-browser` installs it).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus, sqlite_store

from newsdesk import settings
from newsdesk.model import Entity, Event, Span

CHROMIUM = str(settings.value("chromium"))
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e .[dev])"
)
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(
        f"no Chromium at {CHROMIUM}: run `make install-browser` (apt-get install chromium)",
        allow_module_level=True,
    )

#: Pages visited first; every same-origin link found on a page is followed from there.
START = [
    "/ui/",
    "/ui/?q=Norway",
    "/ui/?q=alert",
    "/ui/events",
    "/ui/events?actor=Norway&sort=date",
    "/ui/dyad",
    "/ui/dyad?a=Norway&b=Chile",
    "/ui/dyad?a=al-Qaeda&b=Islamic+State",
    "/ui/map",
    "/ui/network?actor=Norway",
    "/ui/dyad?a=Norway&b=org%3Aevil-front",
    "/ui/actors",
    "/ui/actors/Allawi",
    "/ui/ask?q=Will+al-Qaeda+and+IS+unite%3F",
    "/ui/events?since=notadate",
    "/ui/documents/absent",
    "/login",
]
MAX_PAGES = settings.whole("browser_max_pages") or 600
HOSTILE_TITLE = "<script>alert('title')</script><img src=x onerror=alert('img')>"


HOSTILE_ACTOR = "<script>alert(7)</script><b onclick=alert(8)>Front</b>"


def hostile_docs():
    """Scraped content that would run if any of it reached the page as markup: in titles, bodies,
    outlets, URLs and an actor's name (drawn in the network, the charts and the tables)."""
    body = (
        'Norway <script>alert("body")</script> accused Chile <img src="x" onerror="alert(2)"> '
        'of spying, said <a href="javascript:alert(3)">an official</a>.'
    )
    sentence = 'Norway <script>alert("body")</script> accused Chile'
    one = make_doc(
        "evil/one",
        body,
        published="2008-06-01",
        url="javascript:alert('url')",
        title=HOSTILE_TITLE,
        outlet='<b onmouseover="alert(4)">Evil Outlet</b>',
        events=[("ACCUSE", "country:NOR", "country:CHL", "asserted", sentence, None)],
        places=[("Chile", -31.0, -71.0, "CL")],
    )
    start = body.index("an official")
    one.entities.append(
        Entity(
            id="org:evil-front",
            name=HOSTILE_ACTOR,
            type="ORG",
            mentions=[Span(start, start + len("an official"), "an official")],
        )
    )
    one.events.append(
        Event(
            type="THREATEN",
            source="org:evil-front",
            target="country:NOR",
            modality="asserted",
            start=0,
            end=len(body),
        )
    )
    two = make_doc(
        "evil-two",
        "Norway and Chile held talks in Oslo. " + body,
        published="2008-07-01",
        url="data:text/html,<script>alert(5)</script>",
        title='"><svg onload=alert(6)>',
        events=[
            (
                "CONSULT",
                "country:NOR",
                "country:CHL",
                "asserted",
                "Norway and Chile held talks in Oslo.",
                None,
            )
        ],
        places=[("Oslo", 59.9, 10.7, "NO")],
    )
    return [one, two]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from newsdesk.web import create_app

    folder = tmp_path_factory.mktemp("browser-store")
    engine = sqlite_store(folder)
    ingest_docs(engine, [*sample_corpus(), *hostile_docs()])
    engine.dispose()
    port = _free_port()
    config = uvicorn.Config(
        create_app(folder / "corpus.db"), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # the binary exists but cannot start here
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(settings.value("screenshots") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _name(url: str) -> str:
    parts = urlsplit(url)
    raw = (parts.path + ("_" + parts.query if parts.query else "")).strip("/") or "home"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in raw)[:120] + ".png"


def _crawl_key(url: str) -> str:
    """Pages that differ only in their sort order are one page to the crawl (8 orders per filter set)."""
    parts = urlsplit(url)
    query = "&".join(sorted(q for q in parts.query.split("&") if q and not q.startswith("sort=")))
    return parts.path + "?" + query


def test_every_page_and_link(server: str, browser, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    foreign: list[str] = []
    dialogs: list[str] = []
    current = {"url": "", "error_page": False}

    def console(message) -> None:
        # a page answered 404 or 422 on purpose logs its own status; anything else is a fault
        if message.type == "error" and not (
            current["error_page"] and message.text.startswith("Failed to load")
        ):
            problems.append(f"{current['url']}: console {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def failed(request) -> None:
        # the icon is fetched last and cancelled when the crawl moves on: that is not a fault
        if not (request.url.endswith("/favicon.svg") and "ERR_ABORTED" in (request.failure or "")):
            problems.append(f"failed: {request.url} {request.failure}")

    page.on("requestfailed", failed)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    queue = deque(server + path for path in START)
    seen: set[str] = set()
    downloads: set[str] = set()
    visited = 0
    shot: set[str] = set()
    while queue and visited < MAX_PAGES:
        url = queue.popleft().split("#")[0]
        if _crawl_key(url) in seen:
            continue
        seen.add(_crawl_key(url))
        current.update(url=url, error_page=any(x in url for x in ("since=notadate", "/documents/absent")))
        response = page.goto(url)
        visited += 1
        status = response.status if response else 0
        assert (status >= 400) == current["error_page"], f"{url}: HTTP {status}"
        assert response.headers["content-type"].startswith("text/html"), url
        if url[len(server) :] in START or urlsplit(url).path not in shot:
            shot.add(urlsplit(url).path)
            page.screenshot(path=str(shots / _name(url)), full_page=True)
        inert = page.evaluate("""() => ({
            scripts: document.scripts.length,
            handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
                .filter(a => a.name.startsWith('on')).map(a => a.name),
            badLinks: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                .filter(h => !/^(https?:|\\/|\\?|#)/i.test(h.trim())),
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            external: [...document.querySelectorAll('a[href^="http"]')]
                .filter(a => !a.href.startsWith(location.origin)).map(a => a.rel),
        })""")
        assert inert["scripts"] == 0 and inert["handlers"] == [] and inert["badLinks"] == [], (url, inert)
        assert all("noopener" in rel and "noreferrer" in rel for rel in inert["external"]), url
        for link in inert["links"]:
            target = urljoin(url, link)
            if not target.startswith(server):
                continue  # a source article's own site: shown as a link, never fetched by the tests
            path = urlsplit(target).path
            if path.startswith("/ui") or path == "/login":
                queue.append(target)
            else:
                downloads.add(target.split("#")[0])
    assert visited >= 25, f"only {visited} pages reached"
    unvisited = {_crawl_key(u.split("#")[0]) for u in queue} - seen
    assert not unvisited, f"{len(unvisited)} links left unfollowed past {MAX_PAGES} pages"
    print(f"{visited} pages visited, {len(downloads)} downloads; screenshots in {shots}")
    assert problems == [], problems[:10]
    assert foreign == [], foreign[:10]
    assert dialogs == [], f"hostile content ran: {dialogs}"
    for url in sorted(downloads):  # CSV, JSON, GeoJSON downloads and the API schema
        answer = page.request.get(url)
        assert answer.status == 200, f"{url}: HTTP {answer.status}"
    assert any("format=csv" in u for u in downloads) and any("format=geojson" in u for u in downloads)
    page.close()


def test_hostile_title_is_text(server: str, browser) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/ui/documents/evil%2Fone")
    assert page.title().startswith(HOSTILE_TITLE)
    assert page.inner_text("h1") == HOSTILE_TITLE
    assert "Evil Outlet" in page.inner_text("p.meta") and "<b" in page.inner_text("p.meta")
    page.hover("h1")
    assert dialogs == [] and page.locator("a[href^='javascript']").count() == 0
    page.close()
