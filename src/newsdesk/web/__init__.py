"""The web UI: server-rendered pages (Jinja2, autoescaped) and local static files only.

``create_app(db)`` is the whole server (the API with the UI under /ui), what ``newsdesk serve`` runs.
"""

from .app import create_app

__all__ = ["create_app"]
