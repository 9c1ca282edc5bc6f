"""Evaluation tasks (`newsdesk eval TASK DIR`), and the settings they read from the environment."""

from __future__ import annotations

import os


class SettingError(ValueError):
    """An evaluation setting in the environment that cannot be used as given."""


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number from the environment variable ``name`` (unset or empty: ``default``)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, not {value}")
    return value
