"""Clean an HTML page with trafilatura, guarding its precision mode with its recall mode.

trafilatura's precision-oriented mode drops most boilerplate but now and then loses a
large part of the article; its recall-oriented mode keeps the article but lets
boilerplate through. We take the precise text unless it is much shorter than the recall
text (the ``html_fallback_share`` weight of data/clean/weights.json),
then take the metadata trafilatura reads (title, description, site name, date, language).

Pages as the open web serves them: an XHTML page opening with an XML declaration is
parsed like any other (lxml refuses a declared encoding on text that is already decoded);
a run of hundreds of nested wrappers, which the parser gives up on, is flattened first;
when neither mode finds the body, the paragraphs of the page are the fallback; and the
title, date, outlet and bylines the page declares are kept whether or not a body is found.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import Document as Extraction
from trafilatura.metadata import extract_metadata

from ..ingest.limits import MAX_HTML_ELEMENTS, MAX_TAG_RUN
from ..tuning import weights
from .declared import authors_and_agency, byline_names, bylines, domain, publisher
from .metadata import is_section_label
from .paywall import paywalled

#: Largest HTML document parsed, in characters.
MAX_HTML_CHARS = 10_000_000
_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "deduplicate": False}
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.I)
#: Runs of more nesting tags than a page holds in practice, with nothing between them (void
#: elements such as the ``<meta>`` tags of a head are not nesting and do not count).
_VOID = "meta|link|br|img|input|hr|source|col|area|base|wbr|param|track|embed"
_OPEN_RUN = re.compile(rf"(?:<(?!(?:{_VOID})\b)[a-zA-Z][a-zA-Z0-9]{{0,10}}(?:\s[^<>]{{0,500}})?>\s*)"
                       rf"{{{MAX_TAG_RUN + 1},}}", re.I)
_CLOSE_RUN = re.compile(rf"(?:</[a-zA-Z][a-zA-Z0-9]{{0,10}}\s*>\s*){{{MAX_TAG_RUN + 1},}}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _paragraphs(text: str | None) -> str:
    return "\n\n".join(line.strip() for line in re.split(r"\n+", text or "") if line.strip())


def parseable(markup: str) -> str:
    """The markup as lxml can parse it: no XML declaration, no runs of empty nesting."""
    markup = _XML_DECLARATION.sub("", markup[:MAX_HTML_CHARS], count=1)
    markup = _OPEN_RUN.sub("<div>", markup)
    return _CLOSE_RUN.sub("</div>", markup)


def _tree(markup: str):
    try:
        return lxml_html.fromstring(markup)
    except (ValueError, etree.ParserError):
        return None


def _page_paragraphs(markup: str) -> str:
    """The text of the page's paragraphs: the body when trafilatura finds none."""
    tree = _tree(markup)
    if tree is None:
        return ""
    etree.strip_elements(tree, "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                         with_tail=False)
    texts = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    body = "\n\n".join(t for t in texts if len(t.split()) >= 5)
    return body if len(body) >= weights("clean").min_fallback_chars else ""


def _guessed_outlet(name: object) -> str | None:
    """trafilatura's site name, the last resort, unless it is a section label ("U.S.")."""
    return name if isinstance(name, str) and name.strip() and not is_section_label(name) else None


def _date(value: object) -> str | None:
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


def clean_html(markup: str, url: str | None = None) -> dict:
    """Body, title, summary, outlet, published date, language, authors and agency of a page."""
    markup = parseable(markup)
    tree = _tree(markup)
    if tree is None:
        return {"body": ""}
    # Before trafilatura, which prunes the tree it is given.
    site, names = publisher(tree, url), bylines(tree)
    if sum(1 for _ in tree.iter()) > MAX_HTML_ELEMENTS:
        return _large_page(markup, tree, url, site, names)
    walled = paywalled(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            precise = trafilatura.bare_extraction(tree, url=url, favor_precision=True, with_metadata=True,
                                                  **_OPTIONS)
            recall = trafilatura.extract(_tree(markup), url=url, favor_recall=True, **_OPTIONS)
        except RecursionError:
            precise, recall = None, None
        data = precise.as_dict() if isinstance(precise, Extraction) else _metadata(markup, url)
    body, fallback = _paragraphs(data.get("text")), _paragraphs(recall)
    if len(body) < weights("clean").html_fallback_share * len(fallback):
        body = fallback
    if not body:
        body = _page_paragraphs(markup)
    authors, agency = authors_and_agency(names + byline_names(data.get("author") or ""))
    return {
        "body": body,
        "title": data.get("title") or None,
        "summary": data.get("description") or None,
        "outlet": site or domain(url) or _guessed_outlet(data.get("sitename")),
        "published": _date(data.get("date")),
        "language": data.get("language") or None,
        "paywalled": walled,
        "authors": authors,
        "agency": agency,
    }


def _large_page(markup: str, tree, url: str | None, site: str | None, names: list[str]) -> dict:
    """A page too large for trafilatura in bounded time: its paragraphs, and its head's metadata."""
    head = tree.find("head")
    data = _metadata(f"<html>{etree.tostring(head, encoding='unicode')}<body></body></html>", url) \
        if head is not None else {}
    authors, agency = authors_and_agency(names + byline_names(data.get("author") or ""))
    return {
        "body": _page_paragraphs(markup),
        "title": data.get("title") or None,
        "summary": data.get("description") or None,
        "outlet": site or domain(url) or _guessed_outlet(data.get("sitename")),
        "published": _date(data.get("date")),
        "language": None,
        "paywalled": False,
        "authors": authors,
        "agency": agency,
    }


def _metadata(markup: str, url: str | None) -> dict:
    """Title, date, description and byline when trafilatura finds no body (it then gives none)."""
    tree = _tree(markup)
    if tree is None:
        return {}
    try:
        return extract_metadata(tree, default_url=url).as_dict()
    except Exception:  # noqa: BLE001  a malformed page still gives its body, if not its metadata
        return {}
