"""Evaluation tasks (`newsdesk eval TASK DIR`).

A task is a function ``evaluate(path, **options) -> dict`` registered in the ``newsdesk.eval``
entry-point group. Its options are keyword arguments (``folds``, ``seed``, ``heldout``,
``train``), which the command line passes from its flags; an option left at None falls back to
its setting (:mod:`newsdesk.settings`: ``NEWSDESK_EVAL_*`` in the environment, else the default),
so the figures of a run are those of its arguments and nothing else.
"""

from __future__ import annotations

from .. import settings
from ..settings import SettingError

__all__ = ["SettingError", "flag", "whole"]


def whole(given: int | None, name: str, default: int, *, option: str, minimum: int = 0) -> int:
    """A whole-number option: ``given`` when passed (``option`` names it in an error), else the
    setting ``name``, else ``default``."""
    if given is None:
        found = settings.whole(name)
        return default if found is None else found
    if given < minimum:
        raise SettingError(f"{option} must be at least {minimum}, not {given}")
    return given


def flag(given: bool | None, name: str) -> bool:
    """A yes/no option: ``given`` when passed, else the setting ``name``."""
    return bool(settings.value(name)) if given is None else given
