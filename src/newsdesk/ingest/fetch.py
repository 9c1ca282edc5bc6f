"""Polite, bounded, SSRF-safe fetching of web pages.

Polite: robots.txt is obeyed (with its Crawl-delay), one host is asked at most once per
interval, failures are retried with exponential back-off, and a page fetched before is
asked for conditionally (ETag / Last-Modified) so an unchanged page costs a 304.
Bounded: every page has a size and a time limit. Safe: connections go only to public
addresses checked after DNS resolution, on every redirect hop (see ``addresses``).
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit

import httpx

from ..model import InputError, RawPage
from .addresses import RefusedAddress, VettedTransport, literal_address, refusal, why_blocked
from .decode import DecodeError
from .fetch_state import FetchState, default_path
from .http_payload import MAX_PAGE_BYTES, html_page, is_html
from .shown import shown

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
#: Longest wait newsdesk accepts from a server's Retry-After or Crawl-delay, in seconds.
MAX_WAIT = 60.0


class FetchError(Exception):
    """A URL that could not be fetched; the message says why in one line."""


class RefusedFetch(FetchError):
    """A URL whose host is not a public address: never retried, never worked around."""


@dataclass
class FetchPolicy:
    user_agent: str = f"newsdesk/{version('newsdesk')} (news research; +https://github.com/newsdesk/newsdesk)"
    max_bytes: int = MAX_PAGE_BYTES
    timeout: float = 30.0  # whole page, seconds
    per_host_interval: float = 1.0
    retries: int = 3
    backoff: float = 1.0
    max_redirects: int = 5
    obey_robots: bool = True
    #: Only for tests and an operator's own intranet: lets connections reach non-public addresses.
    allow_private: bool = False


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    state: FetchState = field(default_factory=lambda: FetchState(default_path()))
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._client = httpx.Client(transport=VettedTransport(self.policy.allow_private), trust_env=False,
                                    follow_redirects=False, timeout=httpx.Timeout(self.policy.timeout),
                                    headers={"User-Agent": self.policy.user_agent})
        self._last: dict[str, float] = {}
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser, float]] = {}
        #: Why an origin's robots.txt could not be read (the reason a page there is not fetched).
        self._robots_unread: dict[str, str] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        self.state.save()

    def get(self, url: str, conditional: bool = True) -> Response:
        """GET ``url`` following redirects; raises :class:`FetchError` with the reason."""
        for _ in range(self.policy.max_redirects + 1):
            _check_url(url, self.policy.allow_private)
            self._check_robots(url)
            headers = self.state.conditional_headers(url) if conditional else {}
            response = self._with_retries(url, headers)
            if response.status in REDIRECT_STATUSES and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            if conditional and response.status == 200:
                self.state.remember(url, response.headers.get("etag"), response.headers.get("last-modified"))
            return response
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def page(self, url: str, **meta: str | None) -> RawPage | InputError | None:
        """The HTML page at ``url``; None when unchanged since the last read."""
        try:
            response = self.get(url)
        except FetchError as error:
            return InputError(shown(url), shown(str(error)))
        if response.not_modified:
            return None
        if response.status != 200:
            return InputError(shown(url), f"HTTP {response.status}")
        content_type = response.headers.get("content-type")
        if not is_html(content_type, response.content):
            return InputError(shown(url), f"not an HTML page ({shown(content_type or 'no content type')}); "
                              "skipped")
        try:
            return html_page(response.url, response.content, content_type, source=url, **meta)
        except DecodeError as error:
            return InputError(shown(url), shown(str(error)))

    # -- politeness -------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        _, delay = self._robots.get(_origin(url), (None, 0.0))
        interval = max(self.policy.per_host_interval, delay)
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _check_robots(self, url: str) -> None:
        if not self.policy.obey_robots:
            return
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        parser, _ = self._robots[origin]
        unread = self._robots_unread.get(origin)
        if unread:
            raise FetchError(f"robots.txt could not be read ({unread}), so nothing there is fetched "
                             "(RFC 9309)")
        if not parser.can_fetch(self.policy.user_agent, url):
            raise FetchError("disallowed by robots.txt")

    def _read_robots(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, float]:
        """RFC 9309: a missing robots.txt (4xx) allows all; an unreachable one (5xx) allows none.

        ``allow_all`` and ``disallow_all`` are the parser's own flags (set in its ``__init__``),
        which typeshed does not declare.
        """
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._with_retries(robots_url, {}, retries=1)
        except RefusedFetch:
            raise
        except FetchError as error:
            parser.disallow_all = True  # type: ignore[attr-defined]
            self._robots_unread[origin] = str(error)
            return parser, 0.0
        if 400 <= response.status < 500:
            parser.allow_all = True  # type: ignore[attr-defined]
        elif response.status != 200:
            parser.disallow_all = True  # type: ignore[attr-defined]
            self._robots_unread[origin] = f"HTTP {response.status}"
        else:
            parser.parse(response.content.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.policy.user_agent)
        return parser, min(float(delay), MAX_WAIT) if delay else 0.0

    def _with_retries(self, url: str, headers: dict[str, str], retries: int | None = None) -> Response:
        attempts = (self.policy.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            self._wait_turn(url)
            try:
                response = self._bounded_get(url, headers)
            except httpx.TransportError as error:
                if attempt + 1 == attempts:
                    raise FetchError(f"{type(error).__name__}: {error}") from error
                self.sleep(self.policy.backoff * 2 ** attempt)
                continue
            if response.status in RETRY_STATUSES and attempt + 1 < attempts:
                self.sleep(_retry_after(response.headers) or self.policy.backoff * 2 ** attempt)
                continue
            return response
        raise AssertionError("unreachable")

    def _bounded_get(self, url: str, headers: dict[str, str]) -> Response:
        deadline = self.clock() + self.policy.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(f"larger than {self.policy.max_bytes} bytes ({declared} declared)")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise FetchError(f"larger than {self.policy.max_bytes} bytes")
                    if self.clock() > deadline:
                        raise FetchError(f"took longer than {self.policy.timeout:g} s")
                    chunks.append(chunk)
                return Response(str(r.url), r.status_code, r.headers, b"".join(chunks))
        except RefusedAddress as error:
            raise RefusedFetch(str(error)) from error
        except httpx.InvalidURL as error:
            raise FetchError(f"invalid URL: {error}") from error


def fetch_pages(urls: Iterable[str], fetcher: Fetcher) -> Iterator[RawPage | InputError]:
    """Each URL's page; an unchanged page (HTTP 304) is left out, a failure is one error."""
    for url in urls:
        page = fetcher.page(url)
        if page is not None:
            yield page


def is_url(item: str) -> bool:
    return urlsplit(item).scheme.lower() in ("http", "https")


def _check_url(url: str, allow_private: bool = False) -> None:
    """Scheme and host checks that need no network; a literal non-public address is refused here."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise FetchError(f"invalid URL: {error}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a relative URL'!r}")
    if not host:
        raise FetchError("URL without a host")
    address = literal_address(host)
    if address is not None and not allow_private and (kind := why_blocked(address)):
        raise RefusedFetch(refusal(host, address, kind))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "")
    return min(float(value), MAX_WAIT) if value.isdigit() else None
