"""Every route of both apps over HTTP with a valid session and token (issue 18,
acceptance 4): each request is answered by the route it was meant for (a route
registered earlier with a looser pattern cannot shadow it, as the done/skip
route once shadowed /actions/{id}/deliver), and none answers 500. A 4xx then
comes from the route's own checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from followthrough.web.security import SAFE_METHODS
from tests.web.test_security import _api_routes
from tests.web.test_send_now import AFTER, NOTE, started
from tests.web.test_team import USERS, World, build_world, signed_in


class RouteSpy:
    """Records, for each request, the route that answered it and the status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[tuple[str, str | None, int]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        status: list[int] = []

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, receive, sending)
        if scope["type"] == "http":
            route = scope.get("route")
            self.seen.append((scope["path"], getattr(route, "path", None),
                              status[0] if status else 0))


def spied(app: FastAPI) -> RouteSpy:
    spy = RouteSpy(app.middleware_stack or app.build_middleware_stack())
    app.middleware_stack = spy  # type: ignore[assignment]
    return spy


def requests(app: FastAPI, values: dict[str, str]) -> Iterator[tuple[str, str, APIRoute]]:
    """Each route and method with its path filled in, writers after readers and
    the deletion last (so every other route still finds the interview)."""
    found = [(method, route) for route in _api_routes(app.routes)
             for method in sorted((route.methods or set()) - {"HEAD"})]
    found.sort(key=lambda item: (item[0] not in SAFE_METHODS, "delete" in item[1].path,
                                 "logout" in item[1].path))
    for method, route in found:
        path = route.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", value)
        yield method, path, route


def drive(client: TestClient, spy: RouteSpy, token: str, method: str, path: str
          ) -> tuple[str | None, int]:
    client.request(method, path, headers={"X-CSRF-Token": token},
                   data={"csrf_token": token} if method not in SAFE_METHODS else None)
    _path, route, status = spy.seen[-1]
    return route, status


def test_every_route_of_the_local_app_answers_for_itself(tmp_path: Path) -> None:
    app, client, token = started(tmp_path, AFTER)
    spy = spied(app)
    values = {"interview_id": "1", "action_id": f"1.{NOTE}", "mark": "done"}
    wrong = []
    for method, path, route in requests(app, values):
        answered_by, status = drive(client, spy, token, method, path)
        if answered_by != route.path or status >= 500:
            wrong.append((method, path, answered_by, status))
    assert wrong == []
    assert len(spy.seen) >= 40


@pytest.fixture
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    built = build_world(db_url, tmp_path, monkeypatch)
    yield built
    built.app.state.store.engine.dispose()


def test_every_route_of_the_team_app_answers_for_itself_for_every_role(world: World) -> None:
    spy = spied(world.app)
    interview = world.ids["alice-shared"]
    action = world.store_of("alice").plan_of(interview)[0].id
    values = {"interview_id": str(interview), "action_id": action, "mark": "skip",
              "item_id": "1", "kind": "smtp"}
    wrong = []
    for handle in USERS:
        client = signed_in(world.app, handle)
        page = client.get("/account/mail").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token, handle
        for method, path, route in requests(world.app, values):
            if path in ("/logout", "/login"):
                continue
            answered_by, status = drive(client, spy, token.group(1), method, path)
            if answered_by != route.path or status >= 500:
                wrong.append((handle, method, path, answered_by, status))
        client.close()
    assert wrong == []
