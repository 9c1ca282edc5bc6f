"""De-duplication on re-wrapped Wikinews articles (read from ../shared at test time)."""

from __future__ import annotations

import random

from rewrap import articles, rewrap
from shareddata import shared_path

from newsdesk.store import dedup


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = dedup.shingles(a), dedup.shingles(b)
    return len(sa & sb) / max(1, len(sa | sb))


def test_rewrapped_copies_are_found_without_false_merges():
    originals = articles(shared_path("corpus"))
    rng = random.Random(2024)
    texts = [f"{a['title']}\n{a['body']}" for a in originals]
    index = dedup.StoryIndex()
    story = {i: index.add(("o", i), text) for i, text in enumerate(texts)}

    # Originals merged although their texts are clearly different are false merges. (The sample
    # holds a few genuine duplicates, e.g. one Reuters report filed twice; those may merge.)
    false_originals = [
        i for i, s in story.items() if s != ("o", i) and exact_jaccard(texts[i], texts[s[1]]) < 0.2
    ]

    picked = rng.sample(range(len(originals)), 500)
    found = wrong = 0
    for i in picked:
        title = originals[i]["title"] if rng.random() < 0.5 else "UPDATE: " + originals[i]["title"].upper()
        copy = f"{title}\n{rewrap(originals[i]['body'], rng)}"
        assert copy != texts[i]
        got = index.add(("c", i), copy)
        if got == story[i]:
            found += 1
        elif got != ("c", i):
            wrong += 1  # joined some other article's story

    recall = found / len(picked)
    false_rate = (len(false_originals) + wrong) / (len(originals) + len(picked))
    assert recall >= 0.95, recall
    assert false_rate <= 0.01, false_rate
