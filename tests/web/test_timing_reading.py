"""The web form and the interview page say how the decision words were read, and
the form asks which day ambiguous words mean before it saves them (issue 14). 002:
the company's own timeline decides when to ask for news, so the user sees the date
the plan takes from their words, and chooses it when the words allow two."""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI
from starlette.testclient import TestClient

from tests.web.conftest import form_fields
from tests.web.test_form_address import _beside
from tests.web.test_form_address import _form as form_with

ELEVENTH_OR_FOURTH = ("“next Friday” can mean Friday 11 December 2026 or Friday 4 December "
                      "2026. The later day is filled in here, so no inquiry comes early: save "
                      "again to keep it, or change it to the day they meant.")


def _form(token: str, **changes: str) -> dict[str, str]:
    """Wednesday 2 December 2026 in Berlin, and the words they used."""
    return form_with(token, **{"interview.starts": "2026-12-02T10:00",
                               "interview.minutes": "75",
                               "interview.decision": "they will decide next Friday", **changes})


def _saved_id(answer: Any) -> int:
    assert answer.status_code == 303, html.unescape(answer.text)[:3000]
    return int(answer.headers["location"].split("/")[2].split("?")[0])


def test_ambiguous_words_are_asked_about_with_the_later_day_filled_in(
        client: TestClient, app: FastAPI, token: str) -> None:
    """Saving 'next Friday' (said on a Wednesday) without a decision date saves nothing
    yet: the form comes back with 11 December filled in as the decision date and a
    message beside it naming both days; saving again keeps the 11th."""
    asked = client.post("/interviews/new", data=_form(token))

    assert asked.status_code == 200
    assert app.state.store.list_interviews() == []
    assert ELEVENTH_OR_FOURTH in _beside(asked.text, "f-interview-decision-by")
    assert 'href="#f-interview-decision-by"' in asked.text, "the notice links the field"
    assert ('Timing they gave: "next Friday", read as: Friday 11 December 2026 (it could also '
            "mean Friday 4 December; the decision date you gave, 11 December, settles it)"
            ) in _beside(asked.text, "f-interview-decision")
    again = form_fields(asked.text)
    assert again["interview.decision_by"] == "2026-12-11"

    interview_id = _saved_id(client.post("/interviews/new", data=again))

    stored = app.state.store.get_interview(interview_id).debrief.interview
    assert stored.decision_by.isoformat() == "2026-12-11"


def test_the_other_day_can_be_chosen_instead(client: TestClient, app: FastAPI,
                                             token: str) -> None:
    """The user who knows they meant this week's Friday changes the filled-in date."""
    asked = client.post("/interviews/new", data=_form(token))
    chosen = {**form_fields(asked.text), "interview.decision_by": "2026-12-04"}

    interview_id = _saved_id(client.post("/interviews/new", data=chosen))

    stored = app.state.store.get_interview(interview_id).debrief.interview
    assert stored.decision_by.isoformat() == "2026-12-04"


def test_clear_words_save_at_once_and_the_page_shows_the_reading(
        client: TestClient, token: str) -> None:
    """'within ten days' is one day (12 December): nothing to ask, the form saves, and
    the interview page shows the reading beside the decision, as `plan` does."""
    interview_id = _saved_id(client.post("/interviews/new", data=_form(
        token, **{"interview.decision": "they aim to decide within ten days"})))

    page = html.unescape(client.get(f"/interviews/{interview_id}").text)

    assert ('<p class="timing-reading" data-testid="timing-reading">Timing they gave: "within '
            'ten days", read as: by 12 December 2026</p>') in page


def test_the_reading_stands_beside_the_words_after_a_round_trip(client: TestClient,
                                                                token: str) -> None:
    """Any trip to the server (here: adding an interviewer row) shows how the words
    read under the decision field; without words there is no such line."""
    shown = client.post("/interviews/new", data={**_form(
        token, **{"interview.decision": "within two weeks"}), "more": "interviewers"})
    empty = client.post("/interviews/new", data={**_form(
        token, **{"interview.decision": ""}), "more": "interviewers"})

    assert ('Timing they gave: "within two weeks", read as: by 16 December 2026'
            in _beside(shown.text, "f-interview-decision"))
    assert "Timing they gave" not in empty.text


def test_the_edit_page_shows_the_reading_and_an_ambiguous_one_asks_to_choose(
        client: TestClient, token: str) -> None:
    """Editing a debrief saved with a chosen day shows the reading settled by that day."""
    asked = client.post("/interviews/new", data=_form(token))
    interview_id = _saved_id(client.post("/interviews/new", data=form_fields(asked.text)))

    page = client.get(f"/interviews/{interview_id}/edit").text

    assert "the decision date you gave, 11 December, settles it" in _beside(
        page, "f-interview-decision")


def test_the_api_gives_the_reading_as_the_cli_does(client: TestClient, token: str) -> None:
    """The API speaks the CLI's JSON shapes: interview.timing in the plan and the
    interview, 12 December for ten days from 2 December."""
    interview_id = _saved_id(client.post("/interviews/new", data=_form(
        token, **{"interview.decision": "they aim to decide within ten days"})))

    plan = client.get(f"/api/interviews/{interview_id}/plan").json()
    interview = client.get(f"/api/interviews/{interview_id}").json()

    assert set(plan) == {"interview", "actions"}
    assert plan["interview"]["timing"] == interview["timing"]
    assert interview["timing"]["read_as"] == "2026-12-12"
    assert interview["timing"]["said"] == "within ten days"
