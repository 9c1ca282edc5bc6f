"""One FastAPI app: the JSON API at /search, /documents, /actors, /dyads, /ask (OpenAPI at
/openapi.json) and the server-rendered web UI under /ui.

No Swagger page: it would load scripts from a CDN, and nothing here loads anything from
outside the server. Every response forbids scripts and framing from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
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


def create_app(db: str | Path | Engine | None = None, *, exposure: Exposure | None = None) -> FastAPI:
    """The app over the store at ``db`` (a path, a SQLAlchemy URL or an open engine).

    ``exposure`` sets the Host names answered and the token required (loopback names, no token
    by default: see ``exposure``)."""
    from ..web.pages import router as pages

    engine = db if isinstance(db, Engine) else newsdesk.open_store(db, pool_size=API_CONNECTIONS,
                                                                   max_overflow=0)
    app = FastAPI(title="newsdesk", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Search, documents with their evidence, actors, dyads and evidence briefs.")
    app.state.engine = engine
    app.state.gate = ConnectionGate(engine)  # requests queue for a connection, never a thread
    app.include_router(routes.router)
    app.include_router(pages, prefix="/ui", include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    install_exposure(app, exposure or Exposure())  # before the headers: its refusals get them too

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    return app
