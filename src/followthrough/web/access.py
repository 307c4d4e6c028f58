"""The access token of a local server opened to other computers
(``followthrough serve --allow-remote --access-token``).

Without team mode there is no sign-in, so anyone who can reach the server
would read every note. The token, printed once at start-up, is the key: the
printed address carries it as ``?token=``; the first request that brings it
gets a cookie holding it (and is sent on to the same address without it, so
the token does not stay in the address bar or the history), and API clients
may send ``Authorization: Bearer TOKEN``. Every other request gets 401.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qsl, urlencode

from fastapi.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "followthrough_access"
PARAMETER = "token"


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


class AccessTokenMiddleware:
    """Answer only requests that carry the server's access token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self._granted(_cookie(scope)) or self._granted(_bearer(scope)):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        given = dict(query).get(PARAMETER)
        if self._granted(given):
            rest = urlencode([(key, value) for key, value in query if key != PARAMETER])
            response = RedirectResponse(scope.get("path", "/") + (f"?{rest}" if rest else ""),
                                        status_code=303)
            response.set_cookie(COOKIE, given or "", httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        await PlainTextResponse(
            "This followthrough server needs its access token: open the address that "
            "`followthrough serve` printed when it started (it ends in ?token=...).",
            status_code=401)(scope, receive, send)

    def _granted(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest((given or "").encode(), self.token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except CookieError:
        return None
    found = jar.get(COOKIE)
    return found.value if found is not None else None


def _bearer(scope: Scope) -> str | None:
    raw = _header(scope, b"authorization") or ""
    scheme, _, value = raw.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None
