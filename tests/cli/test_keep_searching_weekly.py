"""Less noise (issue 18, item 12): one keep-searching reminder a week for the
candidate, not one per interview, in `agenda` (text and JSON) and on the
dashboard; marking it done marks every interview's reminder of that week.
`plan ID` still shows each interview's own series."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.plan.weekly import iso_week, search_week, still_open
from followthrough.web import create_app
from tests.conftest import Runner, us_panels_at
from tests.web.conftest import TestClient

MONDAY = "2026-11-16T08:00:00-06:00"
"""Monday 16 November 2026, 08:00 in Chicago, the candidate's zone."""
COMPANIES = [f"Firm {letter}" for letter in "ABCDEFGHIJ"]
"""Ten copies of the US panel, interviewed on ten weekdays from Monday 2 November."""


@pytest.fixture
def ten(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """The ten interviews stored on SQLite, and on PostgreSQL when a server is set."""
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", MONDAY)
    run = Runner(db_url)
    days = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
    for path in us_panels_at(tmp_path, dict(zip(COMPANIES, days, strict=True))):
        assert run("import", str(path)).exit_code == 0
    return run


def _agenda(run: Runner) -> dict[str, Any]:
    result = run("agenda", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    return document


def _reminders(agenda: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for section in ("overdue", "today", "upcoming") for item in agenda[section]
            if item["kind"] == "keep-searching"]


def _week(item: dict[str, Any], now: datetime) -> tuple[int, int]:
    return search_week(datetime.fromisoformat(item["due"]), "America/Chicago", now)


def test_ten_interviews_make_one_reminder_a_week_naming_every_open_company(ten: Runner
                                                                           ) -> None:
    agenda = _agenda(ten)
    now = datetime.fromisoformat(agenda["now"])
    reminders = _reminders(agenda)

    assert [_week(item, now) for item in reminders] == [iso_week(now, "America/Chicago")]
    [this_week] = reminders
    assert sorted(this_week["companies"]) == COMPANIES
    covered = {action.split(".")[0] for action in [this_week["id"], *this_week["also"]]}
    assert covered == {str(number) for number in range(1, 11)}
    assert "Still open: Firm " in this_week["why"]
    assert all(company in this_week["why"] for company in COMPANIES)
    assert agenda["total"]["overdue"] + agenda["total"]["today"] + \
        agenda["total"]["upcoming"] == sum(len(agenda[s]) for s in ("overdue", "today",
                                                                    "upcoming"))


def test_each_plan_still_has_its_own_series(ten: Runner) -> None:
    for number in (1, 10):
        plan = ten("plan", str(number), "--format", "json").json()
        assert isinstance(plan, dict)
        assert [a for a in plan["actions"] if a["kind"] == "keep-searching"]


def test_marking_the_reminder_done_marks_it_for_the_week(ten: Runner) -> None:
    agenda = _agenda(ten)
    now = datetime.fromisoformat(agenda["now"])
    [this_week] = _reminders(agenda)

    assert ten("done", this_week["id"]).exit_code == 0

    [next_week] = _reminders(_agenda(ten))
    assert _week(next_week, now) == (2026, 48)
    assert sorted(next_week["companies"]) == COMPANIES
    for number in range(1, 11):
        plan = ten("plan", str(number), "--format", "json").json()
        assert isinstance(plan, dict)
        this = [a for a in plan["actions"] if a["kind"] == "keep-searching"
                and _week(a, now) == _week(this_week, now)]
        assert this
        assert {a["status"] for a in this} == {"done"}


def test_undoing_the_reminder_undoes_it_for_the_week(ten: Runner) -> None:
    [this_week] = _reminders(_agenda(ten))
    before = {number: _keep_searching_statuses(ten, number) for number in range(1, 11)}
    assert ten("done", this_week["id"]).exit_code == 0

    undone = ten("undo", this_week["id"])

    assert undone.exit_code == 0, undone.stderr
    [again] = _reminders(_agenda(ten))
    assert again["id"] == this_week["id"]
    assert sorted(again["also"]) == sorted(this_week["also"])
    assert {number: _keep_searching_statuses(ten, number) for number in range(1, 11)} == before


def _keep_searching_statuses(run: Runner, number: int) -> dict[str, str]:
    plan = run("plan", str(number), "--format", "json").json()
    assert isinstance(plan, dict)
    return {a["id"]: a["status"] for a in plan["actions"] if a["kind"] == "keep-searching"}


def test_the_text_agenda_lists_one_reminder_for_this_week(ten: Runner) -> None:
    text = ten("agenda").stdout
    rows = [line for line in text.splitlines() if re.search(r"\skeep-searching\s", line)]
    assert len(rows) == 1
    assert "10 companies" in rows[0]


def test_the_dashboard_shows_one_reminder_a_week(ten: Runner) -> None:
    assert ten.db is not None
    app = create_app(ten.db, now=datetime.fromisoformat(MONDAY))
    page = TestClient(app, base_url="http://127.0.0.1").get("/?all=1").text
    rows = re.findall(r'<li class="task [^"]*"[^>]*>.*?</li>', page, re.S)
    searching = [row for row in rows if "Keep searching" in row]
    assert len(searching) == 1
    assert all(company in searching[0] for company in COMPANIES)


@given(st.lists(st.from_regex(r"[A-Z][a-z]{0,6}( K\.K\.| Inc\.)?", fullmatch=True),
                min_size=1, max_size=5))
def test_still_open_names_each_company_once_with_one_full_stop(companies: list[str]) -> None:
    said = still_open(companies)
    assert said.startswith("Still open: ")
    assert said.endswith(".")
    assert not said.endswith("..")
    for company in companies:
        assert said.count(company) >= 1
    assert said.count(",") == max(0, len(set(companies)) - 2)
