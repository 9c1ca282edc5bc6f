"""Run the whole pipeline over a body written in a test (the clean stage keeps a given body)."""

from __future__ import annotations

import pytest

from newsdesk.model import Article, Document
from newsdesk.pipeline import run_stages
from newsdesk.stages import select


@pytest.fixture(scope="module")
def read_text():
    def run(body: str, published: str | None = None) -> Document:
        doc = Document(article=Article(id="test", title=None, body=body, published=published))
        run_stages([doc], select())
        return doc

    return run
