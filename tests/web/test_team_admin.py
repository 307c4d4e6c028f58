"""The administrator's users page: adding users, disabling and enabling them,
linking consultants to candidates, all within the admin's own firm."""

from __future__ import annotations

from fastapi.testclient import TestClient

from followthrough.team import admin
from tests.web.test_team import (
    HTTPS,
    PASSWORD,
    World,
    _token,
    clients,
    leaked,
    signed_in,
    world,
)

__all__ = ["clients", "world"]  # the fixtures, for pytest
NEW_PASSWORD = "quiet-harbour-lamp-17"  # noqa: S105 - a test account
COMMON = "password"


def _post(client: TestClient, path: str, **fields: str) -> tuple[int, str, str]:
    token = _token(client)
    response = client.post(path, data={"csrf_token": token, **fields})
    return response.status_code, response.headers.get("location", ""), response.text


def _handles(world: World) -> set[str]:
    return {user.handle for user in admin.list_users(world.team)}


def test_admin_adds_a_user_who_can_then_sign_in(world: World,
                                                clients: dict[str, TestClient]) -> None:
    status, location, _ = _post(clients["boss"], "/team/users", handle="Erin", name="Erin Ode",
                                email="erin@example.com", role="consultant",
                                password=NEW_PASSWORD, firm="Southgate")
    assert status == 303
    assert location.startswith("/team/users?done=added&who=erin")
    page = clients["boss"].get(location).text
    assert "erin can now sign in." in page
    erin = world.team.user("erin")
    assert (erin.role, erin.firm, erin.display_name, erin.email) == (
        "consultant", "Northwind", "Erin Ode", "erin@example.com")
    client = TestClient(world.app, base_url=HTTPS, follow_redirects=False)
    response = client.post("/login", data={"handle": "erin", "password": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/team"


def test_bad_fields_are_named_and_nothing_is_added(world: World,
                                                   clients: dict[str, TestClient]) -> None:
    before = _handles(world)
    status, _, page = _post(clients["boss"], "/team/users", handle="cleo", name="Second Cleo",
                            email="not an address", role="wizard",
                            password=COMMON)
    assert status == 400
    assert "Nothing was changed." in page
    for text in ("User name: a user &#39;cleo&#39; already exists", "E-mail:",
                 "Role: unknown role &#39;wizard&#39;", "Password:"):
        assert text in page, text
    assert 'value="Second Cleo"' in page
    assert f'value="{COMMON}"' not in page
    assert _handles(world) == before


def test_only_an_admin_may_add_disable_or_link(world: World,
                                               clients: dict[str, TestClient]) -> None:
    before = _handles(world)
    links = world.team.links()
    for handle in ("cleo", "alice", "xavier"):
        assert _post(clients[handle], "/team/users", handle="mallory", role="admin",
                     password=NEW_PASSWORD)[0] == 403
        assert _post(clients[handle], "/team/users/active", handle="boss", active="no")[0] == 403
        assert _post(clients[handle], "/team/users/links", consultant="dan",
                     candidate="alice")[0] == 403
    assert _handles(world) == before
    assert world.team.user("boss").active
    assert world.team.links() == links


def test_a_form_without_its_token_is_refused(world: World,
                                             clients: dict[str, TestClient]) -> None:
    response = clients["boss"].post("/team/users", data={
        "handle": "mallory", "role": "admin", "password": NEW_PASSWORD})
    assert response.status_code == 403
    assert "mallory" not in _handles(world)


def test_disabling_signs_the_user_out_and_enabling_lets_them_back(
        world: World, clients: dict[str, TestClient]) -> None:
    status, location, _ = _post(clients["boss"], "/team/users/active", handle="dan",
                                active="no")
    assert (status, location) == (303, "/team/users?done=disabled&who=dan")
    assert not world.team.user("dan").active
    assert clients["dan"].get("/team").status_code in (303, 401)
    client = TestClient(world.app, base_url=HTTPS, follow_redirects=False)
    refused = client.post("/login", data={"handle": "dan", "password": PASSWORD})
    assert refused.status_code != 303
    assert _post(clients["boss"], "/team/users/active", handle="dan", active="yes")[0] == 303
    assert world.team.user("dan").active
    signed_in(world.app, "dan").close()


def test_the_admin_cannot_disable_themselves(world: World,
                                             clients: dict[str, TestClient]) -> None:
    status, _, page = _post(clients["boss"], "/team/users/active", handle="boss", active="no")
    assert status == 400
    assert "you cannot disable your own account here" in page
    assert world.team.user("boss").active


def test_users_of_another_firm_are_not_found(world: World,
                                             clients: dict[str, TestClient]) -> None:
    boss = clients["boss"]
    links = world.team.links()
    page = boss.get("/team/users").text
    assert "zoe" not in page
    assert "xavier" not in page
    assert _post(boss, "/team/users/active", handle="zoe", active="no")[0] == 404
    assert world.team.user("zoe").active
    assert _post(boss, "/team/users/links", consultant="cleo", candidate="zoe")[0] == 404
    assert _post(boss, "/team/users/links", consultant="xavier", candidate="zoe",
                 action="end")[0] == 404
    assert world.team.links() == links
    assert not leaked(world, "boss", page)


def test_linking_and_ending_a_link(world: World, clients: dict[str, TestClient]) -> None:
    team = world.team
    boss = clients["boss"]
    status, location, _ = _post(boss, "/team/users/links", consultant="dan", candidate="alice",
                                action="link")
    assert status == 303
    assert "done=linked" in location
    assert "The link dan \u2192 alice is in force." in boss.get(location).text
    status, _, page = _post(boss, "/team/users/links", consultant="dan", candidate="alice")
    assert status == 400
    assert "dan and alice are linked already" in page
    status, _, page = _post(boss, "/team/users/links", consultant="alice", candidate="bob")
    assert status == 400
    assert "alice is a candidate" in page
    bob, cleo = team.user("bob"), team.user("cleo")
    assert team.shares_of(bob.id, world.ids["bob-shared"])
    status, location, _ = _post(boss, "/team/users/links", consultant="cleo", candidate="bob",
                                action="end")
    assert status == 303
    assert "done=ended" in location
    assert not [share for share in team.shares_of(bob.id, world.ids["bob-shared"])
                if share.consultant.handle == cleo.handle]
    assert clients["cleo"].get(f"/team/interviews/{world.ids['bob-shared']}").status_code == 404
    status, _, page = _post(boss, "/team/users/links", consultant="cleo", candidate="bob",
                            action="end")
    assert status == 400
    assert "cleo and bob are not linked" in page
