"""What each line of a page is about: sentence embeddings (all-MiniLM-L6-v2) of its lines.

Author boxes, company descriptions, consent text and teasers of other stories read like
prose to the shallow features, but they are about something else than the article; the
second model sees how close each line's meaning is to the lines the first model scores as
article (:func:`centroid_similarity`). The model is the one the store embeds with, loaded
once per process, lazily; each distinct line of a page is embedded once, at most
:data:`MAX_LINES` of them, and lines seen before (a site's menus) come from a bounded cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .features import _window_mean
from .lines import Line

DIM = 384
#: Most distinct lines embedded per page (the scrape-text pages have at most ~650 lines);
#: lines past it get a zero vector, which reads as "unrelated" (cost per page stays bounded).
MAX_LINES = 1000
#: Lines whose vector is kept between pages: menus and footers repeat across a site's pages.
CACHE_LINES = 50_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def line_vectors(lines: Sequence[Line]) -> np.ndarray:
    """L2-normalised vector of each line (rows follow ``lines``)."""
    from ..store.vectors import embed  # torch and the model only when a page is cleaned

    distinct = list(dict.fromkeys(line.text for line in lines))[:MAX_LINES]
    found = {t: _cache[t] for t in distinct if t in _cache}
    for text in found:
        _cache.move_to_end(text)
    missing = [t for t in distinct if t not in found]
    if missing:
        for text, vector in zip(missing, embed(missing), strict=True):
            found[text] = _cache[text] = vector
            if len(_cache) > CACHE_LINES:
                _cache.popitem(last=False)
    zero = np.zeros(DIM, dtype=np.float32)
    return np.array([found.get(line.text, zero) for line in lines], dtype=np.float32).reshape(-1, DIM)

def centroid_similarity(vectors: np.ndarray, first: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Cosine similarity of each line to the page's article centroid (lines weighted by
    first-stage score and length), the same less the core lines' median, and its windows.

    Off-topic prose near the article (another story's lede, an author's biography) scores
    low; the median makes pages whose article is a list or table comparable with the rest.
    """
    weight = first * np.sqrt(sizes + 1)
    centre = (vectors * weight[:, None]).sum(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    sim = vectors @ centre
    core = first >= min(0.7, float(first.max()) if len(first) else 0.7)
    median = float(np.median(sim[core])) if core.any() else 0.0
    return np.column_stack([sim, sim - median, *[_window_mean(sim, k) for k in (1, 2, 4)]])
