"""Near-duplicate detection: syndicated and re-wrapped copies grouped into one story.

MinHash over word shingles estimates the Jaccard overlap of two bodies; an LSH index finds
the candidates without comparing every pair. A copy wrapped in other boilerplate or lightly
edited keeps most of its shingles, while two articles on the same topic share few.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
#: The datasketch hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"
SHINGLE = 4
#: Estimated Jaccard above which two bodies are one story (LSH recall is tuned around it).
THRESHOLD = 0.4
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class StoryIndex:
    """Assigns each added text to an existing story or a new one.

    ``stories`` maps keys to story keys; a new story is keyed by its first member.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[object, MinHash] = {}
        self.stories: dict[object, object] = {}

    def load(self, items: Iterable[tuple[object, MinHash, object]]) -> None:
        """Restore known (key, signature, story) triples, e.g. from the store on resume."""
        for key, mh, story in items:
            self.lsh.insert(key, mh, check_duplication=False)
            self.signatures[key] = mh
            self.stories[key] = story

    def match(self, mh: MinHash) -> object | None:
        """The story of the closest known text above the threshold, or None."""
        best, best_sim = None, self.threshold
        for key in self.lsh.query(mh):
            sim = mh.jaccard(self.signatures[key])
            if sim >= best_sim:
                best, best_sim = key, sim
        return None if best is None else self.stories[best]

    def add(self, key: object, text: str | MinHash, story: object | None = None) -> object:
        """Index ``key``; returns its story (``story`` if it starts a new one, else ``key``)."""
        mh = text if isinstance(text, MinHash) else signature(text)
        found = self.match(mh)
        if found is None:
            found = key if story is None else story
        self.lsh.insert(key, mh, check_duplication=False)
        self.signatures[key] = mh
        self.stories[key] = found
        return found
