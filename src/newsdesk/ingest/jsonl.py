"""JSON Lines input: one page per line, read as a stream.

A line is an object with ``id`` and exactly one of ``body`` (clean article text, used as
is), ``text`` (a plain-text scrape) or ``html``; ``url``, ``title``, ``published`` and
``outlet`` are optional. A bad line is an :class:`InputError` naming the line; the rest go on.

Lines end at ``\\n`` only: U+2028, U+2029 and U+0085 are legal inside JSON strings. The file
is read line by line (any size, bounded memory); each line is bounded before it is parsed
(length, nesting depth, integer digits: ``limits``), so no line can exhaust the recursion
limit, the memory or the integer parser, and no exception of the parser escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from ..model import InputError, RawKind, RawPage
from .decode import DecodeError, decode
from .limits import MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_JSON_INT_DIGITS, MAX_JSONL_LINE_CHARS, MAX_PAGE_CHARS
from .normalise import normal_text, without_surrogates

CONTENT_KEYS: tuple[RawKind, ...] = ("body", "text", "html")
OPTIONAL_KEYS = ("url", "title", "published", "outlet")
#: Kept for callers of the old name: the longest line read, in characters.
MAX_LINE_CHARS = MAX_JSONL_LINE_CHARS
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class LineRefused(ValueError):
    """A line over one of the bounds; the message says which."""


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise LineRefused(f"an integer with {len(digits.lstrip('-'))} digits "
                          f"(more than {MAX_JSON_INT_DIGITS})")
    return int(digits)


def nesting_depth(line: str) -> int:
    """How deeply arrays and objects nest in ``line`` (brackets inside strings do not count)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return line.count("[") + line.count("{")  # an upper bound, already within the limit
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", line))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def _optional(record: dict, key: str) -> str | None:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_FIELD_CHARS:
        return None
    return normal_text(value)


def _load(line: str) -> object:
    if (depth := nesting_depth(line)) > MAX_JSON_DEPTH:
        raise LineRefused(f"nested {depth} levels deep (more than {MAX_JSON_DEPTH})")
    try:
        return json.loads(line, parse_int=_bounded_int)
    except RecursionError:
        raise LineRefused(f"nested more than {MAX_JSON_DEPTH} levels deep") from None


def parse_line(line: str, source: str, number: int) -> RawPage | InputError | None:
    """One JSONL line to a page, an error naming the line, or None for a blank line."""
    if not line.strip():
        return None
    if len(line) > MAX_JSONL_LINE_CHARS:
        return InputError(source, f"line longer than {MAX_JSONL_LINE_CHARS:,} characters", number)
    try:
        record = _load(line)
    except json.JSONDecodeError as error:
        return InputError(source, f"not valid JSON ({error.msg} at column {error.colno})", number)
    except LineRefused as error:
        return InputError(source, f"refused: {error}", number)
    except (ValueError, TypeError, MemoryError) as error:  # any other parser refusal, in one line
        return InputError(source, f"not readable JSON ({type(error).__name__})", number)
    if not isinstance(record, dict):
        return InputError(source, "a line must be a JSON object", number)
    page_id = record.get("id")
    if not isinstance(page_id, str | int) or isinstance(page_id, bool) or str(page_id).strip() == "":
        return InputError(source, "missing 'id'", number)
    page_id = normal_text(str(page_id))
    if len(page_id) > MAX_FIELD_CHARS:
        return InputError(source, f"'id' longer than {MAX_FIELD_CHARS} characters", number)
    present = [key for key in CONTENT_KEYS if isinstance(record.get(key), str)]
    if len(present) != 1:
        return InputError(source, f"needs exactly one of {', '.join(CONTENT_KEYS)} as a string; "
                          f"found {len(present)}", number)
    kind = present[0]
    content = record[kind]
    if not content.strip():
        return InputError(source, f"empty '{kind}'", number)
    if len(content) > MAX_PAGE_CHARS:
        return InputError(source, f"'{kind}' of {len(content):,} characters exceeds the "
                          f"{MAX_PAGE_CHARS:,}-character page limit", number)
    # A given body is the coordinate system and keeps its exact form; a scrape is read in NFC.
    content = without_surrogates(content) if kind == "body" else normal_text(content)
    return RawPage(id=page_id, kind=kind, content=content, source=f"{source}:{number}",
                   **{key: _optional(record, key) for key in OPTIONAL_KEYS})


def split_lines(text: str) -> list[str]:
    """Lines ended by ``\\n`` (and a ``\\r`` before it) only, unlike ``str.splitlines``."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse_lines(text: str, source: str) -> Iterator[RawPage | InputError]:
    """The pages of an already decoded JSONL text."""
    for number, line in enumerate(split_lines(text), start=1):
        item = parse_line(line, source, number)
        if item is not None:
            yield item


def _text_of(data: bytes, first: bool) -> str:
    """A line's text: UTF-8 as JSON requires, else whatever encoding fits the bytes."""
    try:
        return data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return decode(data)[0]


class LineReader(Protocol):
    """A binary stream read a line at a time: an open file, or a ``GzipFile`` over one."""

    def readline(self, size: int, /) -> bytes: ...


def read_stream(stream: LineReader, source: str, budget: int | None = None) -> Iterator[RawPage | InputError]:
    """The pages of a binary JSONL stream, one line in memory at a time (bounded).

    ``budget``, when given, is the most bytes read from the stream (a decompressed gzip
    stream may be a bomb): past it, reading stops with one error line.
    """
    limit = MAX_JSONL_LINE_CHARS * 4  # a character is at most 4 UTF-8 bytes
    number = 0
    spent = 0
    while True:
        if budget is not None and spent > budget:
            yield InputError(source, f"decompresses to more than {budget // (1024 * 1024):,} MB "
                             "(a gzip bomb?); reading stopped", number)
            return
        data = stream.readline(limit + 1)
        if not data:
            return
        spent += len(data)
        number += 1
        if len(data) > limit and not data.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                spent += len(rest)  # skip the rest of the over-long line without holding it
                if budget is not None and spent > budget:
                    break
            yield InputError(source, f"line longer than {limit:,} bytes", number)
            continue
        try:
            line = _text_of(data.rstrip(b"\r\n"), number == 1)
        except DecodeError as error:
            yield InputError(source, str(error), number)
            continue
        item = parse_line(line, source, number)
        if item is not None:
            yield item
