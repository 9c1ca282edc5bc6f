"""Vectors for semantic search: the article vectors every ingest stores, sentence vectors on request.

Article vectors (title, standfirst and lead: ``read/embedding.py``) are computed where the
analysis runs and written with each batch (``vector_rows.py``); semantic search ranks by them
through the index (``vector_index.py``). Sentence vectors (all-MiniLM-L6-v2 over every sentence of the
body) cost about as much as the rest of the analysis, so they stay opt-in (``ingest --embed``):
where they exist, a semantic hit shows its best sentence instead of the lead.

The model is loaded once per process and only when asked for, so a store without vectors
(``ingest --no-embed``) never pays for it. Vectors are L2-normalised float32, so a dot product
is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine, exists, select

from ..model import Article, Document
from ..read.embedding import DIM, embed, embed_articles, get_model
from ..sentences import split
from .schema import article_vectors, articles, embeddings
from .vector_index import maintain
from .vector_rows import write as write_article_vectors
from .writer import VECTORS, write_vectors
from .writer_lock import writer_lock

__all__ = ["DIM", "backfill", "embed", "embed_documents", "get_model", "sentence_spans"]

#: Bounds on hostile input: sentences per body and characters per sentence.
MAX_SENTENCES = 300
MAX_SENTENCE_CHARS = 1000


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    """Sentence offsets in the body: spaCy's when the pipeline parsed it in this process, else the
    ones it stored (``Document.sentences``), else the rule of :func:`newsdesk.sentences.split`."""
    parsed = doc.analysis.get("spacy")
    if parsed is not None and len(parsed.text) == len(doc.body):
        spans = [(s.start_char, s.end_char) for s in parsed.sents]
    else:
        spans = list(doc.sentences) or split(doc.body)
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
    flat = [d.body[s:e][:MAX_SENTENCE_CHARS] for d, ss in zip(docs, spans, strict=True) for s, e in ss]
    vectors = embed(flat)
    i = 0
    for doc, ss in zip(docs, spans, strict=True):
        doc.analysis[VECTORS] = [(s, e, vectors[i + k]) for k, (s, e) in enumerate(ss)]
        i += len(ss)


def missing_article_vectors(docs: Sequence[Document]) -> None:
    """Give a vector to each document the analysis handed over without one (an ``analyse`` that
    did not run the ``vectors`` stage), so that every stored article has one."""
    todo = [d for d in docs if d.vector is None]
    if todo:
        embed_articles(todo)


def backfill(engine: Engine, *, sentences: bool = True, batch_size: int = 32,
             on_start: Callable[[int], None] | None = None,
             on_batch: Callable[[int], None] | None = None) -> int:
    """Embed the current articles that have no article vector (and, with ``sentences``, no
    sentence vectors) yet: a store ingested with ``--no-embed`` or before article vectors.

    Holds the store's writer lock (``writer_lock.py``), commits per batch so it resumes like
    ingest does, and brings the vector index up to date at the end. Returns the number of
    articles given vectors of either kind.
    """
    no_article = ~exists().where(article_vectors.c.article_id == articles.c.id)
    no_sentences = ~exists().where(embeddings.c.article_id == articles.c.id)
    with writer_lock(engine):
        with engine.connect() as conn:
            current = articles.c.current.is_(True)
            need_article = set(conn.scalars(select(articles.c.id).where(current, no_article)))
            need_sentences = set(conn.scalars(select(articles.c.id).where(current, no_sentences))) \
                if sentences else set()
        todo = sorted(need_article | need_sentences)
        if on_start:
            on_start(len(todo))
        for i in range(0, len(todo), batch_size):
            with engine.begin() as conn:
                rows = conn.execute(
                    select(articles.c.id, articles.c.title, articles.c.summary, articles.c.body,
                           articles.c.sentences)
                    .where(articles.c.id.in_(todo[i : i + batch_size])))
                docs = {r.id: Document(article=Article(id=str(r.id), title=r.title, summary=r.summary,
                                                       body=r.body),
                                       sentences=[(a, b) for a, b in r.sentences or []]) for r in rows}
                with_article = [(d, aid) for aid, d in docs.items() if aid in need_article]
                embed_articles([d for d, _ in with_article])
                write_article_vectors(conn, with_article)
                with_sentences = [(d, aid) for aid, d in docs.items() if aid in need_sentences]
                embed_documents([d for d, _ in with_sentences])
                for doc, article_id in with_sentences:
                    write_vectors(conn, article_id, doc.analysis[VECTORS])
            if on_batch:
                on_batch(len(docs))
        maintain(engine)
    return len(todo)
