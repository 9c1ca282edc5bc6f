"""Feeds and sitemaps: entries fetched once, malformed entries reported, the rest kept."""

from __future__ import annotations

from pathlib import Path

from scale_site import Route, Site, html
from test_fetch import fetcher

from newsdesk.ingest.feeds import read_feed
from newsdesk.model import InputError, RawPage

PAGE = {"Content-Type": "text/html; charset=utf-8"}


def rss(site: Site, items: list[str]) -> bytes:
    entries = "".join(items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>'
            f"<link>{site.url('/')}</link>{entries}</channel></rss>").encode()


def item(title: str, link: str | None, date: str = "Tue, 03 Mar 2020 09:00:00 GMT") -> str:
    link_tag = f"<link>{link}</link>" if link is not None else ""
    return f"<item><title>{title}</title>{link_tag}<pubDate>{date}</pubDate></item>"


def split(items: list) -> tuple[list[RawPage], list[InputError]]:
    return [i for i in items if isinstance(i, RawPage)], [i for i in items if isinstance(i, InputError)]


def test_rss_entries_fetched_and_malformed_entry_reported(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Route(html("Dam opens", "The new dam opened on Monday."), headers=PAGE)
    site.routes["/b"] = Route(html("Mayor resigns", "The mayor resigned on Tuesday."), headers=PAGE)
    site.routes["/feed.xml"] = Route(rss(site, [item("Dam opens", site.url("/a")), item("No link here", None),
                                                item("Mayor resigns", "/b")]),
                                     headers={"Content-Type": "application/rss+xml"})
    with fetcher(tmp_path) as f:
        pages, errors = split(list(read_feed(site.url("/feed.xml"), f)))
    assert [p.url for p in pages] == [site.url("/a"), site.url("/b")]  # relative link resolved
    assert pages[0].title == "Dam opens" and pages[0].outlet == "Valley Courier"
    assert pages[0].published == "2020-03-03"
    assert len(errors) == 1 and "feed entry 2" in errors[0].message and "No link here" in errors[0].message


def test_broken_xml_entry_is_reported_and_others_kept(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Route(html("A", "first"), headers=PAGE)
    site.routes["/c"] = Route(html("C", "third"), headers=PAGE)
    body = rss(site, [item("A", site.url("/a")), item("Fish & chips <b>unclosed", "javascript:alert(1)"),
                      item("C", site.url("/c"))])
    site.routes["/feed.xml"] = Route(body, headers={"Content-Type": "application/rss+xml"})
    with fetcher(tmp_path) as f:
        pages, errors = split(list(read_feed(site.url("/feed.xml"), f)))
    assert [p.url for p in pages] == [site.url("/a"), site.url("/c")]
    messages = " | ".join(e.message for e in errors)
    assert "not well-formed" in messages and "not an http(s) URL" in messages


def test_re_reading_a_feed_fetches_only_what_is_new(site: Site, tmp_path: Path) -> None:
    site.routes["/1"] = Route(html("One", "first story"), headers=PAGE)
    site.routes["/2"] = Route(html("Two", "second story"), headers=PAGE)
    feed = site.url("/feed.xml")
    site.routes["/feed.xml"] = Route(rss(site, [item("One", site.url("/1"))]),
                                     headers={"Content-Type": "application/rss+xml", "ETag": '"f1"'})
    with fetcher(tmp_path) as f:
        assert len(split(list(read_feed(feed, f)))[0]) == 1
    with fetcher(tmp_path) as f:  # unchanged feed: a 304, nothing else asked for
        assert list(read_feed(feed, f)) == []
    assert site.paths().count("/1") == 1
    site.routes["/feed.xml"] = Route(rss(site, [item("Two", site.url("/2")), item("One", site.url("/1"))]),
                                     headers={"Content-Type": "application/rss+xml", "ETag": '"f2"'})
    with fetcher(tmp_path) as f:
        pages, _ = split(list(read_feed(feed, f)))
    assert [p.title for p in pages] == ["Two"]
    assert site.paths().count("/1") == 1 and site.paths().count("/2") == 1


def test_atom_feed(site: Site, tmp_path: Path) -> None:
    site.routes["/x"] = Route(html("X", "atom story"), headers=PAGE)
    atom = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Atom Times</title><entry><title>X</title><link href=\"{site.url('/x')}\"/>"
            f"<updated>2021-05-06T10:00:00Z</updated><id>x</id></entry></feed>").encode()
    site.routes["/atom"] = Route(atom, headers={"Content-Type": "application/atom+xml"})
    with fetcher(tmp_path) as f:
        pages, errors = split(list(read_feed(site.url("/atom"), f)))
    assert errors == [] and [p.title for p in pages] == ["X"] and pages[0].published == "2021-05-06"


def test_sitemap_and_nested_sitemap(site: Site, tmp_path: Path) -> None:
    for n in range(3):
        site.routes[f"/news/{n}"] = Route(html(f"N{n}", f"story {n}"), headers=PAGE)
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    site.routes["/sitemap-news.xml"] = Route(
        f'<?xml version="1.0"?><urlset {ns}><url><loc>{site.url("/news/1")}</loc></url>'
        f'<url><loc>{site.url("/news/2")}</loc></url></urlset>'.encode(),
        headers={"Content-Type": "text/xml"})
    site.routes["/sitemap.xml"] = Route(
        f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>{site.url("/sitemap-news.xml")}</loc>'
        f"</sitemap></sitemapindex>".encode(), headers={"Content-Type": "text/xml"})
    with fetcher(tmp_path) as f:
        pages, errors = split(list(read_feed(site.url("/sitemap.xml"), f)))
    assert errors == []
    assert sorted(p.url for p in pages) == [site.url("/news/1"), site.url("/news/2")]


def test_not_a_feed(site: Site, tmp_path: Path) -> None:
    site.routes["/page"] = Route(html("Just a page", "nothing to follow"), headers=PAGE)
    with fetcher(tmp_path) as f:
        pages, errors = split(list(read_feed(site.url("/page"), f)))
    assert pages == [] and len(errors) == 1 and "neither an RSS/Atom feed nor a sitemap" in errors[0].message
