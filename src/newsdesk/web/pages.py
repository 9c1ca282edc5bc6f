"""The web UI's pages: search, document (evidence highlighted), actor, ask.

Rendered on the server with Jinja2 autoescaping on for every template: scraped titles,
bodies, names and URLs are text, never markup; a link is made only from an http(s) URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

from ..answer.actors import actor_page
from ..answer.ask import ask as ask_question
from ..answer.search import MODES, Filters, search
from ..api.store_access import MAX_QUERY, connection, document
from .highlight import document_spans, segments

TEMPLATES = Path(__file__).resolve().parent / "templates"


def safe_href(url: str | None) -> str | None:
    """An http(s) URL may become a link; anything else (javascript:, data:) may not."""
    if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    return url.strip()


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["safe_href"] = safe_href
    env.filters["path"] = lambda value: quote(str(value), safe="")
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter()
Conn = Annotated[Connection, Depends(connection)]
Text = Annotated[str, Query(max_length=MAX_QUERY)]


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn, q: Text = "", mode: str = "fts",
                actor: Text = "", since: Annotated[str, Query(max_length=10)] = "",
                until: Annotated[str, Query(max_length=10)] = "") -> HTMLResponse:
    mode = mode if mode in MODES else "fts"
    hits = []
    if q.strip():
        filters = Filters(actor=actor or None, since=since or None, until=until or None)
        hits = search(conn, q, mode=mode, filters=filters, limit=25)
    return templates.TemplateResponse(request, "search.html", {
        "q": q, "mode": mode, "modes": list(MODES), "actor": actor, "since": since, "until": until,
        "hits": hits})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, conn: Conn, doc_id: str, start: int | None = None,
                  end: int | None = None) -> HTMLResponse:
    doc = document(conn, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    focus = (start, end) if start is not None and end is not None else None
    return templates.TemplateResponse(request, "document.html", {
        "doc": doc, "segments": segments(doc["body"], document_spans(doc, focus)), "focus": focus})


@router.get("/actors/{name}", response_class=HTMLResponse)
def actor_view(request: Request, conn: Conn, name: str) -> HTMLResponse:
    page = actor_page(conn, name[:200])
    if page is None:
        raise HTTPException(404, f"no actor called {name!r}")
    return templates.TemplateResponse(request, "actor.html", {"page": page})


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, conn: Conn, q: Text = "") -> HTMLResponse:
    brief = ask_question(conn, q) if q.strip() else None
    return templates.TemplateResponse(request, "ask.html", {"q": q, "brief": brief})
