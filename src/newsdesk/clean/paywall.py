"""Whether an HTML page stops its article at a paywall.

A page says so in its structured data (schema.org ``isAccessibleForFree: false``, which
publishers declare for search engines), marks a box as its paywall, or shows a short prompt
("Subscribe to continue reading") inside a subscription box. The prompt cues are the plain-text
cleaner's (``data/clean/cues.json``, ``paywall``), so both cleaners flag the same pages.
"""

from __future__ import annotations

import json

from ..tuning import weights
from .features import cue_hits

#: Class or id words of the boxes a prompt sits in; "continue reading" alone is often only a
#: link to the rest of a free article, so the words count only inside such a box.
PROMPT_MARKS = ("subscri", "premium", "meter", "register", "regwall", "piano")
#: Structured data read per page, in characters (hostile pages can be huge).
MAX_JSON_LD_CHARS = 200_000


def _free(node: object) -> bool | None:
    """schema.org ``isAccessibleForFree`` anywhere in a JSON-LD value, False when any says no."""
    stack, seen = [node], 0
    while stack and seen < 10_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            value = item.get("isAccessibleForFree")
            if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def paywalled(tree) -> bool:
    """Read from the page's tree before trafilatura prunes it."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        text = (script.text or "")[:MAX_JSON_LD_CHARS]
        try:
            if _free(json.loads(text)) is False:
                return True
        except (ValueError, RecursionError):
            continue
    for element in tree.iter("div", "section", "aside", "p", "span", "form"):
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if "paywall" in marks:
            return True
        if any(m in marks for m in PROMPT_MARKS):
            longest = weights("clean").max_prompt_words  # a longer paragraph with a cue is article text
            text = " ".join(element.text_content().split()[:longest + 1])
            if len(text.split()) <= longest and cue_hits(text, "paywall"):
                return True
    return False
