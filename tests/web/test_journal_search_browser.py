"""Issue 18, acceptance 1, "search the journal", in real Chromium (Playwright)
against uvicorn on 127.0.0.1: from the nav to the Journal page, a full-text
search that finds an answer in another interview by the start of a word (the
whole word marked), the question bank filtered by topic to the questions you
struggled with, and the Markdown export downloaded. The screenshot goes to the
test's folder (and to $FT_SCREENSHOTS: docs/img/journal-search.png is made this
way)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from followthrough.app.records import import_files
from followthrough.web import create_app
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, US_PANEL
from tests.web.conftest import NOW
from tests.web.test_send_undo_browser import view_shot

pytestmark = pytest.mark.slow


@pytest.fixture
def live_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """Three interviews stored: Tokyo, the US panel and Kasumi Payments."""
    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(tmp_path / "live-home"))
    app = create_app(None, now=NOW)
    import_files(app.state.store, [JP_FIRST_ROUND, US_PANEL,
                                   EXAMPLES / "debrief-tokyo-payments.toml"])
    return app


def test_search_the_journal(page: Any, tmp_path: Path) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    page.wait_for_url("**/journal")
    box = page.get_by_label("Words to find in questions, answers, reflections and topics")
    box.fill("idem")
    box.press("Enter")
    page.wait_for_url("**/journal?q=idem")

    status = page.get_by_role("status")
    assert status.inner_text().startswith("1 result")
    hit = page.locator(".journal-hits li").first
    assert "Kasumi Payments K.K." in hit.inner_text()
    assert "Your answer" in hit.inner_text()
    assert hit.locator("mark").inner_text() == "Idempotency"

    page.get_by_label("Topic", exact=True).fill("settlement")
    page.get_by_label("Only the ones I struggled with").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/journal\?q=idem&company=&topic=settlement&struggled=true$"))
    asked = page.locator("#bank-h ~ article h3").all_inner_texts()
    assert len(asked) == 1
    assert asked[0].startswith("How would you keep settlement exactly-once")
    assert "worth preparing" in asked[0]
    assert page.get_by_role("status").inner_text().startswith("1 result")
    view_shot(page, tmp_path, "journal-search", ".journal-hits")

    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown").click()
    saved = tmp_path / "journal.md"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "journal.md"
    assert saved.read_text(encoding="utf-8").startswith("# Interview journal\n")

    hit = page.locator(".journal-hits li a").first
    hit.click()
    page.wait_for_url("**/journal")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Reflection journal")
    assert page.js_errors == []
