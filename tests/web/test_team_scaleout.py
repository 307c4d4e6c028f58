"""Several web processes behind one address (issue 8): two app instances on
one database, a browser whose requests land on either in turn. Sessions,
CSRF tokens, sign-out and throttling live in the database, so it makes no
difference which instance answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from followthrough.web import create_app
from tests.web.conftest import NOW, TestClient
from tests.web.test_team import HTTPS, PASSWORD, World, build_world


class RoundRobin:
    """One browser (one cookie jar) whose requests alternate between instances,
    as a load balancer without sticky sessions would send them."""

    def __init__(self, apps: list[FastAPI]) -> None:
        self.clients = [TestClient(app, base_url=HTTPS, follow_redirects=False)
                        for app in apps]
        self.turn = 0
        self.served_by: list[int] = []

    def request(self, method: str, path: str, data: dict[str, str] | None = None
                ) -> httpx.Response:
        index = self.turn % len(self.clients)
        self.turn += 1
        client = self.clients[index]
        response = client.request(method, path, data=data)
        self.served_by.append(index)
        for other in self.clients:
            if other is not client:
                other.cookies.clear()
                other.cookies.update(client.cookies)
        return response

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def two_instances(db_url: str, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, RoundRobin]]:
    world = build_world(db_url, tmp_path, monkeypatch)
    second = create_app(db_url, now=NOW, team_mode=True)
    balancer = RoundRobin([world.app, second])
    yield world, balancer
    balancer.close()
    second.state.store.engine.dispose()
    world.app.state.store.engine.dispose()


def _csrf(text: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', text)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_a_session_made_by_one_instance_works_on_the_other(
        two_instances: tuple[World, RoundRobin]) -> None:
    world, browser = two_instances
    signed = browser.request("POST", "/login", data={"handle": "alice", "password": PASSWORD})
    assert signed.status_code == 303
    home = browser.request("GET", "/")
    assert home.status_code == 200
    assert world.markers["alice-private"] in home.text
    token = _csrf(home.text)
    private = world.ids["alice-private"]
    shared = browser.request("POST", f"/interviews/{private}/sharing",
                             data={"csrf_token": token, "consultant": "cleo", "share": "yes"})
    assert shared.status_code == 303, shared.text
    team = world.team
    assert [s.consultant.handle for s in team.shares_of(team.user("alice").id, private)] \
        == ["cleo"]
    out = browser.request("POST", "/logout", data={"csrf_token": token})
    assert out.status_code == 303
    after = browser.request("GET", "/")
    assert after.status_code == 303
    assert browser.served_by == [0, 1, 0, 1, 0]


def test_a_signed_out_token_is_dead_on_every_instance(
        two_instances: tuple[World, RoundRobin]) -> None:
    _world, browser = two_instances
    browser.request("POST", "/login", data={"handle": "bob", "password": PASSWORD})
    kept = dict(browser.clients[0].cookies)
    token = _csrf(browser.request("GET", "/").text)
    assert browser.request("POST", "/logout", data={"csrf_token": token}).status_code == 303
    for client in browser.clients:
        client.cookies.update(kept)
        assert client.get("/").status_code == 303


def test_throttling_counts_failures_on_every_instance(
        two_instances: tuple[World, RoundRobin]) -> None:
    _world, browser = two_instances
    wrong = {"handle": "alice", "password": "not-the-password-at-all"}
    statuses = [browser.request("POST", "/login", data=wrong).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert browser.served_by == [0, 1, 0, 1, 0, 1]
    right = browser.request("POST", "/login", data={"handle": "alice", "password": PASSWORD})
    assert right.status_code == 429
