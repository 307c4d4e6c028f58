"""Team mode in the web app: sign-in, sharing, the consultant's views, and the
authorization sweep over every route of the app (issue 8, acceptance 1).

The world: firm Northwind has an admin, consultants Cleo (linked to Alice
and Bob) and Dan (linked to nobody), candidates Alice and Bob; firm Southgate
has consultant Xavier linked to candidate Zoe. Alice shares one interview
with Cleo without her reflection and keeps another private; Bob shares his
with Cleo, reflection included; Zoe shares hers with Xavier. Each interview
and each reflection carries a marker string, so a page that leaks anything
shows a marker it should not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from followthrough import clock
from followthrough.app.records import import_files
from followthrough.store import Store
from followthrough.store.team import TeamStore
from followthrough.team import admin
from followthrough.team.auth import SESSION_COOKIE
from followthrough.web import create_app
from tests.conftest import JP_FIRST_ROUND
from tests.web.conftest import NOW, TestClient
from tests.web.test_security import _api_routes

PASSWORD = "violet-lantern-orbit-42"  # noqa: S105 - a test account
HTTPS = "https://127.0.0.1"


@dataclass
class World:
    app: FastAPI
    ids: dict[str, int] = field(default_factory=dict)
    """Interview ids by name: alice-shared, alice-private, bob-shared, zoe-shared."""
    markers: dict[str, str] = field(default_factory=dict)
    """Marker by name: the interviews' companies, and '<name>-reflection'."""

    @property
    def team(self) -> TeamStore:
        store: TeamStore = self.app.state.team_store
        return store

    def store_of(self, handle: str) -> Store:
        return Store.for_user(self.team.engine, self.team.user(handle).id)


VISIBLE = {
    "alice": {"alice-shared", "alice-private", "alice-shared-reflection",
              "alice-private-reflection"},
    "bob": {"bob-shared", "bob-shared-reflection"},
    "zoe": {"zoe-shared", "zoe-shared-reflection"},
    "cleo": {"alice-shared", "bob-shared", "bob-shared-reflection"},
    "dan": set(),
    "xavier": {"zoe-shared"},
    "boss": set(),
}
USERS = tuple(VISIBLE)


COMPANIES = {"alice-shared": "Hoshino Robotics", "alice-private": "Aoba Logistics",
             "bob-shared": "Sakura Analytics", "zoe-shared": "Minato Systems"}
"""Each interview's company: a marker found on no page that may not show it."""


def _debrief(tmp_path: Path, name: str) -> Path:
    text = JP_FIRST_ROUND.read_text(encoding="utf-8")
    marker = COMPANIES[name]
    text = text.replace("Tsubame Data K.K.", marker)
    assert "the refunds story, told with numbers" in text
    text = text.replace("the refunds story, told with numbers",
                        f"secret{name.replace('-', '')}reflection")
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build_world(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("FOLLOWTHROUGH_TEST_FAST_HASHES", "1")
    app = create_app(url, now=NOW, team_mode=True)
    world = World(app)
    team = world.team
    people = [("boss", "admin", "Northwind"), ("cleo", "consultant", "Northwind"),
              ("dan", "consultant", "Northwind"), ("alice", "candidate", "Northwind"),
              ("bob", "candidate", "Northwind"), ("xavier", "consultant", "Southgate"),
              ("zoe", "candidate", "Southgate")]
    for handle, role, firm in people:
        admin.add_user(team, handle, role, firm, PASSWORD, name=handle.title())
    start = NOW.replace(year=2026, month=1, day=1)
    for consultant, candidate in (("cleo", "alice"), ("cleo", "bob"), ("xavier", "zoe")):
        admin.link_users(team, consultant, candidate, start)
    for name, owner in (("alice-shared", "alice"), ("alice-private", "alice"),
                        ("bob-shared", "bob"), ("zoe-shared", "zoe")):
        store = world.store_of(owner)
        world.ids[name] = import_files(store, [_debrief(tmp_path, name)])[0].id
        world.markers[name] = COMPANIES[name]
        world.markers[f"{name}-reflection"] = f"secret{name.replace('-', '')}reflection"
    shares = (("alice", "alice-shared", "cleo", False), ("bob", "bob-shared", "cleo", True),
              ("zoe", "zoe-shared", "xavier", False))
    for owner, name, consultant, reflection in shares:
        team.share(team.user(owner).id, world.ids[name], team.user(consultant).id,
                   reflection, NOW)
    team.deliver(team.user("cleo").id, team.user("bob").id, world.ids["bob-shared"],
                 "recruiter-update.x", "Update from Bob", "MarkerInboxBob", NOW)
    world.markers["bob-inbox"] = "MarkerInboxBob"
    VISIBLE["cleo"].add("bob-inbox")
    return world


@pytest.fixture
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    built = build_world(db_url, tmp_path, monkeypatch)
    yield built
    built.app.state.store.engine.dispose()


def signed_in(app: FastAPI, handle: str) -> TestClient:
    client = TestClient(app, base_url=HTTPS, follow_redirects=False)
    response = client.post("/login", data={"handle": handle, "password": PASSWORD})
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def clients(world: World) -> Iterator[dict[str, TestClient]]:
    opened = {handle: signed_in(world.app, handle) for handle in USERS}
    yield opened
    for client in opened.values():
        client.close()


def leaked(world: World, handle: str, text: str) -> set[str]:
    return {name for name, marker in world.markers.items()
            if marker in text and name not in VISIBLE[handle]}


# sign-in -----------------------------------------------------------------------


def test_pages_need_a_session(world: World) -> None:
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as anonymous:
        page = anonymous.get(f"/interviews/{world.ids['alice-shared']}")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=")
        assert anonymous.get("/api/interviews").status_code == 401
        assert anonymous.get("/team").status_code == 303
        assert anonymous.get("/login").status_code == 200


def test_sign_in_sets_a_hardened_cookie_and_rotates_it(world: World) -> None:
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as client:
        first = client.post("/login", data={"handle": "alice", "password": PASSWORD})
        cookie = first.headers["set-cookie"]
        assert f"{SESSION_COOKIE}=" in cookie
        for flag in ("HttpOnly", "Secure", "SameSite=lax"):
            assert flag.lower() in cookie.lower()
        old = client.cookies.get(SESSION_COOKIE)
        again = client.post("/login", data={"handle": "alice", "password": PASSWORD})
        assert again.status_code == 303
        new = client.cookies.get(SESSION_COOKIE)
        assert new
        assert new != old
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as stale:
        stale.cookies.set(SESSION_COOKIE, old or "")
        assert stale.get("/").status_code == 303  # the rotated-out token signs nobody in


def test_wrong_password_and_unknown_user_read_the_same(world: World) -> None:
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as client:
        wrong = client.post("/login", data={"handle": "alice", "password": "not-it-at-all"})
        nobody = client.post("/login", data={"handle": "nobody", "password": "not-it-at-all"})
    assert wrong.status_code == nobody.status_code == 401
    message = re.compile(r'role="alert">([^<]+)<')
    assert message.search(wrong.text).group(1) == message.search(nobody.text).group(1)


def test_sign_in_from_another_site_is_refused(world: World) -> None:
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as client:
        response = client.post("/login", data={"handle": "alice", "password": PASSWORD},
                               headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_next_never_leaves_the_site(world: World) -> None:
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as client:
        response = client.post("/login", data={"handle": "alice", "password": PASSWORD,
                                               "next": "//evil.example/x"})
    assert response.headers["location"] == "/"


def test_sign_out_ends_the_session(clients: dict[str, TestClient]) -> None:
    client = clients["alice"]
    home = client.get("/")
    token = re.search(r'name="csrf-token" content="([^"]+)"', home.text).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.clear()
    assert client.get("/").status_code == 303


def test_each_role_lands_on_its_home(clients: dict[str, TestClient]) -> None:
    assert clients["alice"].get("/").status_code == 200
    assert clients["cleo"].get("/").headers["location"] == "/team"
    assert clients["boss"].get("/").headers["location"] == "/team/users"


# sharing -------------------------------------------------------------------------


def test_consultant_sees_shared_debriefs_and_agenda_only(world: World,
                                                         clients: dict[str, TestClient]) -> None:
    home = clients["cleo"].get("/team")
    assert home.status_code == 200
    assert world.markers["alice-shared"] in home.text
    assert world.markers["bob-shared"] in home.text
    assert world.markers["alice-private"] not in home.text
    agenda = clients["cleo"].get("/api/team/agenda").json()
    companies = {row["company"] for row in agenda["overdue"] + agenda["upcoming"]}
    assert companies == {world.markers["alice-shared"], world.markers["bob-shared"]}
    page = clients["cleo"].get(f"/team/interviews/{world.ids['alice-shared']}")
    assert world.markers["alice-shared-reflection"] not in page.text
    assert "keeps their reflection" in page.text
    bobs = clients["cleo"].get(f"/team/interviews/{world.ids['bob-shared']}")
    assert world.markers["bob-shared-reflection"] in bobs.text


def test_candidate_shares_and_unshares_from_the_interview_page(
        world: World, clients: dict[str, TestClient]) -> None:
    alice, cleo = clients["alice"], clients["cleo"]
    private = world.ids["alice-private"]
    assert cleo.get(f"/team/interviews/{private}").status_code == 404
    page = alice.get(f"/interviews/{private}")
    assert 'data-testid="share-cleo"' in page.text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    shared = alice.post(f"/interviews/{private}/sharing",
                        data={"csrf_token": token, "consultant": "cleo", "share": "yes"})
    assert shared.status_code == 303
    assert cleo.get(f"/team/interviews/{private}").status_code == 200
    agenda = cleo.get("/api/team/agenda").json()
    assert any(row["interview"] == private for row in agenda["overdue"] + agenda["upcoming"])
    alice.post(f"/interviews/{private}/sharing",
               data={"csrf_token": token, "consultant": "cleo", "share": "no"})
    assert cleo.get(f"/team/interviews/{private}").status_code == 404
    agenda = cleo.get("/api/team/agenda").json()
    assert all(row["interview"] != private for row in agenda["overdue"] + agenda["upcoming"])


def test_sharing_with_an_unlinked_consultant_is_refused(world: World,
                                                        clients: dict[str, TestClient]) -> None:
    alice = clients["alice"]
    private = world.ids["alice-private"]
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      alice.get(f"/interviews/{private}").text).group(1)
    for consultant in ("dan", "xavier"):
        response = alice.post(f"/interviews/{private}/sharing",
                              data={"csrf_token": token, "consultant": consultant,
                                    "share": "yes"})
        assert response.status_code == 400
    assert world.team.shares_of(world.team.user("alice").id, private) == []


def test_an_ended_link_hides_everything_shared(world: World,
                                               clients: dict[str, TestClient]) -> None:
    with clock.frozen(NOW):
        admin.unlink_users(world.team, "cleo", "bob")
    cleo = clients["cleo"]
    assert cleo.get(f"/team/interviews/{world.ids['bob-shared']}").status_code == 404
    assert world.markers["bob-shared"] not in cleo.get("/team").text
    assert world.markers["bob-inbox"] not in cleo.get("/team/inbox").text


def test_weekly_summary_exports(world: World, clients: dict[str, TestClient]) -> None:
    csv_text = clients["cleo"].get("/team/summary.csv").text
    assert csv_text.splitlines()[0].startswith("candidate,candidate_name,interview")
    assert world.markers["alice-shared"] in csv_text
    assert world.markers["alice-private"] not in csv_text
    markdown = clients["cleo"].get("/team/summary.md").text
    assert markdown.startswith("# Weekly summary for Cleo")
    assert "## Alice" in markdown
    assert "## Bob" in markdown


# the sweep over every route ----------------------------------------------------------


def _concrete_paths(route: APIRoute, world: World) -> list[str]:
    """Every way to fill the route's path with the ids of the world."""
    paths = [route.path]
    ids = [str(value) for value in world.ids.values()]
    team = world.team
    action_ids = [f"{world.ids[name]}.{row.key}" for name in world.ids
                  for row in world.store_of(name.split("-")[0]).plan_of(world.ids[name])[:3]]
    inbox_ids = [str(item.id) for item in team.inbox_of(team.user("cleo").id, NOW)]
    fillers = {"interview_id": ids, "action_id": action_ids, "item_id": inbox_ids or ["1"],
               "mark": ["done", "skip"], "kind": ["smtp", "imap"]}
    for name, values in fillers.items():
        if "{" + name + "}" in route.path:
            paths = [p.replace("{" + name + "}", v) for p in paths for v in values]
    assert "{" not in "".join(paths), f"no filler for a parameter of {route.path}"
    return paths


def _routes(app: FastAPI) -> list[tuple[APIRoute, str]]:
    return [(route, method) for route in _api_routes(app.routes)
            for method in sorted((route.methods or set()) - {"HEAD"})]


def _token(client: TestClient) -> str:
    for page in ("/", "/team", "/team/users"):
        response = client.get(page, follow_redirects=True)
        found = re.search(r'name="csrf-token" content="([^"]+)"', response.text)
        if found:
            return found.group(1)
    raise AssertionError("no page with a CSRF token")


def _fingerprint(world: World) -> dict[str, Any]:
    """What each candidate owns and shares, to prove a refused post changed nothing."""
    team = world.team
    state: dict[str, Any] = {}
    for handle in ("alice", "bob", "zoe"):
        store = world.store_of(handle)
        state[handle] = [(s.id, s.state, tuple((r.key, r.status) for r in store.plan_of(s.id)))
                         for s in store.list_interviews()]
        state[handle + "-shares"] = sorted(
            (i, share.consultant.handle) for i in world.ids.values()
            for share in team.shares_of(team.user(handle).id, i))
    return state


def test_no_route_shows_or_changes_what_is_not_yours(world: World,
                                                     clients: dict[str, TestClient]) -> None:
    """Every route of the app, every user, every id of the world: GETs show no
    marker the user may not see; POSTs on other people's things are refused
    and change nothing."""
    routes = _routes(world.app)
    assert len(routes) >= 30
    tokens = {handle: _token(client) for handle, client in clients.items()}
    requests = 0
    for route, method in routes:
        for path in _concrete_paths(route, world):
            for handle, client in clients.items():
                if method == "GET":
                    response = client.get(path)
                    assert not leaked(world, handle, response.text), (handle, path)
                    assert not leaked(world, handle, str(response.headers)), (handle, path)
                elif method == "POST" and not path.startswith(("/logout", "/login")):
                    _probe_post(world, client, handle, path, tokens[handle])
                requests += 1
    assert requests > 500


def _foreign_target(world: World, handle: str, path: str) -> bool:
    """A path naming an interview (or its action) that ``handle`` does not own,
    or an inbox item not addressed to ``handle``."""
    team = world.team
    inbox = re.fullmatch(r"/team/inbox/(\d+)/read", path)
    if inbox:
        mine = {item.id for item in team.inbox_of(team.user(handle).id, NOW)}
        return int(inbox.group(1)) not in mine
    numbers = re.findall(r"/(?:interviews|actions|outbox)/(\d+)(?:[./]|$)", path)
    owners = {world.ids[name]: name.split("-")[0] for name in world.ids}
    return any(int(n) in owners and owners[int(n)] != handle for n in numbers)


def _probe_post(world: World, client: TestClient, handle: str, path: str, token: str) -> None:
    if not _foreign_target(world, handle, path):
        return
    before = _fingerprint(world)
    response = client.post(path, data={"csrf_token": token, "consultant": "cleo",
                                       "share": "yes", "confirm": "yes", "outcome": "offer",
                                       "body": "x", "subject": "y"},
                           headers={"X-CSRF-Token": token})
    assert response.status_code in (400, 403, 404, 422), (handle, path, response.status_code)
    assert not leaked(world, handle, response.text), (handle, path)
    assert _fingerprint(world) == before, (handle, path)
