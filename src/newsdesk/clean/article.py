"""A raw page to an :class:`Article`, whichever kind of input it came as."""

from __future__ import annotations

from ..model import Article, RawPage
from .declared import authors_and_agency
from .html import clean_html
from .metadata import language_of
from .text import clean_text

#: Longest body kept, in characters (scraped input is hostile; later stages are bounded too).
MAX_BODY_CHARS = 1_000_000


def clean_page(raw: RawPage) -> Article:
    """Clean ``raw``; metadata given with the input (JSONL fields) wins over what is read."""
    article = Article(id=raw.id, title=raw.title, body="", url=raw.url, source=raw.source,
                      published=raw.published, outlet=raw.outlet)
    if raw.kind == "body":
        # Already clean: offsets of every later stage refer to this exact string.
        article.body = raw.content
        article.language = language_of(raw.content)
        return article
    if raw.kind == "html":
        found = clean_html(raw.content, raw.url)
        body, title, summary = found["body"], found.get("title"), found.get("summary")
        captions, paywalled = found.get("captions", []), found.get("paywalled", False)
        outlet, published, language = found.get("outlet"), found.get("published"), found.get("language")
        article.authors, article.agency = found.get("authors", []), found.get("agency")
    else:
        cleaned = clean_text(raw.content)
        body, title, summary = cleaned.body, cleaned.title, cleaned.summary
        if summary and summary not in body:
            # The standfirst is the article's own first line (the seed's names Mosul and
            # the possible alliance): later stages must read it, so it leads the body.
            body = f"{summary}\n\n{body}" if body else summary
        captions, paywalled = cleaned.captions, cleaned.paywalled
        article.authors, article.agency = authors_and_agency(cleaned.bylines)
        outlet, published, language = cleaned.outlet, cleaned.published, None
    article.body = body[:MAX_BODY_CHARS]
    article.title = raw.title or title
    article.summary = summary
    article.captions = captions
    article.paywalled = paywalled
    article.outlet = raw.outlet or outlet
    article.published = raw.published or published
    article.language = language or language_of(article.body)
    return article
