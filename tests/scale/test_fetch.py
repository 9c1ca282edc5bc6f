"""Fetching: refusal of non-public addresses, robots.txt, back-off, bounds, conditional GETs."""

from __future__ import annotations

from pathlib import Path

import pytest
from scale_site import Route, Site, html, serve

from newsdesk.ingest import addresses
from newsdesk.ingest.fetch import Fetcher, FetchPolicy
from newsdesk.ingest.fetch_state import FetchState
from newsdesk.model import InputError, RawPage


class FakeTime:
    """A clock that moves only when slept on, so politeness is checked without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetcher(tmp_path: Path, fake: FakeTime | None = None, **policy: object) -> Fetcher:
    """A fetcher that may reach loopback (for these tests only) unless told otherwise."""
    fake = fake or FakeTime()
    policy.setdefault("allow_private", True)
    policy.setdefault("per_host_interval", 0.0)
    return Fetcher(policy=FetchPolicy(**policy), state=FetchState(tmp_path / "state.json"),
                   sleep=fake.sleep, clock=fake.clock)


@pytest.mark.parametrize("address, kind", [("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
                                           ("192.168.0.7", "private"), ("169.254.169.254", "link-local"),
                                           ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
                                           ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
                                           ("100.64.0.1", "non-global")])
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert addresses.why_blocked(address) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5"])
def test_public_addresses_pass(address: str) -> None:
    assert addresses.why_blocked(address) is None


def test_loopback_url_is_refused_with_a_clear_message(site: Site, tmp_path: Path) -> None:
    site.routes["/story"] = Route(html("Secret", "internal only"), headers={"Content-Type": "text/html"})
    with fetcher(tmp_path, allow_private=False) as f:
        result = f.page(site.url("/story", host="localhost"))
    assert isinstance(result, InputError)
    assert "localhost resolves to" in result.message and "loopback" in result.message
    assert "never fetches" in result.message
    assert site.log == []  # not even robots.txt was asked for


def test_hostname_is_checked_after_dns_resolution(site: Site, tmp_path: Path) -> None:
    """A public-looking name whose DNS answer is loopback is refused, not trusted by its name."""
    site.routes["/a"] = Route(html("A", "text"), headers={"Content-Type": "text/html"})
    with fetcher(tmp_path, allow_private=False) as f:
        result = f.page(site.url("/a"))
    assert isinstance(result, InputError) and "news.example.com resolves to 127.0.0.1" in result.message
    assert site.log == []


def test_redirect_hop_to_a_private_address_is_refused(site: Site, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 plays a public server here; its redirect to 127.0.0.2 (still loopback) is refused."""
    inner, inner_server = serve("127.0.0.2")
    try:
        inner.routes["/admin"] = Route(html("Admin", "secrets"), headers={"Content-Type": "text/html"})
        site.routes["/go"] = Route(status=302, headers={"Location": inner.url("/admin")})
        real = addresses.why_blocked
        monkeypatch.setattr(addresses, "why_blocked", lambda a: None if a == "127.0.0.1" else real(a))
        with fetcher(tmp_path, allow_private=False) as f:
            result = f.page(site.url("/go"))
        assert isinstance(result, InputError) and "127.0.0.2" in result.message
        assert "loopback" in result.message
        assert "/go" in site.paths() and inner.log == []
    finally:
        inner_server.shutdown()
        inner_server.server_close()


def test_page_with_redirect_is_fetched_and_decoded(site: Site, tmp_path: Path) -> None:
    body = html("Élection à Québec", "Les électeurs ont voté.").decode().encode("latin-1")
    site.routes["/new"] = Route(body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    with fetcher(tmp_path) as f:
        page = f.page(site.url("/old"))
    assert isinstance(page, RawPage) and page.kind == "html"
    assert page.url == site.url("/new") and "Élection à Québec" in page.content


def test_robots_txt_is_obeyed(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/x"] = Route(html("X", "no"), headers={"Content-Type": "text/html"})
    site.routes["/public"] = Route(html("P", "yes"), headers={"Content-Type": "text/html"})
    with fetcher(tmp_path) as f:
        blocked = f.page(site.url("/private/x"))
        allowed = f.page(site.url("/public"))
    assert isinstance(blocked, InputError) and "robots.txt" in blocked.message
    assert isinstance(allowed, RawPage)
    assert "/private/x" not in site.paths() and site.paths().count("/robots.txt") == 1


def test_server_errors_are_retried_with_back_off(site: Site, tmp_path: Path) -> None:
    site.routes["/flaky"] = Route(html("F", "finally"), headers={"Content-Type": "text/html"}, fail_first=2)
    fake = FakeTime()
    with fetcher(tmp_path, fake, backoff=0.5) as f:
        page = f.page(site.url("/flaky"))
    assert isinstance(page, RawPage)
    assert site.paths().count("/flaky") == 3
    assert fake.sleeps == [0.5, 1.0]


def test_each_host_is_asked_at_most_once_per_interval(site: Site, tmp_path: Path) -> None:
    for n in range(3):
        site.routes[f"/{n}"] = Route(html(str(n), "x"), headers={"Content-Type": "text/html"})
    fake = FakeTime()
    with fetcher(tmp_path, fake, per_host_interval=2.0) as f:
        for n in range(3):
            assert isinstance(f.page(site.url(f"/{n}")), RawPage)
    # robots.txt, then three pages: each after a 2 s pause
    assert fake.sleeps == [2.0, 2.0, 2.0]


def test_size_bound(site: Site, tmp_path: Path) -> None:
    site.routes["/huge"] = Route(html("Huge", "word " * 5000), headers={"Content-Type": "text/html"})
    with fetcher(tmp_path, max_bytes=10_000) as f:
        result = f.page(site.url("/huge"))
    assert isinstance(result, InputError) and "larger than 10000 bytes" in result.message


def test_non_html_is_skipped_with_its_type(site: Site, tmp_path: Path) -> None:
    site.routes["/doc.pdf"] = Route(b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})
    with fetcher(tmp_path) as f:
        result = f.page(site.url("/doc.pdf"))
    assert isinstance(result, InputError) and "application/pdf" in result.message


def test_unchanged_page_is_not_fetched_again(site: Site, tmp_path: Path) -> None:
    site.routes["/s"] = Route(html("S", "once"), headers={"Content-Type": "text/html", "ETag": '"v1"'})
    with fetcher(tmp_path) as f:
        assert isinstance(f.page(site.url("/s")), RawPage)
    with fetcher(tmp_path) as f:  # a new run reads the saved state
        assert f.page(site.url("/s")) is None
    assert site.log[-1][1].get("If-None-Match") == '"v1"'
    site.routes["/s"] = Route(html("S", "twice"), headers={"Content-Type": "text/html", "ETag": '"v2"'})
    with fetcher(tmp_path) as f:
        page = f.page(site.url("/s"))
    assert isinstance(page, RawPage) and "twice" in page.content


def test_only_http_urls(tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        result = f.page("file:///etc/passwd")
    assert isinstance(result, InputError) and "only http and https" in result.message
