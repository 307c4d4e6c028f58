"""The debrief form in real Chromium (issue 18, the form): "Add another
interviewer" puts the row in place, focuses its first field and leaves the page
where it was; without JavaScript the reload lands on the new row. Screenshots go
to the test's folder (and to $FT_SCREENSHOTS, the docs' images)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import Server
from tests.web.test_browser import shot
from tests.web.test_send_undo_browser import view_shot

pytestmark = pytest.mark.slow
BUTTON = "Add another interviewer"


def fill_the_first_step(page: Any, starts: str) -> None:
    page.goto("/interviews/new")
    for field, value in {"candidate-name": "Alex Morgan",
                         "candidate-email": "alex.morgan@example.net",
                         "candidate-timezone": "Europe/Berlin", "interview-company": "Kumo",
                         "interview-role": "Data Engineer", "interview-starts": starts,
                         "interview-country": "JP", "interviewers-0-name": "Hiroshi Sato"
                         }.items():
        page.locator(f"#f-{field}").fill(value)


def _scrolled_to_the_button(page: Any) -> float:
    page.get_by_role("button", name=BUTTON).evaluate(
        "e => e.scrollIntoView({block: 'center'})")
    scroll: float = page.evaluate("window.scrollY")
    return scroll


def test_add_another_interviewer_in_place_keeps_your_place(page: Any, tmp_path: Path) -> None:
    page.goto("/interviews/new?all=1")
    page.locator("#f-interviewers-0-name").fill("Hiroshi Sato")
    page.locator("#f-interviewers-0-topics").fill("on-call across Tokyo and Berlin")
    before = _scrolled_to_the_button(page)
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("button", name=BUTTON).click()

    page.locator("#f-interviewers-1-name").wait_for()
    assert page.evaluate("document.activeElement.id") == "f-interviewers-1-name"
    after = page.evaluate("window.scrollY")
    assert before > 1500  # the button is far down the page
    assert abs(after - before) < 450, (before, after)  # within half a window: no jump
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert page.locator("#f-interviewers-0-name").input_value() == "Hiroshi Sato"
    assert page.locator("#row-interviewers-1 legend").inner_text() == "Interviewer 2"
    page.keyboard.type("Rina Ogawa")
    assert page.locator("#f-interviewers-1-name").input_value() == "Rina Ogawa"
    view_shot(page, tmp_path, "form-add-another", "#row-interviewers-1 legend")

    page.get_by_role("button", name=BUTTON).click()  # a third, numbered on from the second
    page.locator("#f-interviewers-2-name").wait_for()
    assert page.evaluate("document.activeElement.id") == "f-interviewers-2-name"
    assert page.js_errors == []


def test_the_first_steps_add_another_works_in_place_and_saves_both(
        page: Any, live_app: Any, tmp_path: Path) -> None:
    fill_the_first_step(page, "2026-11-16T14:00")

    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_function("() => document.activeElement.id === 'f-interviewers-1-name'")
    page.keyboard.type("Rina Ogawa")
    assert page.locator("#row-interviewers-1 input").count() == 2  # name and e-mail only
    shot(page, tmp_path, "form-first-step")
    page.get_by_role("button", name="Save and see the plan").click()

    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))
    names = [p.name for p in live_app.state.store.get_interview(1).debrief.interviewers]
    assert names == ["Hiroshi Sato", "Rina Ogawa"]
    assert page.js_errors == []


def test_without_javascript_the_reload_lands_on_the_new_row(browser: Any,
                                                           server: Server) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/interviews/new?all=1")
    page.locator("#f-interviewers-0-name").fill("Hiroshi Sato")

    page.get_by_role("button", name=BUTTON).click()

    page.wait_for_url(re.compile(r"/interviews/new#row-interviewers-1$"))
    assert page.locator("#f-interviewers-0-name").input_value() == "Hiroshi Sato"
    top = page.locator("#row-interviewers-1").evaluate("e => e.getBoundingClientRect().top")
    # the new row is in view, not the top of the page; scrolling to the anchor puts
    # its top at the viewport's, give or take a fraction of a pixel of rounding
    assert -1 < top < 900
    assert page.evaluate("window.scrollY") > 1500
    context.close()


def test_a_future_date_is_saved_and_the_warning_links_to_its_field(
        page: Any, tmp_path: Path) -> None:
    fill_the_first_step(page, "2027-11-16T14:00")
    page.get_by_role("button", name="Save and see the plan").click()

    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))
    warning = page.locator("#saved-warnings")
    assert "the interview is dated in the future (Tue 16 Nov 2027 14:00, Asia/Tokyo)" \
        in warning.inner_text()
    view_shot(page, tmp_path, "form-warning", "#saved-warnings")
    warning.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/interviews/1/edit#f-interview-starts$"))
    assert "Worth a second look" in page.locator("#f-interview-starts-warn").inner_text()
    assert page.js_errors == []


def test_told_is_a_labelled_checkbox_beside_its_strength(page: Any, live_app: Any,
                                                         tmp_path: Path) -> None:
    from followthrough.app.records import import_files
    from tests.debrief.sample import TOLD_SAMPLE, write_sample

    import_files(live_app.state.store, [write_sample(tmp_path / "debrief", TOLD_SAMPLE)])
    page.goto("/interviews/1/edit")

    jonas = page.get_by_role("checkbox", name="I told them about this in the interview (the "
                             "strength behind “keeping trip data in sync offline”)")
    aylin = page.get_by_role("checkbox", name="I told them about this in the interview (the "
                             "strength behind “mentoring in your team”)")
    assert jonas.is_checked()
    assert not aylin.is_checked()
    view_shot(page, tmp_path, "form-told", "#f-interviewers-0-topics-0-told")
    jonas.focus()
    page.keyboard.press("Space")  # keyboard only
    page.locator('label[for="f-interviewers-1-topics-1-told"]').click()  # by its label
    assert aylin.is_checked()
    page.get_by_role("button", name="Save and see the plan").first.click()

    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))
    first, second = live_app.state.store.get_interview(1).debrief.interviewers
    assert not first.strength_told("keeping trip data in sync offline")
    assert second.strength_told("mentoring in your team")
    assert page.js_errors == []


def test_short_is_a_labelled_text_input_beside_each_topic(page: Any, live_app: Any,
                                                          tmp_path: Path) -> None:
    from followthrough.app.records import import_files
    from tests.debrief.sample import KMP_TOPIC, SHORT_SAMPLE, write_sample

    import_files(live_app.state.store, [write_sample(tmp_path / "debrief", SHORT_SAMPLE)])
    page.goto("/interviews/1/edit")

    def short(topic: str) -> Any:
        return page.get_by_role("textbox", name=f"In a few words, for later notes (optional) "
                                                 f"(“{topic}”)")

    assert short(KMP_TOPIC).input_value() == "your Kotlin Multiplatform split"
    assert short("mentoring in your team").input_value() == ""
    view_shot(page, tmp_path, "form-short", "#f-interviewers-0-topics-1-short")
    short(KMP_TOPIC).fill("")
    short("mentoring in your team").focus()
    page.keyboard.type("your mentoring")  # keyboard only
    page.get_by_role("button", name="Save and see the plan").first.click()

    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))
    first, second = live_app.state.store.get_interview(1).debrief.interviewers
    assert first.topics[1] == KMP_TOPIC  # emptied: plain text again
    assert first.short_for("keeping trip data in sync offline") == "offline sync"
    assert second.short_for("mentoring in your team") == "your mentoring"
    assert page.js_errors == []


def test_shows_is_a_labelled_text_input_beside_each_promise(page: Any, live_app: Any,
                                                            tmp_path: Path) -> None:
    from followthrough.app.records import import_files
    from tests.debrief.sample import SHOWS, SHOWS_SAMPLE, write_sample

    import_files(live_app.state.store, [write_sample(tmp_path / "debrief", SHOWS_SAMPLE)])
    page.goto("/interviews/1/edit")
    shows = page.get_by_role("textbox", name="What it shows (optional)")

    assert shows.count() == 1
    assert shows.input_value() == SHOWS
    view_shot(page, tmp_path, "form-shows", "#f-promises-0-shows")
    shows.fill("")
    shows.focus()
    page.keyboard.type("It shows how the app merged offline edits")  # keyboard only
    page.get_by_role("button", name="Save and see the plan").first.click()

    error = page.locator("#f-promises-0-shows-err")
    error.wait_for()
    assert "starts with 'It'" in error.inner_text()
    assert shows.get_attribute("aria-invalid") == "true"
    assert shows.input_value() == "It shows how the app merged offline edits"  # kept
    shows.fill("how the app merged offline edits.")
    page.get_by_role("button", name="Save and see the plan").first.click()

    page.wait_for_url(re.compile(r"/interviews/1\?saved=1$"))
    promise = live_app.state.store.get_interview(1).debrief.promises[0]
    assert promise.shows == "how the app merged offline edits"  # its full stop dropped
    assert page.js_errors == []
