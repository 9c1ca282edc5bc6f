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


#: NAT64 (RFC 6052): the IPv4 address is the last 32 bits; reached as that IPv4 address is.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: Local-use NAT64 (RFC 8215): translates into a private network by design.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
#: IPv4-compatible (deprecated, RFC 4291) and IPv4-translated (RFC 2765) addresses.
_V4_COMPATIBLE = ipaddress.ip_network("::/96")
_V4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _why_v6(ip: ipaddress.IPv6Address) -> str | None:
    """Transition and deprecated IPv6 forms, each judged by the IPv4 address it carries.

    A transition address (6to4, NAT64, IPv4-translated) reaches the IPv4 host it embeds, so
    it is as public as that host; Teredo hides its client address and IPv4-compatible and
    site-local addresses are deprecated: those are refused whatever they hold.
    """
    if ip.sixtofour is not None and (inner := why_blocked(str(ip.sixtofour))):
        return f"6to4 (embedding {inner} {ip.sixtofour})"
    if ip.teredo is not None:
        return "Teredo tunnel"
    if ip in _NAT64_LOCAL:
        return "local-use NAT64"
    if ip.is_site_local:
        return "site-local (deprecated)"
    if ip in _V4_COMPATIBLE and int(ip) > 1:
        return f"IPv4-compatible (deprecated, embedding {_embedded(ip)})"
    if ip in _NAT64 or ip in _V4_TRANSLATED:
        inner = why_blocked(str(_embedded(ip)))
        form = "NAT64" if ip in _NAT64 else "IPv4-translated"
        return f"{form} (embedding {inner} {_embedded(ip)})" if inner else None
    return None


def why_blocked(address: str) -> str | None:
    """The kind of non-public address this is, or None when it is public.

    Checked on the resolved address, in every IPv6 form that can carry an IPv4 address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64 or ip in _V4_TRANSLATED or ip.sixtofour is not None or ip.teredo is not None \
                or ip.is_site_local or ip in _NAT64_LOCAL or (ip in _V4_COMPATIBLE and int(ip) > 1):
            return _why_v6(ip)
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


def literal_address(host: str) -> str | None:
    """The IP address a host names literally, in any form a resolver accepts, else None.

    ``0177.0.0.1``, ``0x7f.1``, ``2130706433`` and ``127.0.0.1.`` all name 127.0.0.1
    (inet_aton's octal, hex and short forms, and a trailing dot): each is refused for what
    it is, before robots.txt or DNS are asked.
    """
    name = host.strip("[]").rstrip(".")
    try:
        return str(ipaddress.ip_address(name.split("%", 1)[0]))
    except ValueError:
        pass
    if not name or not all(part.isalnum() for part in name.split(".")) or not name[0].isdigit():
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(name))
    except OSError:
        return None


def refusal(host: str, address: str, kind: str) -> str:
    return (f"refused: {host} resolves to {address}, a {kind} address "
            "(newsdesk never fetches from private, loopback, link-local or reserved addresses)")


def vetted_addresses(host: str, port: int, allow_private: bool = False) -> list[str]:
    """The addresses of ``host`` that may be contacted; refused if ANY of them is not public."""
    literal = literal_address(host)
    if literal is not None:
        host_to_resolve = literal
    else:
        host_to_resolve = host
    try:
        infos = socket.getaddrinfo(host_to_resolve, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            kind = why_blocked(address)
            if kind:
                raise RefusedAddress(refusal(host, address, kind))
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
