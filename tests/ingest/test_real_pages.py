"""Pages as the open web serves them: XHTML, metadata without a body, the outlet, the bylines."""

from __future__ import annotations

from pathlib import Path

from hostile import STORY

from newsdesk.clean.article import clean_page
from newsdesk.clean.html import clean_html
from newsdesk.ingest.files import read_paths
from newsdesk.model import RawPage

XHTML = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head><title>Floods close the valley road | Valley Courier</title>
<meta property="og:title" content="Floods close the valley road"/>
<meta property="article:published_time" content="2021-03-04T10:00:00Z"/>
</head>
<body><article><h1>Floods close the valley road</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>
"""

JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Floods close the valley road", "datePublished": "2021-03-04",
  "articleSection": "U.S.",
  "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"},
             {"@type": "Organization", "name": "Reuters"}],
  "publisher": {"@type": "NewsMediaOrganization", "name": "Valley Courier"}}]}</script>"""


def _page(head: str, body: str) -> str:
    return f"<html><head><title>Floods close the valley road</title>{head}</head><body>{body}</body></html>"


ARTICLE = (f"<nav><a href='/us'>U.S.</a> <a href='/world'>World</a></nav>"
           f"<article><p>{STORY}</p><p>{STORY}</p></article>")


def test_a_page_opening_with_an_xml_declaration_gives_title_body_and_date(tmp_path: Path) -> None:
    (tmp_path / "x.xhtml").write_bytes(XHTML.encode("utf-8"))
    [raw] = read_paths([tmp_path / "x.xhtml"])
    article = clean_page(raw)
    assert article.title == "Floods close the valley road"
    assert "Heavy rain closed the only road" in article.body
    assert article.published == "2021-03-04"


def test_title_date_and_byline_are_kept_when_no_body_is_found() -> None:
    markup = _page("<meta property='article:published_time' content='2020-05-06'>"
                   "<meta name='author' content='By Jane Doe'>", "<nav><a href='/'>Home</a></nav>")
    found = clean_html(markup, "https://news.example.org/a")
    assert found["title"] == "Floods close the valley road"
    assert found["published"] == "2020-05-06"
    assert found["authors"] == ["Jane Doe"]


def test_a_page_with_no_stated_date_gets_none() -> None:
    assert clean_html(_page("", ARTICLE), "https://news.example.org/a")["published"] is None


def test_outlet_is_the_publishers_own_declaration_before_any_section_label() -> None:
    og = _page("<meta property='og:site_name' content='Valley Courier'>"
               "<meta property='article:section' content='U.S.'>", ARTICLE)
    assert clean_html(og, "https://www.valleycourier.com/us/floods")["outlet"] == "Valley Courier"
    assert clean_html(_page(JSON_LD, ARTICLE), "https://cdn.example.net/x")["outlet"] == "Valley Courier"
    assert clean_html(_page("", ARTICLE), "https://www.valleycourier.com/us/floods")["outlet"] == \
        "valleycourier.com"


def test_authors_are_the_bylines_and_the_agency_is_apart() -> None:
    found = clean_html(_page(JSON_LD, ARTICLE), "https://news.example.org/a")
    assert found["authors"] == ["Jane Doe", "John Roe"]
    assert found["agency"] == "Reuters"
    meta = clean_html(_page("<meta name='author' content='By Ann Lee and Bo Chan, AFP'>", ARTICLE))
    assert (meta["authors"], meta["agency"]) == (["Ann Lee", "Bo Chan"], "AFP")


def test_authors_reach_the_article() -> None:
    article = clean_page(RawPage(id="a", kind="html", source="a.html", content=_page(JSON_LD, ARTICLE),
                                 url="https://news.example.org/a"))
    assert article.authors == ["Jane Doe", "John Roe"] and article.agency == "Reuters"
    assert article.outlet == "Valley Courier"


def test_authors_and_agency_are_stored_and_read_back(tmp_path: Path) -> None:
    from functools import partial

    from newsdesk.executors import analyse_pages
    from newsdesk.store.engine import open_store
    from newsdesk.store.load import ingest
    from newsdesk.store.reader import documents

    engine = open_store(tmp_path / "news.db")
    page = RawPage(id="a", kind="html", source="a.html", content=_page(JSON_LD, ARTICLE),
                   url="https://news.example.org/a")
    report = ingest(engine, [page], analyse=partial(analyse_pages, upto="clean"))
    assert report.stored == 1 and report.ok
    with engine.connect() as conn:
        [stored] = list(documents(conn))
    assert stored["authors"] == ["Jane Doe", "John Roe"] and stored["agency"] == "Reuters"


def test_a_page_too_large_for_the_extractor_is_read_fast_with_its_metadata() -> None:
    import time

    from newsdesk.ingest.limits import MAX_HTML_ELEMENTS

    paragraphs = f"<div><p>{STORY}</p></div>" * (MAX_HTML_ELEMENTS // 2 + 10_000)
    markup = _page("<meta property='article:published_time' content='2022-01-02'>"
                   "<meta name='author' content='Jane Doe'>", paragraphs)
    started = time.monotonic()
    found = clean_html(markup, "https://news.example.org/big")
    assert time.monotonic() - started < 30
    assert found["title"] == "Floods close the valley road" and found["published"] == "2022-01-02"
    assert found["authors"] == ["Jane Doe"] and found["body"].startswith("Heavy rain closed the only road")


def test_an_encoding_declared_in_the_xml_declaration_is_used_as_browsers_do(tmp_path: Path) -> None:
    latin = XHTML.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    latin = latin.replace("Heavy rain", "\u201cHeavy\u201d rain in Z\u00fcrich")
    latin = latin.replace("officials said", "officials said \u2014")
    (tmp_path / "latin.xhtml").write_bytes(latin.encode("cp1252"))
    [raw] = read_paths([tmp_path / "latin.xhtml"])
    assert isinstance(raw, RawPage) and raw.encoding == "cp1252"
    assert "\u201cHeavy\u201d rain in Z\u00fcrich" in raw.content and "said \u2014" in raw.content


def test_a_section_label_is_never_the_outlet_of_a_text_scrape() -> None:
    from newsdesk.clean.lines import split_lines
    from newsdesk.clean.metadata import outlet_from_lines

    def outlet(footer: str) -> str | None:
        return outlet_from_lines(split_lines(f"Floods close the valley road\n\n{STORY}\n\n{footer}\n"))

    assert outlet("© 2021 Valley Courier. All rights reserved.") == "Valley Courier"
    assert outlet("© 2021 U.S. All rights reserved.") is None
    assert outlet("Copyright 2021 World | Politics") is None


def test_a_text_scrape_gives_its_byline_with_the_agency_apart() -> None:
    scrape = ("Skip to main content\nHome | World | Politics\nFloods close the valley road\n"
              "By Jane Doe and John Roe, Reuters\nMarch 4, 2021\n"
              f"{STORY}\n{STORY}\n\u00a9 2021 Valley Courier. All rights reserved.\n")
    article = clean_page(RawPage(id="x", kind="text", content=scrape, source="x.txt"))
    assert (article.authors, article.agency) == (["Jane Doe", "John Roe"], "Reuters")
    assert article.published == "2021-03-04" and article.outlet == "Valley Courier"
    by_monday = scrape.replace("By Jane Doe and John Roe, Reuters", "By Monday the water had gone")
    assert clean_page(RawPage(id="y", kind="text", content=by_monday, source="y.txt")).authors == []
