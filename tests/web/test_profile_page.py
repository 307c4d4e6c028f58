"""The saved profile (issue 18, item 3) in the web: the Profile page checks
"About you" like a debrief's [candidate] and saves it in profile.toml; every
new debrief form starts with it, and the dashboard reads times in its zone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.app.profile import load_profile, profile_file, save_profile
from followthrough.web import create_app
from tests.web.conftest import BASE, NOW
from tests.web.test_send_now import AFTER, started

RAVI = {"csrf_token": "", "candidate.name": "Ravi Subramanian",
        "candidate.email": "ravi.subramanian@example.net", "candidate.timezone": "Europe/London",
        "candidate.signature": "Ravi Subramanian\n+44 7700 900000",
        "candidate.strengths": "passed the JLPT N2\n\nran design reviews in Japanese\n"}


def test_a_saved_profile_fills_every_new_debrief(tmp_path: Path) -> None:
    _app, client, token = started(tmp_path, AFTER)

    answer = client.post("/profile", data={**RAVI, "csrf_token": token})

    assert answer.status_code == 303
    saved = load_profile()
    assert saved is not None
    assert (saved.name, saved.timezone) == ("Ravi Subramanian", "Europe/London")
    assert saved.strengths == ["passed the JLPT N2", "ran design reviews in Japanese"]
    assert profile_file().stat().st_mode & 0o077 == 0
    form = client.get("/interviews/new?all=1").text
    assert 'name="candidate.name" value="Ravi Subramanian"' in form
    assert 'name="candidate.timezone" value="Europe/London"' in form
    assert "+44 7700 900000</textarea>" in form
    assert "passed the JLPT N2\nran design reviews in Japanese</textarea>" in form
    assert "Saved. Every new debrief starts with it." in client.get(
        answer.headers["location"]).text


def test_the_dashboard_reads_times_in_the_profiles_zone(tmp_path: Path) -> None:
    _app, client, token = started(tmp_path, AFTER)
    assert "(your time, Asia/Tokyo)" in client.get("/").text

    client.post("/profile", data={**RAVI, "csrf_token": token})

    page = client.get("/").text
    assert "(your time, Europe/London)" in page
    # the 12:30 Tokyo thank-you, in London: under London's day, at London's time
    assert re.search(r'<h4 id="d-overdue-2026-12-11">Friday 11 December</h4>.*?'
                     r'<span class="time">03:30</span>', page, re.S)


@pytest.mark.parametrize(("field", "value", "said"), [
    ("candidate.email", "ravi at example", "is not an e-mail address"),
    ("candidate.timezone", "Mars/Olympus", "is not a time zone"),
    ("candidate.name", "", "Field required"),
])
def test_a_wrong_answer_is_shown_beside_its_field_and_nothing_is_saved(
        tmp_path: Path, field: str, value: str, said: str) -> None:
    _app, client, token = started(tmp_path, AFTER)

    answer = client.post("/profile", data={**RAVI, "csrf_token": token, field: value})

    assert answer.status_code == 422
    assert said in answer.text
    assert f'name="{field}" value="{value}" aria-invalid="true"' in answer.text
    assert not profile_file().exists()


def test_a_broken_profile_file_is_named_not_a_server_error(tmp_path: Path) -> None:
    save_profile({"name": "Ravi", "email": "ravi@example.net", "timezone": "Asia/Tokyo"})
    profile_file().write_text('name = "Ravi"\nemail = 3\n', encoding="utf-8")
    _app, client, _token = started(tmp_path, AFTER)

    page = client.get("/profile")

    assert page.status_code == 422
    assert "Input should be a valid string" in page.text
    assert 'href="#f-candidate-email">About you: Your e-mail address</a>' in page.text
    assert client.get("/").status_code == 200
    form = client.get("/interviews/new")
    assert form.status_code == 200
    assert 'name="candidate.name" value=""' in form.text


def test_a_team_server_keeps_no_profile(tmp_path: Path) -> None:
    save_profile({"name": "Server Owner", "email": "owner@example.net", "timezone": "UTC"})
    app: FastAPI = create_app(f"sqlite:///{tmp_path / 'team.db'}", now=NOW, team_mode=True)
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        assert client.get("/profile").status_code == 303  # sign in first
    assert profile_values_in_team_mode(app) == {}


def profile_values_in_team_mode(app: FastAPI) -> dict[str, str]:
    from types import SimpleNamespace

    from followthrough.web.routes.profile import profile_values

    request = SimpleNamespace(app=app)
    return profile_values(request)  # type: ignore[arg-type]
