"""Decoded text in one Unicode form: lone surrogates replaced, composed (NFC).

JSON can spell a lone UTF-16 surrogate (``"\\ud800"``), which no UTF-8 encoder accepts
(spaCy, SQLite and PostgreSQL all fail on it); it becomes U+FFFD, one character for one,
so offsets do not move. Pages are NFC-composed so that a decomposed "u" + diaeresis matches
the "ü" of a gazetteer or a search.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, same offsets)."""
    return _SURROGATE.sub(REPLACEMENT, text)


def normal_text(text: str) -> str:
    """Surrogates replaced, then NFC: the form every page's text is read in."""
    text = without_surrogates(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
