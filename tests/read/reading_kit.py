"""Helpers for the reading stages: run them on sentences written for the tests."""

from __future__ import annotations

from newsdesk.model import Article, Document, Entity
from newsdesk.read import actors, dates, nlp, places, roles


def read(text: str, published: str | None = None) -> Document:
    """A document through nlp, actors, roles, places and dates (no cleaning: the text is the body)."""
    doc = Document(article=Article(id="t", title=None, body=text, published=published))
    for stage in (nlp, actors, roles, places, dates):
        stage.STAGE.run([doc])
    return doc


def by_name(doc: Document, name: str) -> Entity:
    """The one entity whose name or alias is ``name``."""
    found = [e for e in doc.entities if name == e.name or name in e.aliases]
    assert len(found) == 1, f"{len(found)} entities for {name!r}: {[e.name for e in doc.entities]}"
    return found[0]
