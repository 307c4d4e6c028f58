"""The web UI's app factory: one FastAPI app over one store.

``create_app()`` opens the store, mounts the pages, the JSON API under
``/api`` and the static files, and wraps everything in the guards of
:mod:`followthrough.web.security`. Tests build a fresh app per test on a
temporary database.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from followthrough import __version__, clock
from followthrough.app.core import open_database
from followthrough.debrief.reading import MAX_DEPTH
from followthrough.errors import BadInput, FollowthroughError, NotFound, Problem
from followthrough.web import auth, security
from followthrough.web.render import render, templates
from followthrough.web.routes import (
    account,
    api,
    dashboard,
    drafts,
    interviews,
    journal,
    login,
    outbox,
    profile,
    settings,
    team,
)

HERE = Path(__file__).parent
DEFAULT_HOSTS = security.LOOPBACK_NAMES


class _PinnedClock:
    """Every request sees the same ``now`` (tests and demos)."""

    def __init__(self, app: ASGIApp, now: datetime) -> None:
        self.app = app
        self.now = now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with clock.frozen(self.now):
            await self.app(scope, receive, send)


def create_app(db_url: str | None = None, *, now: datetime | None = None,
               allowed_hosts: Iterable[str] = DEFAULT_HOSTS, team_mode: bool = False) -> FastAPI:
    """A new app on the database at ``db_url`` (default: the user's own).

    ``now`` pins the clock for every request; ``allowed_hosts`` are the names
    the server answers to (loopback only unless the user allows more).
    ``team_mode`` signs users in and serves each their own view
    (:mod:`followthrough.web.auth`); otherwise it is the login-free local app.
    """
    from followthrough.app.types import TeamStore

    store = open_database(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.engine.dispose()

    app = FastAPI(
        title="followthrough", version=__version__, lifespan=lifespan,
        description="The local API of followthrough: interviews, plans, the agenda, "
                    "drafts and the etiquette checker. State-changing requests need "
                    "the X-CSRF-Token header shown in every page's csrf-token meta tag.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
        dependencies=[Depends(auth.gate), Depends(security.require_csrf)],
    )
    app.state.store = store
    app.state.team = team_mode
    app.state.team_store = TeamStore(store.engine)
    app.state.csrf_token = security.new_token()
    app.state.allowed_hosts = frozenset(security.host_name(h) for h in allowed_hosts)
    app.state.templates = templates()
    # drafts before interviews: its /actions/{id}/deliver must not be read as a mark
    for module in (dashboard, drafts, outbox, interviews, journal, profile, settings, login,
                   team):
        app.include_router(module.router, include_in_schema=False)
    if team_mode:  # each signed-in user's own mail account
        app.include_router(account.router, include_in_schema=False)
    app.include_router(team.api_router, include_in_schema=team_mode)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_error_handlers(app)
    if now is not None:
        if now.tzinfo is None or now.utcoffset() is None:
            raise BadInput([Problem("now", "the pinned time has no UTC offset")])
        app.add_middleware(_PinnedClock, now=now)
    app.add_middleware(security.GuardMiddleware, allowed_hosts=app.state.allowed_hosts)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(auth.NotSignedIn)
    async def _signed_out(request: Request, _error: auth.NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "sign in first"}, 401)
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)

    @app.exception_handler(auth.Forbidden)
    async def _forbidden(request: Request, error: auth.Forbidden) -> Response:
        if request.url.path == "/" and request.method == "GET":
            return RedirectResponse(error.home, status_code=303)
        return _error_response(request, 403, "This page is not available to your role.")

    @app.exception_handler(security.CsrfError)
    async def _csrf(request: Request, _error: security.CsrfError) -> Response:
        message = ("This form has expired or did not come from followthrough. "
                   "Reload the page and try again.")
        return _error_response(request, 403, message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> Response:
        return _error_response(request, 404, str(error))

    @app.exception_handler(BadInput)
    async def _bad_input(request: Request, error: BadInput) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "bad-input",
                                 "problems": [p.as_dict() for p in error.problems]}, 400)
        return _error_response(request, 400, str(error))

    @app.exception_handler(FollowthroughError)
    async def _failure(request: Request, error: FollowthroughError) -> Response:
        return _error_response(request, 500, str(error))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        message = str(error.detail)
        if error.status_code == 400 and message == _UNPARSED_BODY:
            message = (f"body: not valid JSON, nested deeper than {MAX_DEPTH} levels, or "
                       "holding a number of thousands of digits")
        return _error_response(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "bad-request",
                                 "detail": _plain(error.errors())}, 422)
        return _error_response(request, 422, "Some of the information sent was not valid: "
                               + "; ".join(_field_errors(error.errors())) + ".")

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, _error: RecursionError) -> Response:
        return _error_response(request, 400, "body: lists and tables nest too deeply "
                                             f"(at most {MAX_DEPTH} levels)")


_UNPARSED_BODY = "There was an error parsing the body"
"""FastAPI's words for a JSON body it could not read."""


def _field_errors(errors: Iterable[Any]) -> list[str]:
    """``field: what is wrong`` for each validation error, in the user's words."""
    found = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "the request"
        found.append(f"{where}: {str(error.get('msg', 'not valid')).lower()}")
    return found


def _plain(errors: object) -> object:
    """Validation errors as JSON-safe data (the input may hold anything: an
    infinite or NaN number, which JSON cannot carry, is written out in words)."""
    if isinstance(errors, list | tuple):
        return [_plain(item) for item in errors]
    if isinstance(errors, dict):
        return {str(k): _plain(v) for k, v in errors.items() if k != "ctx"}
    if isinstance(errors, float) and not math.isfinite(errors):
        return str(errors)
    if errors is None or isinstance(errors, str | int | float | bool):
        return errors
    return str(errors)


def _error_response(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)
