"""What a page declares about itself: its publisher, its authors and the reporting agency.

A publisher names itself in ``og:site_name``, in the ``publisher`` of its JSON-LD article
and in ``application-name``; those declarations come before anything guessed, and a
section label ("U.S.", "World") is never taken for the outlet. Bylines come from the JSON-LD
``author`` and the ``author`` meta tags; a news agency in a byline ("Jane Doe, Reuters") is
kept apart as the reporting agency (the list is ``data/clean/agencies.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

from .features import DATA

#: Most authors kept from one page, and the longest name kept.
MAX_AUTHORS = 10
MAX_NAME_CHARS = 100
#: Largest JSON-LD block read, in characters (a page's script is hostile input too).
MAX_JSON_LD_CHARS = 200_000
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "webpage", "liveblogposting", "backgroundnewsarticle")
_BY = re.compile(r"^\s*(?:by|written by|words by|reporting by|von|par|por)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&|,)\s*", re.I)


@cache
def agencies() -> dict[str, str]:
    """Lower-cased agency name -> its spelling."""
    names = json.loads((DATA / "agencies.json").read_text("utf-8"))["agencies"]
    return {name.lower(): name for name in names}


def _json_ld(tree) -> Iterator[dict]:
    """Every JSON-LD object of the page, ``@graph`` members included."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if len(script) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(stack) < 1000:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item[:100])
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"][:100])


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _name(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value if 1 < len(value) <= MAX_NAME_CHARS else None


def _articles(tree) -> list[dict]:
    return [item for item in _json_ld(tree) if _types(item) & set(_ARTICLE_TYPES)]


def publisher(tree, url: str | None = None) -> str | None:
    """The outlet as the page declares it: og:site_name, JSON-LD publisher, application-name."""
    for xpath in ('//meta[@property="og:site_name"]/@content', '//meta[@name="og:site_name"]/@content'):
        if found := next((_name(v) for v in tree.xpath(xpath) if _name(v)), None):
            return found
    for item in _articles(tree):
        if found := _name(item.get("publisher")):
            return found
    for item in _json_ld(tree):
        if _types(item) & {"newsmediaorganization", "organization"} and (found := _name(item.get("name"))):
            return found
    for value in tree.xpath('//meta[@name="application-name"]/@content'):
        if found := _name(value):
            return found
    return None


def domain(url: str | None) -> str | None:
    """The site's host name without ``www.``: the outlet when the page declares none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host if "." in host and len(host) <= MAX_NAME_CHARS else None


def bylines(tree) -> list[str]:
    """The names the page gives as its bylines (JSON-LD ``author``, author meta tags), in order."""
    candidates: list[str] = []
    for item in _articles(tree):
        found = item.get("author")
        for author in found if isinstance(found, list) else [found]:
            if (name := _name(author)) is not None:
                candidates.extend(byline_names(name))
    for xpath in ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content',
                  '//meta[@name="byl"]/@content', '//meta[@name="dc.creator"]/@content'):
        for value in tree.xpath(xpath):
            candidates.extend(byline_names(value))
    return candidates


def byline_names(text: str) -> list[str]:
    """``By Jane Doe and John Roe, Reuters`` -> the names in it, agency included."""
    text = _BY.sub("", " ".join(text.split()))
    if text.lower().startswith(("http://", "https://")):
        return []
    return [part.strip(" .") for part in _SPLIT.split(text) if part.strip(" .")]


def authors_and_agency(names: list[str]) -> tuple[list[str], str | None]:
    """The people among byline ``names`` (at most ``MAX_AUTHORS``) and the reporting agency."""
    known = agencies()
    people: list[str] = []
    agency: str | None = None
    for name in names:
        if name.lower() in known:
            agency = agency or known[name.lower()]
        elif (1 < len(name) <= MAX_NAME_CHARS and any(c.isalpha() for c in name)
              and name.lower() not in {p.lower() for p in people}):
            people.append(name)
    return people[:MAX_AUTHORS], agency
