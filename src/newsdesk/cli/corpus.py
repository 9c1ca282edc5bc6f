"""CLI commands (filled by their issue)."""

from . import app  # noqa: F401
