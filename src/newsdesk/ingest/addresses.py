"""Which network addresses newsdesk may connect to: public ones only.

The check runs AFTER DNS resolution and the connection goes to the address that was
checked, so neither a crafted hostname, a redirect to one, nor a DNS answer that changes
between check and use (rebinding) can reach a loopback, private, link-local or reserved
service. It sits in httpcore's network backend, which every connection (and so every
redirect hop) passes through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx


class RefusedAddress(Exception):
    """A host that resolves to an address newsdesk never contacts."""


def why_blocked(address: str) -> str | None:
    """The kind of non-public address this is, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


def vetted_addresses(host: str, port: int, allow_private: bool = False) -> list[str]:
    """The addresses of ``host`` that may be contacted; refused if ANY of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            kind = why_blocked(address)
            if kind:
                raise RefusedAddress(
                    f"refused: {host} resolves to {address}, a {kind} address "
                    "(newsdesk never fetches from private, loopback, link-local or reserved addresses)")
    return addresses


class _VettingBackend(httpcore.SyncBackend):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[tuple] | None = None) -> httpcore.NetworkStream:
        # TLS is negotiated afterwards by httpcore with the original hostname (SNI and
        # certificate checks stay on the name); only the TCP connection uses the vetted IP.
        error: Exception | None = None
        for address in vetted_addresses(host, port, self.allow_private):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed  # e.g. an IPv6 address without a route: try the next one
        raise error or httpcore.ConnectError(f"no address for {host}")


class VettedTransport(httpx.HTTPTransport):
    """httpx's transport with its pool connecting only to vetted addresses, never via a proxy."""

    def __init__(self, allow_private: bool = False) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             max_connections=10, keepalive_expiry=5.0,
                                             network_backend=_VettingBackend(allow_private))
