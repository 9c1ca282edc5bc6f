"""Fixtures shared by every test folder (data paths live in ``shareddata.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shareddata import shared_path

from newsdesk.model import Article, Document
from newsdesk.pipeline import run_stages
from newsdesk.stages import select


@pytest.fixture
def seed_path() -> Path:
    return shared_path("seed", "000_b11bba290614fe3c.txt")


@pytest.fixture(scope="module")
def read_text():
    """Run the whole pipeline over a body written in a test (the clean stage keeps a given body)."""

    def run(body: str, published: str | None = None) -> Document:
        doc = Document(article=Article(id="test", title=None, body=body, published=published))
        run_stages([doc], select())
        return doc

    return run
