"""The REST API and the web UI over the store: ``create_app(db)`` (served by ``newsdesk serve``)."""

from .app import create_app

__all__ = ["create_app"]
