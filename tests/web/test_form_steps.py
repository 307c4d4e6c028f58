"""The debrief form over HTTP (issue 18, the form): a short first step that
creates the interview, the rest added on its edit page without losing anything;
"Add another" as a fragment for app.js and, without JavaScript, a reload that
lands on the new row; warnings (a future interview, a decision date before the
interview) shown while saving goes ahead. The clock is frozen by the app."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.web.forms import MAX_ROWS
from tests.web.conftest import form_fields
from tests.web.test_profile_page import RAVI

FIRST = {"step": "first", "candidate.name": "Mina Park", "candidate.email": "mina@example.net",
         "candidate.timezone": "Europe/London", "interview.company": "Nordlicht GmbH",
         "interview.role": "Data Analyst", "interview.starts": "2026-11-13T10:00",
         "interview.timezone": "Europe/Berlin", "interview.country": "DE",
         "interviewers[0].name": "Jonas Weber",
         "interviewers[0].email": "jonas@nordlicht.example"}
"""The first step, filled in: three days before the app's frozen now (16 November)."""


def _named(page: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea) [^>]*name="([^"]+)"', page)) - {
        "csrf_token", "step"}


def _details(page: str, title: str) -> str:
    """The opening tag of the folding section titled ``title``."""
    found = re.search(r'(<details [^>]*>)\s*<summary>' + re.escape(title) + "[ <]", page)
    assert found, title
    return found.group(1)


def test_the_first_step_asks_only_company_role_when_and_who(client: TestClient) -> None:
    page = client.get("/interviews/new").text

    assert _named(page) == {
        "candidate.name", "candidate.email", "candidate.timezone", "interview.company",
        "interview.role", "interview.starts", "interview.timezone", "interview.country",
        "interviewers[0].name", "interviewers[0].email"}
    assert "Know the process" not in page
    assert 'href="/interviews/new?all=1"' in page
    everything = client.get("/interviews/new?all=1").text
    assert len(_named(everything)) > 50
    assert "Know the process" in everything


def test_with_a_saved_profile_the_first_step_carries_it_unseen(
        client: TestClient, token: str, app: FastAPI) -> None:
    client.post("/profile", data={**RAVI, "csrf_token": token})

    page = client.get("/interviews/new").text

    assert not {"candidate.name", "candidate.email"} & {
        name for name in _named(page)
        if re.search(rf'<input type="(?:text|email)" [^>]*name="{re.escape(name)}"', page)}
    assert "As Ravi Subramanian (ravi.subramanian@example.net)" in page
    fields = form_fields(page)
    assert fields["candidate.signature"] == "Ravi Subramanian\n+44 7700 900000"
    first = {key: value for key, value in FIRST.items() if not key.startswith("candidate.")}
    answer = client.post("/interviews/new", data={**fields, **first})
    assert answer.status_code == 303
    candidate = app.state.store.get_interview(1).debrief.candidate
    assert candidate.name == "Ravi Subramanian"
    assert candidate.signature == "Ravi Subramanian\n+44 7700 900000"
    assert candidate.strengths == ["passed the JLPT N2", "ran design reviews in Japanese"]


def test_the_first_step_creates_the_interview_then_the_rest_keeps_everything(
        client: TestClient, token: str, app: FastAPI) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token})

    assert answer.status_code == 303
    assert answer.headers["location"] == "/interviews/1/edit?rest=1"
    stored = app.state.store.get_interview(1)
    assert stored.debrief.interviewers[0].email == "jonas@nordlicht.example"
    assert any(row.kind == "thank-you" for row in app.state.store.plan_of(1))

    rest = client.get(answer.headers["location"]).text
    assert "Saved, and the thank-you notes are planned" in rest
    assert " open" in _details(rest, "Interviewers")
    assert " open" in _details(rest, "The interview")
    for folded in ("About you", "Know the process", "Promises you made", "Reflection"):
        assert " open" not in _details(rest, folded), folded
    fields = form_fields(rest)
    assert fields["interview.company"] == "Nordlicht GmbH"
    fields.update({"interviewers[0].topics": "dashboards for the sales team",
                   "promises[0].what": "my notebook on funnel metrics",
                   "promises[0].to": "Jonas Weber", "interview.decision": "within two weeks",
                   "reflection.went_well": "the SQL exercise"})
    saved = client.post("/interviews/1/edit", data=fields)

    assert saved.status_code == 303
    debrief = app.state.store.get_interview(1).debrief
    assert (debrief.interview.company, debrief.interviewers[0].email) == (
        "Nordlicht GmbH", "jonas@nordlicht.example")
    assert debrief.interview.starts.isoformat() == "2026-11-13T10:00:00+01:00"
    assert debrief.interviewers[0].topics == ["dashboards for the sales team"]
    assert debrief.promises[0].what == "my notebook on funnel metrics"
    assert debrief.interview.decision == "within two weeks"
    assert app.state.store.count_interviews() == 1


def test_the_first_step_can_go_straight_to_the_plan(client: TestClient, token: str) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token,
                                                  "then": "plan"})
    assert answer.headers["location"] == "/interviews/1?saved=1"


def test_a_problem_in_the_first_step_shows_the_first_step_again(
        client: TestClient, token: str, app: FastAPI) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token,
                                                  "interviewers[0].email": "jonas at home"})

    assert answer.status_code == 422
    assert "is not an e-mail address" in answer.text
    assert 'value="jonas at home"' in answer.text
    assert "Know the process" not in answer.text
    assert 'name="step" value="first"' in answer.text
    assert app.state.store.count_interviews() == 0


def test_add_another_without_javascript_lands_on_the_new_row(
        client: TestClient, token: str, app: FastAPI) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token,
                                                  "more": "interviewers"})

    assert answer.status_code == 200
    page = answer.text
    assert 'value="Jonas Weber"' in page
    assert 'id="row-interviewers-1"' in page
    assert re.search(r'<input type="text" id="f-interviewers-1-name" name="interviewers\[1\]'
                     r'\.name" value="" autofocus', page)
    assert page.count("autofocus") == 1
    assert 'formaction="/interviews/new#row-interviewers-2"' in page  # the next one
    assert "Know the process" not in page
    assert app.state.store.count_interviews() == 0


def test_add_another_gives_one_row_as_a_fragment(client: TestClient) -> None:
    answer = client.get("/debrief-form/row?section=promises&row=2")

    assert answer.status_code == 200
    fragment = answer.text.strip()
    assert fragment.startswith('<fieldset class="row" id="row-promises-2">')
    assert "<html" not in fragment
    assert "<legend>Promise 3</legend>" in fragment
    assert _named(fragment) == {f"promises[2].{name}" for name in (
        "what", "to", "url", "file", "shows", "attachment", "about", "separate")}
    first = client.get("/debrief-form/row?section=interviewers&row=1&step=first").text
    assert _named(first) == {"interviewers[1].name", "interviewers[1].email"}


def test_a_row_the_form_cannot_hold_is_refused_in_words(client: TestClient) -> None:
    for query, said in ((f"section=promises&row={MAX_ROWS}", "is not a row the form can add"),
                        ("section=candidate&row=1", "is not a list of the debrief form"),
                        ("section=promises&row=²", "is not a row the form can add")):
        answer = client.get(f"/debrief-form/row?{query}")
        assert answer.status_code == 400, query
        assert said in html.unescape(answer.text)


def test_a_future_interview_is_saved_with_a_warning(client: TestClient, token: str,
                                                   app: FastAPI) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token, "then": "plan",
                                                  "interview.starts": "2026-11-20T10:00"})

    assert answer.status_code == 303
    assert app.state.store.count_interviews() == 1
    page = html.unescape(client.get(answer.headers["location"]).text)
    warning = page[page.index('id="saved-warnings"'):]
    warning = warning[:warning.index("</div>")]
    assert ('href="/interviews/1/edit#f-interview-starts">The interview: When it started'
            in warning)
    assert "the interview is dated in the future (Fri 20 Nov 2026 10:00, Europe/Berlin)" \
        in warning
    assert 'id="saved-warnings"' not in client.get("/interviews/1").text
    edit = html.unescape(client.get("/interviews/1/edit").text)
    beside = edit[edit.index('id="f-interview-starts"'):]
    beside = beside[:beside.index("</div>")]
    assert 'id="f-interview-starts-warn"' in beside
    assert "Worth a second look: the interview is dated in the future" in beside
    assert "f-interview-starts-warn" in beside[:beside.index(">")]  # aria-describedby
    assert client.post("/interviews/1/edit", data=form_fields(edit)).status_code == 303


def test_a_decision_date_before_the_interview_is_saved_with_a_warning(
        client: TestClient, token: str, app: FastAPI) -> None:
    answer = client.post("/interviews/new?all=1", data={
        **FIRST, "step": "", "csrf_token": token, "interview.decision_by": "2026-11-06"})

    assert answer.status_code == 303
    assert str(app.state.store.get_interview(1).debrief.interview.decision_by) == "2026-11-06"
    page = html.unescape(client.get(answer.headers["location"]).text)
    assert ("Know the process: Did they give a decision date?</a>: the decision date "
            "2026-11-06 is before the interview (2026-11-13)") in page
    assert "is dated in the future" not in page
    edit = client.get("/interviews/1/edit").text
    assert 'id="f-interview-decision-by-warn"' in edit
    assert " open" in _details(edit, "Know the process")


def test_sound_dates_give_no_warning(client: TestClient, token: str) -> None:
    answer = client.post("/interviews/new", data={**FIRST, "csrf_token": token, "then": "plan"})
    page = client.get(answer.headers["location"]).text
    assert "saved-warnings" not in page
    assert "-warn" not in client.get("/interviews/1/edit").text


def test_the_api_stores_a_future_interview_and_says_why_it_warns(
        client: TestClient, token: str, tokyo: int) -> None:
    document = client.get(f"/api/interviews/{tokyo}").json()["debrief"]
    document["interview"]["starts"] = "2026-12-01T14:00:00+09:00"
    document["interview"]["company"] = "Another K.K."

    answer = client.post("/api/interviews", json=document, headers={"X-CSRF-Token": token})

    assert answer.status_code == 201
    body = answer.json()
    assert (body["id"], body["created"]) == (tokyo + 1, True)
    assert [w["path"] for w in body["warnings"]] == ["interview.starts", "interview.decision_by"]
    assert body["warnings"][1]["message"].startswith(
        "the decision date 2026-11-30 is before the interview (2026-12-01)")
