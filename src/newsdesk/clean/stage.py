"""The ``clean`` stage: fill each document's article from its raw page."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document
from ..stages import Stage
from .article import clean_page


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        if doc.raw is not None and not doc.article.body:
            doc.article = clean_page(doc.raw)


STAGE = Stage(name="clean", phase="clean", run=run, order=10)
