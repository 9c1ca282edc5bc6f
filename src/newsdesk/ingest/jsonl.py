"""JSON Lines input: one page per line, already decoded.

A line is an object with ``id`` and exactly one of ``body`` (clean article text, used as
is), ``text`` (a plain-text scrape) or ``html``; ``url``, ``title``, ``published`` and
``outlet`` are optional. A bad line is an :class:`InputError` naming the line; the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import InputError, RawKind, RawPage

CONTENT_KEYS: tuple[RawKind, ...] = ("body", "text", "html")
OPTIONAL_KEYS = ("url", "title", "published", "outlet")
#: Longest line read, in characters (a page larger than this is refused, not truncated).
MAX_LINE_CHARS = 20 * 1024 * 1024


def _optional(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def parse_line(line: str, source: str, number: int) -> RawPage | InputError | None:
    """One JSONL line to a page, an error naming the line, or None for a blank line."""
    if not line.strip():
        return None
    if len(line) > MAX_LINE_CHARS:
        return InputError(source, f"line longer than {MAX_LINE_CHARS} characters", number)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(source, f"not valid JSON ({error.msg})", number)
    if not isinstance(record, dict):
        return InputError(source, "a line must be a JSON object", number)
    page_id = record.get("id")
    if not isinstance(page_id, str | int) or isinstance(page_id, bool) or str(page_id).strip() == "":
        return InputError(source, "missing 'id'", number)
    present = [key for key in CONTENT_KEYS if isinstance(record.get(key), str)]
    if len(present) != 1:
        return InputError(source, f"needs exactly one of {', '.join(CONTENT_KEYS)} as a string; "
                          f"found {len(present)}", number)
    kind = present[0]
    content = record[kind]
    if kind != "body" and not content.strip():
        return InputError(source, f"empty '{kind}'", number)
    return RawPage(id=str(page_id), kind=kind, content=content, source=f"{source}:{number}",
                   **{key: _optional(record, key) for key in OPTIONAL_KEYS})


def parse_lines(text: str, source: str) -> Iterator[RawPage | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        item = parse_line(line, source, number)
        if item is not None:
            yield item
