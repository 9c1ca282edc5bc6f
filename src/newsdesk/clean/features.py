"""Shallow features of each line of a page, and of its neighbourhood.

Nothing here knows a site: the features are length, punctuation, stop-word and
capitalisation ratios, position, repetition, cue-phrase counts (from
``data/clean/cues.json``) and the same measured over windows of neighbouring lines, so
a short line inside a run of prose looks different from one inside a menu.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

from .lines import Line

_TOKEN = re.compile(r"\w+")
#: Whether a raw line ends as a sentence does: terminal punctuation, closing quotes after it. The
#: cleaner judges lines of the page before any parse exists (a line that ends so reads as prose,
#: one that does not as a menu or a headline), so this is a property of a line, not a sentence
#: split; the sentences of the clean body are spaCy's (``newsdesk.sentences``).
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
                   r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                   r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)
_JUNCTION = re.compile(r"[a-z\u00e0-\u00ff][A-Z]")
WINDOWS = (1, 2, 4, 8, 16)
#: Cue lists and the trained model.
DATA = Path(__file__).resolve().parent.parent / "data" / "clean"


#: Languages whose function words count as stop words: the page's language is not known yet.
STOP_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "id", "sv", "da", "pl")


@cache
def stop_words() -> frozenset[str]:
    """Stop words of several languages at once (spaCy's lists), lower-cased.

    Each list is read from its ``stop_words.py`` file alone: importing ``spacy.lang.<code>``
    would load the whole language package, seconds per language.
    """
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("spaCy is not installed")
    root = Path(spec.origin).parent / "lang"
    words: set[str] = set()
    for code in STOP_LANGUAGES:
        namespace: dict = {}
        exec(compile((root / code / "stop_words.py").read_text("utf-8"), code, "exec"), namespace)
        words |= {w.lower() for w in namespace["STOP_WORDS"]}
    return frozenset(words)


@cache
def cues() -> dict[str, tuple[str, ...]]:
    raw = json.loads((DATA / "cues.json").read_text("utf-8"))
    return {key: tuple(v.lower() for v in values) for key, values in raw.items() if not key.startswith("_")}


def cue_hits(text: str, category: str) -> int:
    low = text.lower()
    return sum(1 for cue in cues()[category] if cue in low)


def _own(line: Line) -> list[float]:
    text = line.text[:5000]
    tokens = _TOKEN.findall(text)
    n = len(tokens)
    words = [t for t in tokens if not t.isdigit()]
    nw = max(len(words), 1)
    stops = stop_words()
    stop = sum(1 for t in words if t.lower() in stops) / nw
    cap = sum(1 for t in words if t[0].isupper()) / nw
    upper = sum(1 for t in words if len(t) > 1 and t.isupper()) / nw
    digits = sum(1 for t in tokens if t.isdigit()) / max(n, 1)
    punct = sum(1 for ch in text if ch in ".,;:!?") / max(len(text), 1)
    ends = 1.0 if ENDS_SENTENCE.search(text) else 0.0
    sentences = len(re.findall(r"[.!?](?:\s|$)", text))
    quote = 1.0 if re.search(r"[\"“”]", text) else 0.0
    mean_len = sum(len(t) for t in words) / nw
    pipes = text.count("|") + text.count("•") + text.count("»")
    # "HeadlineTeaser text": link text run together with the next block, typical of teasers.
    junctions = len(_JUNCTION.findall(text)) / max(n, 1)
    return [np.log1p(n), np.log1p(len(text)), stop, cap, upper, digits, punct, ends, np.log1p(sentences),
            quote, mean_len, float(pipes > 0), 1.0 if _DATE.search(text) else 0.0,
            1.0 if text[:1].islower() else 0.0, 1.0 if text.endswith(":") else 0.0, junctions,
            *[float(cue_hits(text, c)) for c in cues()]]


OWN_NAMES = ["log_tokens", "log_chars", "stop", "cap", "upper", "digits", "punct", "ends", "sentences",
             "quote", "mean_len", "pipes", "date", "lower_start", "colon_end", "junctions"]


def is_prose(features: np.ndarray) -> np.ndarray:
    """1.0 for lines that read as running prose (long, full of stop words, end a sentence),
    from the line's own features (the first columns of :func:`page_features`)."""
    return ((features[:, 0] >= np.log1p(12)) & (features[:, 2] >= 0.25) & (features[:, 7] > 0)).astype(float)


def blocks(prose: np.ndarray) -> np.ndarray:
    """Block number of each line: blocks are maximal runs of prose, or of non-prose, lines."""
    if not len(prose):
        return np.zeros(0, dtype=int)
    return np.concatenate([[0], np.cumsum(prose[1:] != prose[:-1])]).astype(int)


def _window_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``values`` over lines i-k..i+k excluding i itself."""
    n = len(values)
    padded = np.concatenate([np.zeros(k), values, np.zeros(k)])
    counts = np.concatenate([np.zeros(k), np.ones(n), np.zeros(k)])
    csum, ccount = np.cumsum(np.r_[0, padded]), np.cumsum(np.r_[0, counts])
    total = csum[2 * k + 1:] - csum[:n] - values
    count = ccount[2 * k + 1:] - ccount[:n] - 1
    return total / np.maximum(count, 1)


def page_features(lines: list[Line]) -> np.ndarray:
    """A row of features per line (rows follow ``lines``)."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, 0))
    own = np.array([_own(line) for line in lines], dtype=float)
    log_tokens, stop = own[:, 0], own[:, 2]
    prose = is_prose(own)
    tokens = np.expm1(log_tokens)
    prose_tokens = prose * tokens
    total_prose = max(prose_tokens.sum(), 1.0)
    before = (np.cumsum(prose_tokens) - prose_tokens) / total_prose
    after = 1.0 - before - prose_tokens / total_prose
    chars = np.array([len(line.text) for line in lines], dtype=float)
    char_pos = (np.cumsum(chars) - chars) / max(chars.sum(), 1.0)
    counts = Counter(line.text.lower() for line in lines)
    repeat = np.array([np.log(counts[line.text.lower()]) for line in lines])
    # Distance, in lines, to the nearest prose line on either side (capped).
    idx = np.flatnonzero(prose)
    if len(idx):
        pos = np.arange(n)
        right = np.minimum(np.searchsorted(idx, pos), len(idx) - 1)
        left = np.maximum(right - 1, 0)
        nearest = np.minimum(np.abs(idx[right] - pos), np.abs(idx[left] - pos))
    else:
        nearest = np.full(n, 50.0)
    # The same line measured against the page: its longest line, its prose.
    prose_stop = stop[prose > 0].mean() if prose.any() else stop.mean()
    longest = int(np.argmax(log_tokens))
    length_rank = np.argsort(np.argsort(log_tokens, kind="stable"), kind="stable") / max(n - 1, 1)
    relative = [log_tokens - log_tokens.max(), stop - prose_stop, length_rank,
                np.log1p(np.abs(np.arange(n) - longest)) * np.sign(np.arange(n) - longest)]
    context = [*relative, np.arange(n) / max(n - 1, 1), char_pos, before, after, np.minimum(before, after),
               repeat, np.log1p(np.minimum(nearest, 50)), prose, np.full(n, np.log1p(n)),
               np.full(n, np.log1p(total_prose))]
    for k in WINDOWS:
        context += [_window_mean(prose, k), _window_mean(log_tokens, k), _window_mean(stop, k)]
    for shift in (-2, -1, 1, 2):
        neighbour = np.roll(own[:, [0, 2, 7, 3]], shift, axis=0)
        if shift > 0:
            neighbour[:shift] = 0
        else:
            neighbour[shift:] = 0
        context.append(neighbour)
    above, below = _prose_distances(prose)
    context += [np.log1p(above), np.log1p(below)]
    for k in (4, 16):  # dates, digits, capitals and cue words around: comment threads, tables, menus
        context += [_window_mean(own[:, c], k) for c in (3, 5, 12, 15, *range(len(OWN_NAMES), own.shape[1]))]
    context.append(block_features(lines, own, prose))
    context.append(periodic_runs([_shape(line) for line in lines]))
    return np.column_stack([own, *context])


def _prose_distances(prose: np.ndarray, cap: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Lines to the nearest prose line above and below (capped): a table between two
    paragraphs has prose on both sides, a menu or a comment thread on one side at most."""
    n = len(prose)
    above, below = np.full(n, float(cap)), np.full(n, float(cap))
    last = None
    for i in range(n):
        if last is not None:
            above[i] = min(i - last, cap)
        if prose[i]:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None:
            below[i] = min(last - i, cap)
        if prose[i]:
            last = i
    return above, below


def _shape(line: Line) -> tuple:
    """A coarse shape of a line: rows of a table or items of a list share one."""
    text = line.text
    n = len(_TOKEN.findall(text))
    return (min(n, 1) + (n > 3) + (n > 8) + (n > 20), text[:1].isdigit(), text[:1].isupper(),
            bool(ENDS_SENTENCE.search(text)), any(ch.isdigit() for ch in text))


#: Longest record, in lines, looked for by :func:`periodic_runs` (a table row of many cells).
MAX_PERIOD = 8


def periodic_runs(shapes: list[tuple]) -> np.ndarray:
    """How far each line's run of repeating records reaches (log lines), and its period.

    A table or a list of items repeats a record of a few lines of different shapes (name,
    number, number, ...); a menu repeats one shape. For each period p >= 2 the lines
    whose shape equals the shape p lines later form stretches; a stretch counts only if
    its record holds more than one shape. Columns: the longest such stretch through the
    line, its period, and the longest stretch of a single repeated shape.
    """
    n = len(shapes)
    codes = np.array([hash(s) for s in shapes]) if n else np.zeros(0)
    best, period, uniform = np.zeros(n), np.zeros(n), np.zeros(n)
    for p in range(1, MAX_PERIOD + 1):
        if n <= p:
            break
        match = codes[:-p] == codes[p:]
        j = 0
        while j < len(match):
            if not match[j]:
                j += 1
                continue
            k = j
            while k + 1 < len(match) and match[k + 1]:
                k += 1
            lo, hi = j, k + p  # lines j..k+p repeat with period p
            length = hi - lo + 1
            if p == 1:
                uniform[lo:hi + 1] = np.maximum(uniform[lo:hi + 1], length)
            elif length >= 2 * p and len(set(codes[lo:lo + p])) > 1:
                better = best[lo:hi + 1] < length
                best[lo:hi + 1][better] = length
                period[lo:hi + 1][better] = p
            j = k + 1
    return np.column_stack([np.log1p(best), period, np.log1p(uniform)])


def block_features(lines: list[Line], own: np.ndarray, prose: np.ndarray) -> np.ndarray:
    """Features of the block each line sits in: a maximal run of non-prose lines (a menu,
    a table, a list, a comment thread) or of prose lines.

    Per line: the block's length, the line's place in it, how often the line's shape
    recurs in the block (a table repeats its row shape, a menu one shape throughout),
    and the block's mean stop-word, digit, capital and cue ratios.
    """
    n = len(lines)
    shapes = [_shape(line) for line in lines]
    cols = np.zeros((n, 6 + own.shape[1] - len(OWN_NAMES)))
    ids = blocks(prose)
    for b in range(ids[-1] + 1 if n else 0):
        where = np.flatnonzero(ids == b)
        start, end = int(where[0]), int(where[-1])
        size = end - start + 1
        block = slice(start, end + 1)
        counts = Counter(shapes[block])
        pos = np.arange(size)
        cols[block, 0] = np.log1p(size)
        cols[block, 1] = pos / max(size - 1, 1)
        cols[block, 2] = [counts[s] / size for s in shapes[block]]
        cols[block, 3] = own[block, 2].mean()
        cols[block, 4] = own[block, 5].mean()
        cols[block, 5] = own[block, 3].mean()
        cols[block, 6:] = own[block, len(OWN_NAMES):].mean(axis=0)
    return cols


def content_words(lines: list[Line]) -> list[frozenset[str]]:
    """Each line's lower-cased content words (no stop words, at least three letters)."""
    stops = stop_words()
    return [frozenset(t for t in (w.lower() for w in _TOKEN.findall(line.text[:5000]))
                      if len(t) >= 3 and not t.isdigit() and t not in stops) for line in lines]


def topical_overlap(words: list[frozenset[str]], core: np.ndarray) -> np.ndarray:
    """Share of each line's content words that the page's core lines (``core`` True) also use.

    Article paragraphs share their topic's vocabulary; teasers for other stories, menus
    and widgets do not. A core line is compared with the other core lines only.
    """
    counts: Counter[str] = Counter()
    for w, is_core in zip(words, core, strict=True):
        if is_core:
            counts.update(w)
    out = np.zeros(len(words))
    for i, w in enumerate(words):
        if w:
            own = 1 if core[i] else 0
            out[i] = sum(1 for t in w if counts[t] - own > 0) / len(w)
    return out
