"""The app ``newsdesk serve`` runs: the JSON API with this UI mounted under /ui.

The UI is built on the API's routes and parameter checks, so the API is assembled first and
the UI handed to it (``api.app.UI``): the API never imports the UI.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from ..api.app import UI
from ..api.app import create_app as create_api
from ..api.exposure import Exposure
from .pages import error_page, login_page, router


def create_app(db: str | Path | Engine | None = None, *, exposure: Exposure | None = None) -> FastAPI:
    """The API and the UI over the store at ``db`` (a path, a SQLAlchemy URL or an open engine)."""
    pages = UI(router=router, error_page=error_page, login_page=login_page)
    return create_api(db, exposure=exposure, ui=pages)
