"""The REST API over the store: ``create_app(db)``; ``newsdesk.web.create_app`` mounts the UI on it."""

from .app import create_app

__all__ = ["create_app"]
