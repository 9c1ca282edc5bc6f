"""Where the third-party data lives for tests.

Third-party text (the seed page, evaluation sets, the Wikinews sample) stays in
``../shared`` beside the repo; tests read it from there and skip, with the reason,
when it is absent. Point ``NEWSDESK_SHARED`` elsewhere to use another copy.
(A module of its own, not ``conftest``: each test folder has a ``conftest`` of its own.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk import settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(settings.value("shared") or REPO.parent / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the calling test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder beside the repo is needed for this test")
    return path
