"""An HTML page that stops its article at a paywall is flagged, as the plain-text cleaner does."""

from __future__ import annotations

from newsdesk.clean.html import clean_html

ARTICLE = "".join(
    f"<p>The council met on Tuesday to discuss the new budget for the city's schools, paragraph {n}.</p>"
    for n in range(6)
)


def _page(extra_head: str = "", extra_body: str = "") -> str:
    return (f"<html><head><title>Council budget</title>{extra_head}</head><body><article>"
            f"<h1>Council budget</h1>{ARTICLE}</article>{extra_body}</body></html>")


def test_a_free_page_is_not_flagged():
    assert clean_html(_page(extra_body='<a href="/more">Continue reading</a>'))["paywalled"] is False


def test_structured_data_saying_not_free_flags_it():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "hasPart": '
          '{"@type": "WebPageElement", "isAccessibleForFree": "False"}}</script>')
    assert clean_html(_page(extra_head=ld))["paywalled"] is True


def test_a_subscription_prompt_flags_it():
    box = '<div class="subscriber-prompt"><p>Subscribe for unlimited access to keep reading.</p></div>'
    assert clean_html(_page(extra_body=box))["paywalled"] is True


def test_hostile_structured_data_is_ignored():
    ld = '<script type="application/ld+json">' + "[" * 5000 + "</script>"
    assert clean_html(_page(extra_head=ld))["paywalled"] is False
