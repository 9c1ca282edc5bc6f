"""One FastAPI app: the JSON API at /search, /documents, /actors, /dyads, /ask (OpenAPI at
/openapi.json), and under /ui the pages of a front end given to it (``newsdesk.web.create_app``
gives the server-rendered UI). The API does not import the UI: the UI is built on the API's
routes and parameter checks, so it is handed in, with the pages that answer an error or ask
for the token there.

No Swagger page: it would load scripts from a CDN, and nothing here loads anything from
outside the server. Every response forbids scripts and framing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

import newsdesk

from . import errors, routes
from .connection_gate import API_CONNECTIONS, ConnectionGate
from .exposure import Exposure
from .exposure import install as install_exposure

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class UI:
    """A front end served under /ui: its routes, and its pages for an error and for the token."""

    router: APIRouter
    #: (request, status, message, headers) -> the page that says what went wrong
    error_page: Callable[..., Response]
    #: (request, status, *, next_path, failed=False) -> the page that asks for the token
    login_page: Callable[..., Response]


def create_app(db: str | Path | Engine | None = None, *, exposure: Exposure | None = None,
               ui: UI | None = None) -> FastAPI:
    """The app over the store at ``db`` (a path, a SQLAlchemy URL or an open engine).

    ``exposure`` sets the Host names answered and the token required (loopback names, no token
    by default: see ``exposure``); ``ui`` is the front end mounted under /ui (none: the JSON
    API alone, and its errors are JSON everywhere)."""
    engine = db if isinstance(db, Engine) else newsdesk.open_store(db, pool_size=API_CONNECTIONS,
                                                                   max_overflow=0)
    app = FastAPI(title="newsdesk", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Search, documents with their evidence, actors, dyads and evidence briefs.")
    app.state.engine = engine
    app.state.gate = ConnectionGate(engine)  # requests queue for a connection, never a thread
    app.state.ui = ui
    app.include_router(routes.router)
    if ui is not None:
        app.include_router(ui.router, prefix="/ui", include_in_schema=False)
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    install_exposure(app, exposure or Exposure())  # before the headers: its refusals get them too

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    if ui is not None:
        @app.get("/", include_in_schema=False)
        def home() -> RedirectResponse:
            return RedirectResponse("/ui/")

    return app
