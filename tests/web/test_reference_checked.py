"""The interview page records a reference check (issue 14): the outcome form offers it
when the debrief names references, and a thank-you to each follows (003 §3)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from followthrough.app.records import import_files
from tests.plan.test_outcome_machine import REFERENCE
from tests.plan.test_outcome_notes import TOML
from tests.web.conftest import TestClient


def test_the_web_page_records_a_reference_check(app: FastAPI, client: TestClient,
                                                token: str, tmp_path: Path) -> None:
    path = tmp_path / "debrief.toml"
    path.write_text(TOML + REFERENCE, encoding="utf-8")
    number = import_files(app.state.store, [path])[0].id
    page = client.get(f"/interviews/{number}").text
    assert 'value="reference-checked"' in page
    answer = client.post(f"/interviews/{number}/outcome",
                         data={"csrf_token": token, "outcome": "reference-checked"})
    assert answer.status_code in (200, 303)
    kinds = {row.kind: row.recipient for row in app.state.store.plan_of(number)}
    assert kinds["referee-thanks"] == "Lena Fischer"


def test_without_references_the_form_does_not_offer_it(app: FastAPI, client: TestClient,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "debrief.toml"
    path.write_text(TOML, encoding="utf-8")
    number = import_files(app.state.store, [path])[0].id
    assert 'value="reference-checked"' not in client.get(f"/interviews/{number}").text
