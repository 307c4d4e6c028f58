"""The dashboard's week, grouped (issue 18, less noise), in Chromium: each
section by day, each day by interview, the reminders to yourself folded under
the messages that go out; Done with the keyboard lands on the next row. A
screenshot of the grouped dashboard is saved (and copied to $FT_SCREENSHOTS)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from followthrough import clock
from followthrough.app.records import import_files
from followthrough.web import create_app
from tests.conftest import us_panels_at
from tests.web.conftest import TestClient, open_tab
from tests.web.test_browser import shot

pytestmark = pytest.mark.slow
NOW = datetime.fromisoformat("2026-11-16T08:00:00-06:00")
"""Monday 16 November 2026, 08:00 in Chicago, the candidate's zone."""
INTERVIEWS = {"Firm A": 11, "Firm B": 12, "Firm C": 13}
"""Three copies of the US panel, interviewed on 11, 12 and 13 November."""


@pytest.fixture
def week_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(tmp_path / "live-home"))
    app = create_app(None, now=NOW)
    with clock.frozen(NOW):
        import_files(app.state.store, us_panels_at(tmp_path, INTERVIEWS))
    return app


@pytest.fixture
def tab(browser: Any, week_app: FastAPI) -> Iterator[Any]:
    with open_tab(browser, week_app, "America/Chicago") as page:
        yield page


def test_the_week_is_grouped_by_day_and_interview_with_reminders_folded(
        tab: Any, tmp_path: Path) -> None:
    tab.goto("/?all=1")
    for section, days in (("overdue", ["Wednesday 11 November", "Thursday 12 November",
                                       "Friday 13 November"]),
                          ("today", ["Monday 16 November"]),
                          ("upcoming", ["Tuesday 17 November", "Wednesday 18 November",
                                        "Thursday 19 November"])):
        assert tab.locator(f"section.day h4[id^=d-{section}-]").all_inner_texts() == days

    thursday = tab.locator("section.day", has=tab.locator("h4#d-overdue-2026-11-12"))
    groups = thursday.locator(".interview-group")
    assert groups.locator(".group-h").all_inner_texts() == ["Firm A", "Firm B",
                                                            "Every open interview"]
    firm_a = groups.first
    sent = firm_a.locator(":scope > ul .task")
    assert sent.count() == 3
    assert all(text.startswith("08:00") and "Thank-you note" in text
               for text in sent.all_inner_texts())
    fold = firm_a.locator("details.reminders")
    assert fold.locator("summary").inner_text() == "1 reminder to yourself"
    assert not fold.locator(".task").first.is_visible()
    assert "Keep a promise for Daniel Okoro" in fold.locator(".task").first.text_content()

    every = groups.last
    assert every.locator(".task").count() == 1
    assert "Keep searching" in every.inner_text()
    assert "Still open: Firm A, Firm B and Firm C." in every.inner_text()
    assert tab.locator(".task", has_text="Keep searching").count() == 1
    shot(tab, tmp_path, "dashboard-grouped")
    fold.locator("summary").click()
    assert fold.locator(".task").first.is_visible()
    assert tab.js_errors == []


def test_done_with_the_keyboard_moves_to_the_next_row(tab: Any, week_app: FastAPI) -> None:
    tab.goto("/")
    rows = tab.locator("li.task[id]")
    first_id = rows.nth(0).get_attribute("id")
    second_id = rows.nth(1).get_attribute("id")
    done = rows.nth(0).get_by_role("button", name=re.compile("^Mark done"))
    done.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"#t-"))
    tab.locator("li.task :focus").wait_for()

    focused = tab.evaluate("[document.activeElement.closest('li[id]')?.id,"
                           " document.activeElement.textContent.trim()]")
    assert focused[0] == second_id
    assert focused[1] in {"Write it", "Done"}
    assert tab.locator(f"[id='{first_id}']").count() == 0
    assert tab.js_errors == []


def test_done_goes_back_to_the_next_row_without_javascript(week_app: FastAPI) -> None:
    client = TestClient(week_app, base_url="http://127.0.0.1", follow_redirects=False)
    token = week_app.state.csrf_token
    page = client.get("/").text
    first, after = re.findall(r'<li class="task [a-z]+" id="t-([^"]+)"', page)[:2]

    answer = client.post(f"/actions/{first}/done",
                         data={"csrf_token": token, "back": "dashboard", "next": after})
    forged = client.post(f"/actions/{after}/done",
                         data={"csrf_token": token, "back": "dashboard",
                               "next": "x\"><script>"})

    assert answer.headers["location"] == f"/#t-{after}"
    assert forged.headers["location"] == "/#agenda-h"
