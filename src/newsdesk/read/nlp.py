"""spaCy: loaded once per process, run in batches, swappable by configuration.

``NEWSDESK_SPACY_MODEL`` names another installed pipeline (a larger English model where
a user has one); the default is the PyPI mirror of ``en_core_web_sm`` 3.8.0.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language

from .. import settings
from ..model import Document
from ..stages import Stage
from .morphology import bulk_components

DEFAULT_MODEL = str(settings.setting("spacy_model").default)
#: Upper bound on characters handed to spaCy per document (scraped input is hostile).
MAX_CHARS = 200_000


@cache
def get_nlp(name: str | None = None) -> Language:
    """The pipeline, once per process (and per worker)."""
    return spacy.load(name or model_name())


def model_name() -> str:
    """The pipeline the ``spacy_model`` setting (``NEWSDESK_SPACY_MODEL``) names."""
    return settings.text("spacy_model") or DEFAULT_MODEL


def parsed_text(doc: Document) -> str:
    """The text spaCy parsed for ``doc``: ``doc.analysis['spacy'].text`` without the cost of
    rebuilding it from every token, which spaCy does at each call."""
    return doc.body[:MAX_CHARS]


def parse(docs: Sequence[Document], batch_size: int = 16) -> None:
    """Parse each body once; the stages after this share ``doc.analysis['spacy']``.

    The sentence offsets are kept on the document too (``Document.sentences``): the parse stays
    in the process that made it, the offsets travel with the document to the store.
    """
    nlp = get_nlp()
    bulk, runs = _bulk(nlp)
    todo = [d for d in docs if "spacy" not in d.analysis]
    texts = (parsed_text(d) for d in todo)
    with nlp.select_pipes(disable=bulk):
        for doc, parsed in zip(todo, nlp.pipe(texts, batch_size=batch_size), strict=True):
            for run in runs:
                parsed = run(parsed)
            doc.analysis["spacy"] = parsed
            if parsed.has_annotation("SENT_START") or parsed.has_annotation("DEP"):
                doc.sentences = [(s.start_char, s.end_char) for s in parsed.sents]


@cache
def _bulk(nlp: Language) -> tuple[list[str], list]:
    """Components run a document at a time (see :mod:`.morphology`), once per pipeline."""
    return bulk_components(nlp)


STAGE = Stage(name="nlp", phase="read", run=parse, order=10, requires=("clean",),
              prepare=lambda: _bulk(get_nlp()))
