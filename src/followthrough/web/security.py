"""What keeps a local app holding personal notes safe in a browser.

* **Host check** (DNS rebinding): a page on another site can make the browser
  resolve its own name to 127.0.0.1; the request then carries that foreign
  name in ``Host``. Only the server's own names are answered; others get 421.
* **CSRF**: every request that is not GET/HEAD/OPTIONS must carry the
  server's token, in the form field ``csrf_token`` or the ``X-CSRF-Token``
  header. The token is random per server process and only readable from our
  own pages (the Host check and the same-origin policy keep other sites out).
  A foreign ``Origin`` header is refused too.
* **Headers**: a Content-Security-Policy without inline script, no framing,
  no referrer, and ``Cache-Control: no-store`` on everything but our static
  files, so notes do not linger in the browser's cache.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class CsrfError(Exception):
    """A state-changing request without the right token (answered with 403)."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def host_name(value: str) -> str:
    """``Host`` header value without its port, lower case, IPv6 brackets removed."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


class GuardMiddleware:
    """Reject foreign Host headers; add the security headers to every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(name) for name in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if host is None or host_name(host) not in self.allowed:
            response = PlainTextResponse(
                "This address is not the followthrough server's own name, so the request "
                "was refused (protection against DNS rebinding). Open http://127.0.0.1 "
                "with the port shown when the server started.", status_code=421)
            await response(scope, receive, send)
            return
        if _has_nul(scope):
            response = PlainTextResponse(
                "The address holds a NUL character (%00), which nothing here accepts.",
                status_code=400)
            await response(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"cache-control" or static]
                headers.extend(HEADERS)
                headers.append((b"cache-control",
                                b"no-cache" if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _has_nul(scope: Scope) -> bool:
    """A NUL character in the path or the query: no stored value can hold one
    (PostgreSQL refuses it), so the request is bad input, not a server error."""
    query: bytes = scope.get("query_string", b"")
    return "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def require_csrf(request: Request) -> None:
    """App-wide dependency: state-changing requests need the token and our Origin."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null":
        allowed: frozenset[str] = request.app.state.allowed_hosts
        if host_name(urlsplit(origin).netloc) not in allowed:
            raise CsrfError("foreign origin")
    session = getattr(request.state, "session", None)
    if request.app.state.team and (session is None or request.url.path == "/login"):
        # the sign-in form: no session (yet) to hold a token; a cross-site post
        # is still refused by its Origin or Fetch-Metadata
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise CsrfError("cross-site sign-in")
        return
    expected: str = session.csrf_token if session is not None else request.app.state.csrf_token
    given = request.headers.get(CSRF_HEADER)
    if given is None and _is_form(request):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfError("missing or wrong token")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
