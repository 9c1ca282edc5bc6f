"""Pages from the shared sample corpus (../shared/corpus) for the executor and bench tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from shareddata import SHARED

from newsdesk.ingest.files import read_paths
from newsdesk.model import RawPage


def corpus_pages() -> Iterator[RawPage]:
    """The corpus' pages in order, or skip the calling test saying what is missing."""
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent: the shared data folder beside the repo is needed for this test")
    return (item for item in read_paths([corpus]) if isinstance(item, RawPage))
