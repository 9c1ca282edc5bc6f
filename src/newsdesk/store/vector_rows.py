"""The article vectors of a batch, as rows: written with the batch, each already in its index list.

The vectors come with the documents (the ``vectors`` stage computed them where the analysis
ran); a document without one (``ingest --no-embed``, or an analysis that skipped the stage)
writes nothing here and keeps the vector it had, if any. A re-read article's vector is
replaced. When the store has an index, a new vector joins the list of its nearest centroid at
once, so the index never lags the store (``vector_index.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection, delete

from ..model import Document
from .keys import VECTOR_MODEL
from .schema import article_vectors
from .vector_index import centroids, to_matrix


def write(conn: Connection, written: Sequence[tuple[Document, int]]) -> None:
    """Store the vector of every written ``(document, article id)`` that has one."""
    having = [(doc.vector, aid) for doc, aid in written if doc.vector is not None]
    if not having:
        return
    ids = [aid for _, aid in having]
    for start in range(0, len(ids), 500):
        conn.execute(delete(article_vectors).where(article_vectors.c.article_id.in_(ids[start:start + 500])))
    lists = centroids(conn)
    listed = lists.nearest(to_matrix([v for v, _ in having])) if lists is not None else None
    conn.execute(
        article_vectors.insert(),
        [
            {
                "article_id": aid,
                "model": VECTOR_MODEL,
                "vector": vector,
                "list_id": int(listed[i]) if listed is not None else None,
            }
            for i, (vector, aid) in enumerate(having)
        ],
    )


def as_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()
