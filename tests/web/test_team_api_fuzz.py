"""schemathesis over the team app's OpenAPI document (the candidate's API and
the consultant's /api/team), signed in as each kind of user: no answer is a
server error, and none carries a marker the user may not see (issue 8; the
reliability plan's T10)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from followthrough.team.auth import SESSION_COOKIE
from followthrough.web import create_app
from followthrough.web.security import LOOPBACK_NAMES
from tests.web.conftest import NOW, TestClient, schemathesis_loop_stopped
from tests.web.test_team import HTTPS, World, build_world, leaked, signed_in

EXAMPLES_PER_OPERATION = int(os.environ.get("FT_SCHEMATHESIS_EXAMPLES", "25"))


@pytest.fixture
def fuzzed(db_url: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, Any, Any]]:
    """The world, and a second app instance on its database that accepts
    schemathesis' in-process host name, with its OpenAPI schema."""
    world = build_world(db_url, tmp_path, monkeypatch)
    app = create_app(db_url, now=NOW, team_mode=True,
                     allowed_hosts=(*LOOPBACK_NAMES, "testserver"))
    with schemathesis_loop_stopped():
        yield world, app, schemathesis.openapi.from_asgi("/api/openapi.json", app)
    app.state.store.engine.dispose()
    world.app.state.store.engine.dispose()


def _session_headers(world: World, handle: str) -> dict[str, str]:
    client = signed_in(world.app, handle)
    token = client.cookies.get(SESSION_COOKIE)
    page = client.get("/team" if handle in ("cleo", "xavier") else "/")
    client.close()
    csrf = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return {"Cookie": f"{SESSION_COOKIE}={token}", "X-CSRF-Token": csrf}


@pytest.mark.slow
@pytest.mark.parametrize("handle", ["alice", "cleo"])
def test_no_server_error_and_nothing_foreign_for_any_generated_request(
        fuzzed: tuple[World, Any, Any], handle: str) -> None:
    from schemathesis.checks import not_a_server_error

    world, _app, schema = fuzzed
    headers = _session_headers(world, handle)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/team/agenda", "/api/team/interviews/{interview_id}",
            "/api/interviews"} <= paths
    answered: dict[int, int] = {}

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            answered[response.status_code] = answered.get(response.status_code, 0) + 1
            assert not leaked(world, handle, response.text), (case.path, response.text[:200])

        fuzz()
    assert sum(answered.values()) >= len(operations)
    assert not any(status >= 500 for status in answered)


def test_what_the_fuzzing_found_is_bad_input_on_every_database(
        fuzzed: tuple[World, Any, Any]) -> None:
    """On PostgreSQL these were server errors: an id past its INTEGER keys,
    and NUL characters, which it cannot store."""
    world, _app, _schema = fuzzed
    alice = signed_in(world.app, "alice")
    cleo = signed_in(world.app, "cleo")
    page = alice.get("/").text
    headers = {"X-CSRF-Token": page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]}
    assert alice.get("/api/interviews/2147483648").status_code == 404
    assert alice.get("/interviews/2147483648").status_code == 404
    assert cleo.get("/api/team/interviews/2147483648").status_code == 404
    assert alice.post("/actions/2147483648.thank-you.x/done",
                      headers={"X-CSRF-Token": headers["X-CSRF-Token"]}).status_code == 404
    assert cleo.get("/api/team/interviews?state=%00").status_code == 400
    assert alice.get("/api/interviews?state=a%00b").status_code == 400
    with TestClient(world.app, base_url=HTTPS, follow_redirects=False) as anonymous:
        refused = anonymous.post("/login", data={"handle": "ali\x00ce", "password": "x"})
    assert refused.status_code == 400
    document = alice.get(f"/api/interviews/{world.ids['alice-shared']}").json()["debrief"]
    document["interview"]["role"] = "Data\x00Engineer"
    created = alice.post("/api/interviews", json=document,
                         headers={"X-CSRF-Token": headers["X-CSRF-Token"]})
    assert created.status_code == 400
    assert created.json()["problems"][0]["path"] == "interview.role"
    alice.close()
    cleo.close()
