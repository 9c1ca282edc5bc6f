"""Build near-duplicates the way syndication makes them: other boilerplate around the article,
a dropped sentence, a few words changed. The boilerplate lines are written for these tests."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HEADERS = [
    "Skip to main content. Home | World | Politics | Business | Sport",
    "Advertisement. Share this article on Facebook, Twitter or by email.",
    "BREAKING NEWS - Sign up for our daily briefing and never miss a story.",
    "Menu. Search. Subscribe now for unlimited access to all our journalism.",
    "You are reading the free edition. Log in or register to comment.",
]
FOOTERS = [
    "Copyright 2024 The Daily Courier. All rights reserved. This material may not be redistributed.",
    "Reporting by our correspondents; editing by the news desk. Contact us with corrections.",
    "Related stories: Markets rally on trade hopes | Storm warning for the coast | Election results live",
    "Follow us on social media. Terms of use. Privacy policy. Cookie settings.",
    "This article was syndicated from a partner agency and has been edited for length.",
]
SWAPS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "percent": "per cent",
    "government": "administration",
    "president": "President",
    "announced": "declared",
    "Monday": "on Monday",
    "also": "additionally",
}


def articles(corpus: Path) -> list[dict]:
    out = []
    for path in sorted(corpus.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def rewrap(body: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", body.strip())
    for _ in range(min(2, len(sentences) // 6)):  # an editor cut a sentence or two from long pieces
        del sentences[rng.randrange(1, len(sentences))]
    text = " ".join(sentences)
    words = text.split(" ")
    changed = min(max(3, len(words) // 40), len(words))  # about 2.5 % of the words
    for i in rng.sample(range(len(words)), k=changed):
        words[i] = SWAPS.get(words[i], words[i].upper() if rng.random() < 0.5 else words[i] + ",")
    return "\n".join([rng.choice(HEADERS), " ".join(words), rng.choice(FOOTERS)])
