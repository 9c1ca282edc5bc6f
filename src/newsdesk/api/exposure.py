"""Who may talk to the server: known Host names only, and a bearer token when one is set.

The Host check stops DNS rebinding (a page on another site whose name is made to resolve
to 127.0.0.1 would otherwise read the store through the visitor's browser). The token is
required on every request once set; the UI gets it once through a small login form, which
sets a cookie holding an HMAC of the token (the token itself never sits in the browser).
The stylesheet and the login form are the only things served without it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from .errors import answer

#: Host names a loopback server answers to without being told.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
COOKIE = "newsdesk_session"
OPEN_PATHS = ("/login", "/static/")
MAX_FORM = 4096


def is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name of a Host header without its port (``[::1]:8000`` is ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass
class Exposure:
    """The rules a server runs under: the Host names it answers to and its token (if any)."""

    allowed_hosts: set[str] = field(default_factory=lambda: set(LOOPBACK_NAMES))
    token: str | None = None

    @classmethod
    def for_address(cls, bind: str, token: str | None = None, extra_hosts: Iterable[str] = ()) -> Exposure:
        """The loopback names, the address bound to (unless a wildcard) and the names added."""
        hosts = set(LOOPBACK_NAMES) | {host_name(h) for h in extra_hosts if h.strip()}
        if bind not in ("0.0.0.0", "::", ""):
            hosts.add(host_name(bind) if not bind.startswith("[") else bind.strip("[]"))
        return cls(allowed_hosts=hosts, token=token or None)

    def cookie_value(self) -> str:
        assert self.token is not None
        return hmac.new(self.token.encode(), b"newsdesk ui session", hashlib.sha256).hexdigest()

    def authorised(self, request: Request) -> bool:
        if self.token is None:
            return True
        given = request.headers.get("authorization", "")
        if given[:7].lower() == "bearer " and hmac.compare_digest(
            given[7:].strip().encode(), self.token.encode()
        ):
            return True
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie.encode(), self.cookie_value().encode())


def exposure_ui(request: Request):
    """The front end the app was built with (``api.app.UI``), or None for the JSON API alone."""
    return getattr(request.app.state, "ui", None)


def install(app: FastAPI, exposure: Exposure) -> None:
    app.state.exposure = exposure

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = host_name(request.headers.get("host", ""))
        if host not in exposure.allowed_hosts:
            return answer(
                request, 400, "unknown Host header; start the server with --allow-host NAME to allow a name"
            )
        path = request.url.path
        if exposure.authorised(request) or path.startswith(OPEN_PATHS):
            return await call_next(request)
        if (ui := exposure_ui(request)) is not None and (path.startswith("/ui") or path == "/"):
            return ui.login_page(request, 401, next_path=path)
        return answer(
            request,
            401,
            "a bearer token is required: send 'Authorization: Bearer TOKEN'",
            {"WWW-Authenticate": "Bearer"},
        )

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        body = (await request.body())[:MAX_FORM].decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(body).items()}
        target = form.get("next", "/ui/")
        target = target if target.startswith("/ui") and "//" not in target else "/ui/"
        if exposure.token is None or not hmac.compare_digest(
            form.get("token", "").encode(), exposure.token.encode()
        ):
            if (ui := exposure_ui(request)) is None:
                return answer(request, 401, "wrong token")
            return ui.login_page(request, 401, next_path=target, failed=True)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            COOKIE,
            exposure.cookie_value(),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @app.get("/login", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        if (ui := exposure_ui(request)) is None:
            return answer(request, 404, "no login page: this server has no UI")
        return ui.login_page(request, 200, next_path=request.query_params.get("next", "/ui/")[:200])
