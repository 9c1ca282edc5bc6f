"""The keys rows are written under and looked up by, shared by the writer and the readers.

The writer stores an alias with its folded form and embeddings under the name of the model
that made them; the answers find aliases and vectors by the same keys. They live here, not
in ``writer.py``, so reading the store never imports the write transaction.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: The sentence-embedding model the stored vectors come from (the ``embeddings.model`` column).
VECTOR_MODEL = "all-MiniLM-L6-v2"


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Case- and accent-insensitive key for alias lookup (cached: the same names recur in every batch)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())
