"""Fixtures for the source tests: a web server on loopback (see ``scale_site``)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from scale_site import Site, serve

#: The name the test site is reached by; resolved to loopback for the test's duration.
SITE_NAME = "news.example.com"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A site on 127.0.0.1 known as ``news.example.com`` (a real crawl sees names, not IPs)."""
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host == SITE_NAME else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    site, server = serve()
    site.name = SITE_NAME
    yield site
    server.shutdown()
    server.server_close()
