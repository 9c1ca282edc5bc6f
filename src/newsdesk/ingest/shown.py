"""Names and messages made safe to print: hostile file names never reach a terminal raw.

A file name may hold a newline (which splits a one-line error in two), an escape sequence
(which re-colours or rewrites the terminal), bidirectional overrides or bytes that are no
UTF-8 at all. ``shown`` writes each such character as a Python-style escape, so every
error stays one readable line and names the file unambiguously.
"""

from __future__ import annotations

import unicodedata

#: Format characters that reorder or hide text (bidi overrides and isolates, zero-width).
_HIDING = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202b",
           "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"}
#: Longest name shown before it is cut (with the count of characters left out).
MAX_SHOWN_CHARS = 300


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _needs_escape(ch: str) -> bool:
    if ch == "\\":
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs", "Zl", "Zp") or ch in _HIDING


def shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` with control, separator, surrogate and bidi characters escaped, on one line."""
    if len(text) > limit:
        text = f"{text[:limit]}…(+{len(text) - limit} characters)"
    if text.isprintable() and not any(ch in _HIDING for ch in text):
        return text
    return "".join(_escape(ch) if _needs_escape(ch) else ch for ch in text)
