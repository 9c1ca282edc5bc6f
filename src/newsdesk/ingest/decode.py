"""Bytes to text: bounded, gzip-aware, encoding-detected.

Scraped files arrive with any encoding and sometimes none at all (a binary blob with a
``.txt`` name); each failure is a :class:`DecodeError` whose message a person can act on.
"""

from __future__ import annotations

import re
import zlib

from charset_normalizer import from_bytes

from .limits import MAX_FILE_BYTES

#: Largest file (or decompressed gzip member) read, in bytes (``limits.MAX_FILE_BYTES``).
MAX_BYTES = MAX_FILE_BYTES
#: Share of control characters above which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.01
WESTERN = "cp1252"
#: Margin of charset-normalizer's "chaos" within which two guesses count as tied.
TIE = 0.05


#: Labels browsers read as windows-1252 (the WHATWG Encoding Standard): pages that declare
#: latin-1 or ASCII commonly hold its curly quotes and dashes at 0x80-0x9F.
_WHATWG = {label: WESTERN for label in ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii",
                                         "ascii", "iso_8859-1", "cp819", "ibm819", "windows-1252")}


class DecodeError(ValueError):
    """The bytes are not a readable text page."""


def gunzip(data: bytes, limit: int = MAX_BYTES) -> bytes:
    """Decompress one gzip stream, refusing truncation and anything larger than ``limit``."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise DecodeError(f"not a valid gzip file ({error})") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise DecodeError(f"decompressed size exceeds the {limit // (1024 * 1024)} MB limit")
    if not inflater.eof:
        raise DecodeError("truncated gzip file (the compressed stream ends early)")
    return out


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(text)


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, except that windows-1252 wins a near tie.

    Short Western European text is about as plausible in several single-byte code pages;
    windows-1252 is by far the most common of them on the web (WHATWG maps latin-1 to it).
    """
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    for match in results:
        if WESTERN in match.could_be_from_charset and match.chaos <= best.chaos + TIE:
            best = match
            break
    return str(best), best.encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first few kilobytes, if any.

    An XHTML page may declare it in its XML declaration (``<?xml version="1.0"
    encoding="ISO-8859-1"?>``) rather than in a ``<meta>``; the ``<meta>`` wins when both do.
    """
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns ``(text, encoding)``.

    UTF-8 (with or without BOM) is tried first because nearly all pages use it and a
    detector can mistake short UTF-8 text for a legacy code page; otherwise
    charset-normalizer decides. NUL bytes or a high share of control characters mean binary.
    """
    if not data.strip():
        raise DecodeError("empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError("binary file (NUL bytes), not a text or HTML page")
    declared = _WHATWG.get(declared, declared) if declared else None
    candidates = [declared] if declared else []
    candidates.append("utf-8-sig")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        break
    else:
        best = _detect(data)
        if best is None:
            raise DecodeError("binary file (no text encoding fits), not a text or HTML page")
        text, encoding = best
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeError("binary file (control characters), not a text or HTML page")
    if not text.strip():
        raise DecodeError("empty file")
    return text, encoding
