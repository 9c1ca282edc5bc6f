"""An HTTP response body (from a WARC record or a live fetch) turned into a raw page.

Shared by the WARC reader and the fetcher so a page archived and the same page fetched
get the same id, the same HTML test and the same decoding (``decode``, as for files).
"""

from __future__ import annotations

import hashlib
from email.message import Message

from ..model import RawPage
from .decode import declared_charset, decode
from .limits import MAX_PAGE_BYTES
from .normalise import normal_text

__all__ = ["MAX_PAGE_BYTES", "html_page", "is_html", "media_type", "url_id"]
HTML_TYPES = ("text/html", "application/xhtml+xml")


def url_id(url: str) -> str:
    """A stable page id from its URL: the same URL read twice is the same page."""
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """``text/html; charset=latin-1`` -> (``text/html``, ``latin-1``)."""
    if not content_type:
        return "", None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), charset if isinstance(charset, str) else None


def is_html(content_type: str | None, head: bytes = b"") -> bool:
    """HTML by its declared type or, when none is declared, by its first bytes."""
    kind, _ = media_type(content_type)
    if kind:
        return kind in HTML_TYPES
    start = head[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


def html_page(url: str, data: bytes, content_type: str | None, source: str,
              page_id: str | None = None, **meta: str | None) -> RawPage:
    """A raw HTML page; ``meta`` may carry title, published and outlet from a feed.

    Raises ``decode.DecodeError`` when the bytes are no readable text.
    """
    text, encoding = decode(data, media_type(content_type)[1] or declared_charset(data))
    return RawPage(id=page_id or url_id(url), kind="html", content=normal_text(text), source=source, url=url,
                   encoding=encoding, **meta)
