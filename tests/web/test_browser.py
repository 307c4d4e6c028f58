"""The web UI in real Chromium (Debian's, driven by Playwright) against a
uvicorn server on 127.0.0.1: the journeys a job seeker takes, keyboard use,
labels, and scripts that must never run."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.web.conftest import Server
from tests.web.test_security import store_hostile

pytestmark = pytest.mark.slow
SHOTS = os.environ.get("FT_SCREENSHOTS")
"""Also copy the screenshots here (the docs' images are made this way)."""


def shot(page: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)
    return path


def record_interview(page: Any, tmp_path: Path) -> None:
    """The short first step with one mistake, seen beside its field and fixed; then
    the rest of the debrief on the next page, in the sections opened for it."""
    page.goto("/interviews/new")
    page.locator("#f-candidate-name").fill("Alex Morgan")
    page.locator("#f-candidate-email").fill("alex.morgan@example.net")
    page.locator("#f-candidate-timezone").fill("Europe/Berlin")
    page.get_by_label("Company (required)").fill("雲ロボティクス株式会社 (Kumo Robotics)")
    page.get_by_label("Role (required)").fill("Senior Data Engineer")
    page.locator("#f-interview-starts").fill("2026-11-16T14:00")
    page.get_by_label("Their time zone").fill("Asia/Tokyo")
    page.get_by_label("Country where they work").fill("JP")
    page.locator("#f-interviewers-0-name").fill("Hiroshi Sato")
    page.locator("#f-interviewers-0-email").fill("h.sato at kumo")
    page.get_by_role("button", name="Save and add the rest").first.click()

    error = page.locator("#f-interviewers-0-email-err")
    error.wait_for()
    assert "is not an e-mail address" in error.inner_text()
    assert page.locator("#f-interviewers-0-email").get_attribute("aria-invalid") == "true"
    shot(page, tmp_path, "form-error")

    page.locator("#f-interviewers-0-email").fill("h.sato@kumo.example")
    page.get_by_role("button", name="Save and add the rest").first.click()
    page.wait_for_url(re.compile(r"/interviews/1/edit\?rest=1$"))
    assert page.locator("#f-interviewers-0-email").input_value() == "h.sato@kumo.example"
    page.locator("#f-interviewers-0-topics").fill(
        "ストリーミング処理への移行\non-call across Tokyo and Berlin")
    assert not page.locator("#f-interview-they-will-contact").is_visible()  # folded
    page.locator("summary", has_text="Know the process").click()
    page.locator("#f-interview-they-will-contact").select_option("yes")
    shot(page, tmp_path, "form-rest")
    page.get_by_role("button", name="Save and see the plan").first.click()
    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))


def test_a_job_seekers_journey(page: Any, tmp_path: Path) -> None:
    record_interview(page, tmp_path)
    step = page.locator("#a-thank-you\\.hiroshi-sato")
    assert "Thank-you note: Hiroshi Sato" in step.inner_text()
    assert "their time (Asia/Tokyo)" in step.inner_text()
    shot(page, tmp_path, "interview")

    # the draft: a familiar greeting is flagged as you type, one click fixes it
    step.get_by_role("link", name="Write it").click()
    body = page.locator("#body")
    body.fill("")
    body.press_sequentially("Hey Hiroshi,\n\nThank you for the conversation about streaming.")
    mark = page.locator("#backdrop mark", has_text="Hey")
    mark.wait_for(timeout=1000)
    apply = page.get_by_role("button", name="Replace with “Dear”")
    apply.click()
    page.wait_for_function(
        "() => document.getElementById('body').value.startsWith('Dear Hiroshi,')")
    page.locator("#backdrop mark", has_text="Hey").wait_for(state="detached", timeout=1000)
    # a placeholder left in the text is highlighted within a second too
    body.press("End")
    body.press_sequentially(" I look forward to joining [Company Name].")
    page.locator("#backdrop mark", has_text="[Company Name]").wait_for(timeout=1000)
    shot(page, tmp_path, "draft")

    # mark the note done, then a reply ends the inquiries
    page.goto("/interviews/1")
    page.get_by_role("button", name="Mark done: Thank-you note for Hiroshi Sato").click()
    page.locator("#a-thank-you\\.hiroshi-sato .badge", has_text="done").wait_for()
    assert page.locator(".step.status-pending", has_text="Ask for news").count() >= 1
    page.get_by_label("They replied. Who wrote?").select_option("Hiroshi Sato")
    page.get_by_role("button", name="Record the reply").click()
    page.locator(".state-line", has_text="They replied").wait_for()
    assert page.locator(".step.status-pending", has_text="Ask for news").count() == 0

    page.goto("/")
    assert "雲ロボティクス株式会社" in page.inner_text("main")
    shot(page, tmp_path, "dashboard")
    page.goto("/settings")
    shot(page, tmp_path, "settings")
    page.goto("/interviews/1/journal")
    shot(page, tmp_path, "journal")
    assert page.js_errors == []


def test_every_field_has_a_label_and_keyboard_reaches_every_action(
        page: Any, tmp_path: Path, live_app: FastAPI) -> None:
    from followthrough.app.records import import_files
    from tests.conftest import JP_FIRST_ROUND

    import_files(live_app.state.store, [JP_FIRST_ROUND])
    for url in ("/", "/interviews/new", "/interviews/1", "/interviews/1/edit",
                "/actions/1.thank-you.daichi-mori/draft", "/settings", "/interviews/1/journal"):
        page.goto(url)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
            'input:not([type=hidden]), select, textarea')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.name || e.id)""")
        assert unlabelled == [], (url, unlabelled)
        snapshot = page.locator("main").aria_snapshot()
        assert "textbox" in snapshot or "button" in snapshot or "link" in snapshot

    page.goto("/interviews/1")
    wanted = page.evaluate("""() => [...document.querySelectorAll(
        'main a[href], main button, main select, main summary')]
        .filter(e => e.offsetParent !== null)
        .filter(e => e.tagName === 'SUMMARY' || !e.closest('details:not([open])'))
        .map(e => e.outerHTML)""")
    reached = set()
    for _ in range(len(wanted) * 2 + 20):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.outerHTML"))
    missing = [html for html in wanted if html not in reached]
    assert missing == []

    # keyboard only: focus "Done" and press Enter
    done = page.get_by_role("button", name="Mark done: Reflect on the interview")
    done.focus()
    page.keyboard.press("Enter")
    page.locator("#a-reflection .badge", has_text="done").wait_for()


def test_no_payload_script_runs_in_chromium(browser: Any, server: Server,
                                            live_app: FastAPI) -> None:
    ids = store_hostile(live_app)
    # bypass_csp: the pages must be safe by escaping alone, not only by the CSP
    context = browser.new_context(base_url=server.url, bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    urls = ["/", "/interviews"]
    for interview_id in ids:
        urls += [f"/interviews/{interview_id}", f"/interviews/{interview_id}/edit",
                 f"/interviews/{interview_id}/journal"]
        first = live_app.state.store.plan_of(interview_id)
        urls += [f"/actions/{row.id}/draft" for row in first if row.kind == "thank-you"]
    for url in urls:
        page.goto(url)
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
        assert page.evaluate("() => window.__ftxss") is None, url
    assert dialogs == []
    context.close()
