"""Clean an HTML page: trafilatura for the body and metadata, then the line classifier.

trafilatura runs with recall-oriented settings, so it rarely drops article text but
lets some boilerplate through (related links, newsletter boxes, credits); the plain-text
line classifier then removes those lines, with trafilatura's metadata as the header.
"""

from __future__ import annotations

import re
import warnings

import trafilatura
from lxml import html as lxml_html

from .text import clean_text

#: Largest HTML document parsed, in characters.
MAX_HTML_CHARS = 10_000_000


def _site_name(markup: str) -> str | None:
    """og:site_name / application-name, which trafilatura does not always report."""
    try:
        tree = lxml_html.fromstring(markup[:2_000_000])
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for xpath in ('//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content'):
        found = [v.strip() for v in tree.xpath(xpath) if v and v.strip()]
        if found:
            return found[0][:100]
    return None


def extract(markup: str, url: str | None = None) -> dict:
    """Body, title, summary, outlet, published date, language and captions of an HTML page."""
    markup = markup[:MAX_HTML_CHARS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = trafilatura.bare_extraction(markup, url=url, favor_recall=True, include_comments=False,
                                             include_tables=True, with_metadata=True, deduplicate=False)
    if result is None:
        return {"body": ""}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    body = "\n\n".join(line.strip() for line in re.split(r"\n+", text) if line.strip())
    date = data.get("date")
    return {
        "body": body,
        "title": data.get("title") or None,
        "summary": data.get("description") or None,
        "outlet": _site_name(markup) or data.get("sitename") or None,
        "published": date[:10] if isinstance(date, str) and re.match(r"\d{4}-\d{2}-\d{2}", date) else None,
        "language": data.get("language") or None,
        "paywalled": False,
    }


def clean_html(markup: str, url: str | None = None, refine: bool = True) -> dict:
    """:func:`extract`, with the body's lines re-judged by the plain-text cleaner."""
    found = extract(markup, url)
    if refine and found["body"]:
        refined = clean_text(found["body"])
        if refined.body:
            found["body"] = refined.body
            found["paywalled"] = refined.paywalled
            found["captions"] = refined.captions
    return found
