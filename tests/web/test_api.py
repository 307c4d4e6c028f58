"""The JSON API: its shapes, and schemathesis against its OpenAPI document
(in-process, a bounded number of examples, no network)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from followthrough.app.records import import_files
from followthrough.web import create_app
from followthrough.web.security import LOOPBACK_NAMES
from tests.conftest import JP_FIRST_ROUND, US_PANEL
from tests.web.conftest import NOW, schemathesis_loop_stopped

EXAMPLES_PER_OPERATION = int(os.environ.get("FT_SCHEMATHESIS_EXAMPLES", "25"))


def test_api_shapes(client: TestClient, tokyo: int, token: str) -> None:
    listed = client.get("/api/interviews").json()
    assert listed["total"] == 1
    assert listed["interviews"][0]["id"] == tokyo
    plan = client.get(f"/api/interviews/{tokyo}/plan").json()
    assert plan["interview"]["id"] == tokyo
    assert {"id", "kind", "to", "channel", "due", "latest", "why", "rule", "status"} <= \
        set(plan["actions"][0])
    assert set(client.get("/api/agenda").json()) == {"now", "zone", "overdue", "today",
                                                     "upcoming", "needs_you", "total", "more"}
    checked = client.post("/api/check", headers={"X-CSRF-Token": token},
                          json={"text": "Hey Daichi, thanks for the chat!", "interview": tokyo,
                                "kind": "thank-you", "to": "Daichi Mori"}).json()
    greeting = next(f for f in checked["findings"] if f["match"] == "Hey")
    assert greeting["category"] == "formality"  # it explains the familiar tone (precedence)
    assert greeting["replacement"] == "Dear"
    slang = next(f for f in checked["findings"] if f["category"] == "familiar-tone")
    assert slang["replacement"] == "thank you for the conversation"
    drafts = client.get(f"/api/interviews/{tokyo}/drafts").json()["drafts"]
    assert all({"action", "kind", "to", "subject", "body", "findings"} <= set(d) for d in drafts)


def test_api_creates_from_json_and_reports_problems_per_field(client: TestClient,
                                                              token: str) -> None:
    exported = client.app.state.store  # type: ignore[attr-defined]
    import_files(exported, [US_PANEL])
    document = client.get("/api/interviews/1").json()["debrief"]
    again = client.post("/api/interviews", json=document, headers={"X-CSRF-Token": token})
    assert again.status_code == 201
    assert again.json() == {"id": 1, "created": False, "warnings": []}
    document["interviewers"][0]["email"] = "not an address"
    bad = client.post("/api/interviews", json=document, headers={"X-CSRF-Token": token})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["path"] == "interviewers[0].email"


def test_api_not_found_is_json(client: TestClient) -> None:
    answer = client.get("/api/interviews/42/plan")
    assert answer.status_code == 404
    assert "no interview #42" in answer.json()["error"]


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("api")
    # schemathesis' in-process transport calls itself "testserver"
    app = create_app(f"sqlite:///{folder / 'api.db'}", now=NOW,
                     allowed_hosts=(*LOOPBACK_NAMES, "testserver"))
    import_files(app.state.store, [JP_FIRST_ROUND])
    yield app
    app.state.store.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(api_app: FastAPI) -> Iterator[Any]:
    with schemathesis_loop_stopped():
        yield schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


def test_schemathesis_finds_no_server_error(api_schema: Any, api_app: FastAPI) -> None:
    """Every operation, fuzzed from its schema (schemathesis' pytest plugin does not
    run on pytest 9 yet, so the operations are driven through hypothesis here)."""
    from schemathesis.checks import not_a_server_error

    headers = {"X-CSRF-Token": api_app.state.csrf_token}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        fuzz()


def test_unknown_key_with_a_bracket_is_bad_input() -> None:
    """Found by the schemathesis run above (fixed in debrief/parse.py)."""
    from followthrough.debrief import validate_debrief
    from followthrough.errors import BadInput

    with pytest.raises(BadInput):
        validate_debrief({"[": None}, from_json=True)
