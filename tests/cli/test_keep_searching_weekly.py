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

from followthrough.plan.weekly import iso_week, search_week
from followthrough.web import create_app
from tests.conftest import US_PANEL, Runner
from tests.web.conftest import TestClient

MONDAY = "2026-11-16T08:00:00-06:00"
"""Monday 16 November 2026, 08:00 in Chicago, the candidate's zone."""
COMPANIES = [f"Firm {letter}" for letter in "ABCDEFGHIJ"]


def _ten_interviews(folder: Path) -> list[Path]:
    """The US panel at ten companies, one a weekday from Monday 2 November on."""
    text = US_PANEL.read_text(encoding="utf-8")
    days = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
    files = []
    for company, day in zip(COMPANIES, days, strict=True):
        path = folder / f"{company.replace(' ', '-')}.toml"
        path.write_text(text.replace('company = "Bellhaven Clinics"', f'company = "{company}"')
                        .replace("starts = 2026-12-21T15:30:00-05:00",
                                 f"starts = 2026-11-{day:02d}T10:00:00-05:00"),
                        encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture
def ten(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", MONDAY)
    for path in _ten_interviews(tmp_path):
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


def test_the_text_agenda_lists_one_reminder_for_this_week(ten: Runner) -> None:
    text = ten("agenda").stdout
    rows = [line for line in text.splitlines() if re.search(r"\skeep-searching\s", line)]
    assert len(rows) == 1
    assert "10 companies" in rows[0]


def test_the_dashboard_shows_one_reminder_a_week(ten: Runner) -> None:
    app = create_app(None, now=datetime.fromisoformat(MONDAY))
    page = TestClient(app, base_url="http://127.0.0.1").get("/?all=1").text
    rows = re.findall(r'<li class="task [^"]*"[^>]*>.*?</li>', page, re.S)
    searching = [row for row in rows if "Keep searching" in row]
    assert len(searching) == 1
    assert all(company in searching[0] for company in COMPANIES)
