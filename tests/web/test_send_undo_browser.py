"""Issue 18 in real Chromium (Playwright) against uvicorn on 127.0.0.1 and an
aiosmtpd server on 127.0.0.1: approve an overdue draft with "send now" and see
it sent, cancel a queued message from the outbox page, undo Done and undo an
outcome. Screenshots go to the test's folder (and to $FT_SCREENSHOTS)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from followthrough.app.records import import_files
from followthrough.store.outbox import OutboxStore
from followthrough.web import create_app
from tests.mail.conftest import SinkHandler
from tests.web.conftest import open_tab
from tests.web.test_browser import SHOTS, shot
from tests.web.test_send_now import AFTER, KASUMI, mail_account
from tests.web.test_send_now import no_keyring as no_keyring
from tests.web.test_send_now import sink as sink

pytestmark = pytest.mark.slow
YAMAMOTO = "thank-you.yamamoto-aiko"
TAKAHASHI = "thank-you.takahashi-kenta"


SECOND_ROUND = {
    "candidate-name": "Ravi Subramanian", "candidate-email": "ravi.subramanian@example.net",
    "candidate-timezone": "Asia/Tokyo", "interview-company": "Kasumi Payments K.K.",
    "interview-role": "Staff Engineer", "interview-starts": "2026-12-10T10:00",
    "interview-timezone": "Asia/Tokyo", "interview-country": "JP",
    "interviewers-0-name": "Mori Haruka", "interviewers-0-email": "mori at kasumipay",
}
"""The debrief form's fields by id (after ``f-``), one e-mail address malformed."""


def view_shot(page: Any, folder: Path, name: str, element: str) -> Path:
    """What the window shows with ``element`` in its middle (the docs' images)."""
    page.locator(element).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)
    return path


def step(key: str) -> str:
    """The CSS selector of a timeline step (the dots in its key escaped)."""
    return "#a-" + key.replace(".", "\\.")


@pytest.fixture
def kasumi_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               sink: tuple[SinkHandler, int]) -> FastAPI:
    """The Kasumi debrief five hours after the interview, with a mail account
    (the loopback sink) in a private home."""
    home = tmp_path / "live-home"
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(home))
    mail_account(home, sink[1])
    app = create_app(None, now=AFTER)
    import_files(app.state.store, [KASUMI])
    return app


@pytest.fixture
def tab(browser: Any, kasumi_app: FastAPI) -> Iterator[Any]:
    with open_tab(browser, kasumi_app, "Europe/London") as page:
        yield page


def test_approve_an_overdue_draft_with_send_now_and_see_it_sent(
        tab: Any, tmp_path: Path, kasumi_app: FastAPI, sink: tuple[SinkHandler, int]) -> None:
    tab.goto("/interviews/1")
    tab.locator(step(YAMAMOTO)).get_by_role("link", name="Write it").click()
    note = tab.locator("#overdue-note")
    assert "has passed" in note.inner_text()
    shot(tab, tmp_path, "send-now")

    tab.get_by_role("button", name="Approve: send now").click()

    tab.wait_for_url(re.compile(r"/interviews/1\?queued="))
    assert tab.locator("#approved").inner_text().startswith(
        "Sent: the thank-you note to Yamamoto Aiko went out Fri 11 Dec 15:00")
    sent = tab.locator(step(YAMAMOTO))
    assert sent.locator(".badge.sent").inner_text() == "sent"
    assert "pending" not in sent.inner_text()
    [message] = sink[0].messages()
    assert message["To"].addresses[0].addr_spec == "a.yamamoto@kasumipay.example"
    assert OutboxStore(kasumi_app.state.store).get(f"1.{YAMAMOTO}").status == "sent"
    shot(tab, tmp_path, "sent")
    assert tab.js_errors == []


def test_cancel_a_queued_message_from_the_outbox_page(
        tab: Any, tmp_path: Path, kasumi_app: FastAPI, sink: tuple[SinkHandler, int]) -> None:
    tab.goto(f"/actions/1.{TAKAHASHI}/draft")
    tab.get_by_label("Or send at (your time, Asia/Tokyo)").fill("2026-12-11T17:30")
    tab.get_by_role("button", name="Approve: send at this time").click()
    tab.wait_for_url(re.compile(r"/interviews/1\?queued="))
    assert "goes out Fri 11 Dec 17:30 your time" in tab.locator("#approved").inner_text()
    assert "queued" in tab.locator(f"{step(TAKAHASHI)} .badge.outbox").inner_text()

    tab.goto("/")
    assert "queued" in tab.locator(".task", has_text="Thank-you note for Takahashi Kenta"
                                   ).inner_text()
    shot(tab, tmp_path, "dashboard")
    tab.get_by_role("link", name="Outbox").first.click()
    message = tab.locator(".message", has_text="Takahashi Kenta")
    assert message.locator("[data-testid=state]").inner_text() == "Queued"
    shot(tab, tmp_path, "outbox")
    message.get_by_role("button", name="Cancel: Thank-you note to Takahashi Kenta").click()

    tab.locator("#outbox-notice", has_text="Cancelled").wait_for()
    message = tab.locator(".message", has_text="Takahashi Kenta")
    assert message.locator("[data-testid=state]").inner_text() == "Cancelled"
    assert message.get_by_role("button", name=re.compile("^Retry now")).is_visible()
    assert OutboxStore(kasumi_app.state.store).get(f"1.{TAKAHASHI}").status == "cancelled"
    assert sink[0].messages() == []
    shot(tab, tmp_path, "outbox-cancelled")
    assert tab.js_errors == []


def test_undo_done_and_undo_an_outcome(tab: Any, tmp_path: Path, kasumi_app: FastAPI
                                       ) -> None:
    def plan() -> dict[str, str]:
        return {row.key: row.status for row in kasumi_app.state.store.plan_of(1)}

    def status_of(key: str) -> str:
        return plan()[key]

    tab.goto("/interviews/1")
    tab.get_by_role("button", name="Mark done: Thank-you note for Yamamoto Aiko").click()
    tab.locator(f"{step(YAMAMOTO)} .badge", has_text="done").wait_for()
    focused = tab.evaluate("[document.activeElement.closest('li[id]')?.id,"
                           " document.activeElement.textContent]")
    assert focused == ["a-company-watch.1", "Done"]  # the next pending step's first button
    undo = tab.get_by_role("button", name="Undo done: Thank-you note for Yamamoto Aiko")
    assert undo.is_visible()
    shot(tab, tmp_path, "undo-done-page")
    view_shot(tab, tmp_path, "undo-done", step(YAMAMOTO))
    undo.click()
    tab.locator(f"{step(YAMAMOTO)} .badge", has_text="done").wait_for(state="detached")
    assert tab.get_by_role("button", name="Mark done: Thank-you note for Yamamoto Aiko"
                           ).is_visible()
    assert status_of(YAMAMOTO) == "pending"

    before = plan()
    assert tab.get_by_label("The outcome").input_value() == ""
    tab.get_by_label("The outcome").select_option("offer")
    tab.get_by_role("button", name="Record the outcome").click()
    tab.locator(".state-line", has_text="Offer").wait_for()
    assert "offer-reply" in plan()
    shot(tab, tmp_path, "undo-outcome-page")
    view_shot(tab, tmp_path, "undo-outcome", "#recorded-h")
    tab.get_by_role("button", name="Undo: The outcome: Offer").click()

    tab.locator(".state-line", has_text="Waiting to hear back").wait_for()
    assert tab.locator("#recorded-h").count() == 0
    assert plan() == before
    assert kasumi_app.state.store.get_interview(1).state == "awaiting"
    assert tab.js_errors == []


def test_fix_a_form_error_by_following_its_link(tab: Any, tmp_path: Path) -> None:
    tab.goto("/interviews/new")
    for field, value in SECOND_ROUND.items():
        tab.locator(f"#f-{field}").fill(value)
    tab.get_by_role("button", name="Save and see the plan").first.click()

    summary = tab.locator("#form-problems")
    link = summary.get_by_role("link", name=re.compile("E-mail"))
    assert "is not an e-mail address" in summary.inner_text()
    shot(tab, tmp_path, "form-error-summary")
    link.click()

    assert tab.evaluate("document.activeElement.id") == "f-interviewers-0-email"
    tab.keyboard.press("Control+A")
    tab.keyboard.type("h.mori@kasumipay.example")
    tab.get_by_role("button", name="Save and see the plan").first.click()
    tab.wait_for_url(re.compile(r"/interviews/2\?saved=1$"))
    assert "Mori Haruka" in tab.locator("main").inner_text()
    assert tab.js_errors == []


def test_create_an_interview_with_the_saved_profile_filled_in(tab: Any, tmp_path: Path,
                                                              kasumi_app: FastAPI) -> None:
    tab.goto("/profile")
    assert tab.locator("#f-candidate-timezone").input_value() == "Europe/London"  # the browser's
    tab.get_by_label("Your name").fill("Ravi Subramanian")
    tab.get_by_label("Your e-mail address").fill("ravi.subramanian@example.net")
    tab.get_by_label("Signature for your messages").fill("Ravi Subramanian\n+44 7700 900000")
    tab.get_by_label("Strengths worth repeating").fill("passed the JLPT N2")
    shot(tab, tmp_path, "profile")
    tab.get_by_role("button", name="Save the profile").click()
    tab.locator("#profile-saved").wait_for()

    tab.get_by_role("link", name="Record an interview").click()
    said = tab.locator("#as-you").inner_text()  # the first step asks no more about you
    assert "As Ravi Subramanian (ravi.subramanian@example.net)" in said
    assert "Europe/London" in said
    assert tab.locator("#f-candidate-name").count() == 0
    interview = {key: value for key, value in SECOND_ROUND.items()
                 if not key.startswith("candidate-")}
    for field, value in {**interview, "interviewers-0-email": "h.mori@kasumipay.example"
                         }.items():
        tab.locator(f"#f-{field}").fill(value)
    tab.get_by_role("button", name="Save and see the plan").first.click()

    tab.wait_for_url(re.compile(r"/interviews/2\?saved=1$"))
    candidate = kasumi_app.state.store.get_interview(2).debrief.candidate
    assert (candidate.name, candidate.timezone) == ("Ravi Subramanian", "Europe/London")
    assert candidate.signature == "Ravi Subramanian\n+44 7700 900000"
    assert candidate.strengths == ["passed the JLPT N2"]
    tab.goto("/")
    assert "(your time, Europe/London)" in tab.locator("#agenda-h").inner_text()
    assert tab.js_errors == []
