"""Feeds and sitemaps: the article links they list, fetched politely, only the new ones.

RSS and Atom are read with feedparser (lenient with broken XML: each unusable entry is
one error line, the others are kept); XML and text sitemaps with trafilatura's sitemap
reader, given content that newsdesk fetched itself (so the SSRF guard applies).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax import SAXException

import feedparser
from courlan import get_hostinfo
from trafilatura.sitemaps import SitemapObject

from ..model import InputError, RawPage
from .decode import DecodeError, decode, gunzip, is_gzip
from .fetch import Fetcher, FetchError, is_url
from .shown import shown

#: Bounds on what one feed may ask of us.
MAX_ENTRIES = 2_000
MAX_NESTED_SITEMAPS = 50


@dataclass
class Entry:
    link: str
    title: str | None = None
    published: str | None = None  # ISO date, as the feed gives it


def read_feed(url: str, fetcher: Fetcher) -> Iterator[RawPage | InputError]:
    """The pages a feed or sitemap links to that were not taken on an earlier read."""
    seen = fetcher.state.seen_links(url)
    outlet: str | None = None
    entries: list[Entry] = []
    for item in _entries(url, fetcher, depth=0):
        if isinstance(item, InputError):
            yield item
        elif isinstance(item, str):
            outlet = item
        else:
            entries.append(item)
    for entry in entries[:MAX_ENTRIES]:
        if entry.link in seen:
            continue
        page = fetcher.page(entry.link, title=entry.title, published=entry.published, outlet=outlet)
        if isinstance(page, InputError):
            yield page  # not marked seen: a transient failure is retried on the next read
            continue
        fetcher.state.mark_seen(url, entry.link)
        if page is not None:
            yield page


def _entries(url: str, fetcher: Fetcher, depth: int) -> Iterator[Entry | InputError | str]:
    """Entries of the feed at ``url`` (and the feed's title, as a str), or errors."""
    try:
        response = fetcher.get(url)
    except FetchError as error:
        yield InputError(shown(url), f"feed not read: {shown(str(error))}")
        return
    if response.not_modified:
        return
    if response.status != 200:
        yield InputError(shown(url), f"feed not read: HTTP {response.status}")
        return
    data = response.content
    try:
        text, _ = decode(gunzip(data) if is_gzip(data) else data)
    except DecodeError as error:
        yield InputError(shown(url), f"feed not read: {shown(str(error))}")
        return
    head = text[:2000]
    if "<urlset" in head or "<sitemapindex" in head or (not head.lstrip().startswith("<") and is_url(
            head.split(None, 1)[0] if head.strip() else "")):
        yield from _sitemap_entries(response.url, text, fetcher, depth)
    else:
        yield from _feed_entries(response.url, data, response.headers.get("content-type", "application/xml"))


def _feed_entries(url: str, data: bytes, content_type: str) -> Iterator[Entry | InputError | str]:
    parsed = feedparser.parse(data, response_headers={"content-location": url, "content-type": content_type})
    if not parsed.entries and not parsed.get("version"):
        yield InputError(shown(url), "neither an RSS/Atom feed nor a sitemap")
        return
    if isinstance(parsed.get("bozo_exception"), SAXException):  # broken XML, not a mere charset quibble
        yield InputError(shown(url), f"feed is not well-formed ({shown(str(parsed.get('bozo_exception')))}); "
                              f"read leniently, {len(parsed.entries)} entries found")
    title = parsed.feed.get("title")
    if title:
        yield title
    for number, entry in enumerate(parsed.entries, 1):
        link = (entry.get("link") or "").strip()
        title = entry.get("title")
        label = f"feed entry {number}" + (f" ({shown(str(title), 100)!r})" if title else "")
        if not link:
            yield InputError(shown(url), f"{label}: no link; skipped")
            continue
        if not is_url(link) or not urlsplit(link).hostname:
            yield InputError(shown(url), f"{label}: link {shown(link[:100])!r} is not an http(s) URL; "
                             "skipped")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        yield Entry(link=link, title=entry.get("title") or None, published=published)


def _sitemap_entries(url: str, text: str, fetcher: Fetcher, depth: int) -> Iterator[Entry | InputError | str]:
    domain, base_url = get_hostinfo(url)
    if domain is None:
        yield InputError(shown(url), "sitemap URL without a usable domain")
        return
    sitemap = SitemapObject(base_url=base_url, domain=domain, sitemapsurls=[])
    sitemap.current_url, sitemap.content = url, text
    sitemap.process()
    for link in sitemap.urls[:MAX_ENTRIES]:
        yield Entry(link=link)
    if depth >= 2:
        return
    for nested in sitemap.sitemap_urls[:MAX_NESTED_SITEMAPS]:
        yield from _entries(nested, fetcher, depth + 1)
