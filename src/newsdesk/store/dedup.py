"""Near-duplicate detection: syndicated and re-wrapped copies grouped into one story.

MinHash over word shingles estimates the Jaccard overlap of two bodies; an LSH index finds
the candidates without comparing every pair. A copy wrapped in other boilerplate or lightly
edited keeps most of its shingles, while two articles on the same topic share few.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Iterable
from functools import cache
from typing import Generic, TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
#: The datasketch hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"
SHINGLE = 4
#: Estimated Jaccard above which two bodies are one story (LSH recall is tuned around it).
THRESHOLD = 0.4
#: Keys an LSH bucket takes at most. A bucket fills only with near-copies of one text (a
#: syndicated story's hundreds of copies), and a new copy is compared with every key in its
#: buckets: past this many, the copies already there stand for the story, and the text is
#: still indexed by its other bands and kept in ``stories``.
BUCKET_CAP = 64
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _permutations() -> np.ndarray:
    """The scheme's permutation parameters (the same for every signature: built once, not per row)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(gram).encode() for gram in zip(*(words[i:] for i in range(size)), strict=False)}


def signature(text: str) -> MinHash:
    """The MinHash of a text's shingles (datasketch's default hashing, without a call per shingle).

    The shingles are hashed here as datasketch's ``sha1_hash32`` does (first four bytes of
    SHA-1, little-endian) and handed over as integers (``hashfunc=int`` passes them through),
    with the scheme's permutations built once.
    """
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=int, permutations=_permutations())
    sha1 = hashlib.sha1
    mh.update_batch([int.from_bytes(sha1(s).digest()[:4], "little") for s in shingles(text)])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        scheme=SCHEME,
        hashvalues=np.frombuffer(data, dtype=np.uint64),
        permutations=_permutations(),
    )


#: An index key (the store's are article ids); a story is named by the key of its first text.
K = TypeVar("K", bound=Hashable)


class StoryIndex(Generic[K]):
    """Assigns each added text to an existing story or a new one.

    ``stories`` maps keys to story keys; a new story is keyed by its first member. The
    signatures are rows of one matrix, so a text with hundreds of stored copies is compared
    with all of them in one vectorised step.

    The LSH buckets are datasketch's banding (``MinHashLSH``'s bands and band hashes, and
    its candidates in its order), kept in plain dicts: a bucket of one key holds the key
    itself rather than a set of one, and a key's band hashes are not stored but recomputed
    from its signature when it is removed. Most buckets of a corpus hold one article, so
    this spares 32 sets and a list of 32 hashes per article, which a store of 100,000
    articles kept in memory and the garbage collector walked through again and again.
    """

    def __init__(self, threshold: float = THRESHOLD, bucket_cap: int | None = BUCKET_CAP) -> None:
        self.threshold = threshold
        self.bucket_cap = bucket_cap
        self._bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges
        self._tables: list[dict[bytes, object]] = [{} for _ in self._bands]
        self.stories: dict[K, K] = {}
        self._rows: dict[K, int] = {}
        self._matrix = np.zeros((1024, NUM_PERM), dtype=np.uint64)
        self._dtype = np.dtype(np.uint32)  # the signatures' own (the scheme's), for their band hashes
        self._used = 0

    def __len__(self) -> int:
        return len(self.stories)

    def _hashes(self, hashvalues: np.ndarray) -> list[bytes]:
        """The band hashes of a signature, as ``MinHashLSH`` computes them (``_H``)."""
        return [bytes(hashvalues[start:end].byteswap().data) for start, end in self._bands]

    def _put(self, key: K, mh: MinHash) -> None:
        row = self._rows.get(key)
        if row is None:
            if self._used == len(self._matrix):
                self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
            row = self._rows[key] = self._used
            self._used += 1
        self._matrix[row] = mh.hashvalues
        self._dtype = mh.hashvalues.dtype

    def load(self, items: Iterable[tuple[K, MinHash, K]]) -> None:
        """Restore known (key, signature, story) triples, e.g. from the store on resume (keys are new)."""
        for key, mh, story in items:
            for band, table in zip(self._hashes(mh.hashvalues), self._tables, strict=True):
                bucket = table.get(band)
                if bucket is None:
                    table[band] = key
                elif type(bucket) is not set:
                    table[band] = {bucket, key}
                elif self.bucket_cap is None or len(bucket) < self.bucket_cap:
                    bucket.add(key)
            self._put(key, mh)
            self.stories[key] = story

    def remove(self, keys: Iterable[K]) -> None:
        """Forget keys (texts whose write was rolled back)."""
        for key in keys:
            if key in self.stories:
                hashes = self._hashes(self._matrix[self._rows[key]].astype(self._dtype))
                for band, table in zip(hashes, self._tables, strict=True):
                    bucket = table.get(band)
                    if type(bucket) is set:
                        bucket.discard(key)  # not there if the bucket was full
                        if not bucket:
                            del table[band]
                    elif bucket == key:
                        del table[band]
                del self.stories[key], self._rows[key]

    def _candidates(self, mh: MinHash) -> list[K]:
        """The keys ``MinHashLSH.query`` gives, in its order, each band's bucket merged in one step.

        A story with hundreds of stored copies puts them all in most bands' buckets.
        """
        found: set = set()
        for band, table in zip(self._hashes(mh.hashvalues), self._tables, strict=True):
            bucket = table.get(band)
            if bucket is None:
                continue
            # a set of one, not ``add``: a set's update resizes the table first, and the table's
            # size decides the order the keys come out in (ties go by it)
            found.update(bucket if type(bucket) is set else {bucket})
        return list(found)

    def match(self, mh: MinHash) -> K | None:
        """The story of the closest known text above the threshold, or None.

        Ties go to the last candidate in the LSH's order, as a scan keeping ``>=`` would.
        """
        keys = self._candidates(mh)
        if not keys:
            return None
        rows = np.fromiter((self._rows[k] for k in keys), dtype=np.intp, count=len(keys))
        sims = np.count_nonzero(self._matrix[rows] == mh.hashvalues, axis=1) / float(len(mh))
        best = sims.max()
        if best < self.threshold:
            return None
        last = len(sims) - 1 - int(np.argmax(sims[::-1] == best))
        return self.stories[keys[last]]

    def add(self, key: K, text: str | MinHash, story: K | None = None) -> K:
        """Index ``key``; returns its story (``story`` if it starts a new one, else ``key``)."""
        mh = text if isinstance(text, MinHash) else signature(text)
        found = self.match(mh)
        if found is None:
            found = key if story is None else story
        self.load([(key, mh, found)])
        return found
