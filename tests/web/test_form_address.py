"""The debrief form holds each person's form of address, a topic's linked
strength and short form, a promise's link, file and what it shows, a reference's
role and the recruiter's part, as a browser without JavaScript posts them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from followthrough.app.records import import_files
from followthrough.debrief import Debrief
from followthrough.debrief.model import Topic
from followthrough.errors import Problem
from tests.debrief.sample import (
    KMP_TOPIC,
    SHORT_SAMPLE,
    SHOWS,
    SHOWS_SAMPLE,
    STRENGTH,
    TOLD_SAMPLE,
    write_sample,
)
from tests.web.conftest import form_fields

STRENGTHS = "built dashboards the sales team used daily\ncut report run time by 80%"


def _form(token: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "candidate.name": "Mina Park", "candidate.email": "mina@example.net",
        "candidate.timezone": "Europe/London", "candidate.strengths": STRENGTHS,
        "interview.company": "Nordlicht GmbH", "interview.role": "Data Analyst",
        "interview.starts": "2026-11-16T10:00", "interview.country": "DE",
        "interview.timezone": "Europe/Berlin", "interview.channel": "email",
        "interviewers[0].name": "Jonas Becker", "interviewers[0].rapport": "warm",
        "interviewers[0].topics": "your sales dashboards\nhow data requests arrive",
    }
    data.update(changes)
    return data


def _saved(client: TestClient, app: FastAPI, data: dict[str, str]) -> Debrief:
    answer = client.post("/interviews/new", data=data)
    assert answer.status_code == 303, _problems_of(answer.text)
    interview_id = int(answer.headers["location"].split("/")[2].split("?")[0])
    debrief: Debrief = app.state.store.get_interview(interview_id).debrief
    return debrief


def _problems_of(page: str) -> str:
    found = re.search(r'<div class="notice error".*?</div>', page, re.DOTALL)
    return html.unescape(found.group(0)) if found else page[:2000]


def _beside(page: str, field_id: str) -> str:
    """The markup of one field's box, from its control to the end of its ``div``."""
    start = page.index(f'id="{field_id}"')
    return html.unescape(page[start:page.index("</div>", start)])


def test_the_new_form_asks_for_every_new_field(client: TestClient) -> None:
    page = html.unescape(client.get("/interviews/new?all=1").text)

    for name in ("interviewers[0].honorific", "interviewers[0].family_name",
                 "interviewers[0].address", "recruiter.honorific", "recruiter.address",
                 "recruiter.runs_process", "references[0].honorific", "references[0].address",
                 "references[0].role", "references[0].company", "references[0].current",
                 "promises[0].url", "promises[0].file", "promises[0].shows"):
        assert f'name="{name}"' in page, name
    address = page[page.index('name="interviewers[0].address"'):]
    address = address[:address.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', address) == ["", "first-name", "family-name"]
    assert "As is usual in their country" in address
    assert "show the strength choices" in page


def test_the_new_fields_are_stored(client: TestClient, token: str, app: FastAPI,
                                   tmp_path: Path) -> None:
    note = tmp_path / "note.pdf"
    note.write_bytes(b"%PDF-1.4\n")

    debrief = _saved(client, app, _form(token, **{
        "interviewers[0].honorific": "Mr.", "interviewers[0].address": "first-name",
        "interviewers[1].name": "Aylin Demir", "interviewers[1].honorific": "Dr.",
        "interviewers[1].family_name": "Demir-Wolf",
        "recruiter.name": "Lena Hoffmann", "recruiter.honorific": "Ms.",
        "recruiter.runs_process": "yes",
        "promises[0].what": "the sync design note", "promises[0].to": "Aylin Demir",
        "promises[0].url": "https://example.org/note", "promises[0].file": str(note),
        "promises[0].shows": "how the app merged offline edits.",
        "references[0].name": "Priyanka Das", "references[0].role": "tech lead",
        "references[0].company": "Fieldwise Ltd", "references[0].current": "no",
        "references[0].address": "family-name", "references[0].honorific": "Ms.",
    }))

    jonas, aylin = debrief.interviewers
    assert (jonas.honorific, jonas.address) == ("Mr.", "first-name")
    assert (aylin.honorific, aylin.family_name, aylin.address) == ("Dr.", "Demir-Wolf", None)
    assert debrief.recruiter is not None
    assert (debrief.recruiter.honorific, debrief.recruiter.runs_process) == ("Ms.", True)
    promise = debrief.promises[0]
    assert (promise.url, promise.file) == ("https://example.org/note", str(note))
    assert promise.shows == "how the app merged offline edits"  # its full stop dropped
    reference = debrief.references[0]
    assert (reference.role, reference.company, reference.current, reference.address) == (
        "tech lead", "Fieldwise Ltd", False, "family-name")


def test_topics_typed_as_lines_still_work(client: TestClient, token: str,
                                          app: FastAPI) -> None:
    debrief = _saved(client, app, _form(token))

    assert debrief.interviewers[0].topics == ["your sales dashboards", "how data requests arrive"]


def test_a_strength_is_linked_to_a_topic_without_javascript(client: TestClient, token: str,
                                                            app: FastAPI) -> None:
    shown = client.post("/interviews/new", data={**_form(token), "more": "topics"})

    assert shown.status_code == 200
    assert app.state.store.count_interviews() == 0
    page = html.unescape(shown.text)
    assert "Which of your strengths truly bears on each topic?" in page
    assert "Strength behind “your sales dashboards”" in page
    select = page[page.index('name="interviewers[0].topics[0].strength"'):]
    select = select[:select.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', select) == [
        "", "built dashboards the sales team used daily", "cut report run time by 80%"]

    fields = form_fields(shown.text)
    fields["interviewers[0].topics[0].strength"] = "built dashboards the sales team used daily"
    debrief = _saved(client, app, fields)

    assert debrief.interviewers[0].topics == [
        Topic(about="your sales dashboards", strength="built dashboards the sales team used daily"),
        "how data requests arrive"]


def test_a_link_follows_its_topic_when_the_lines_change(client: TestClient, token: str,
                                                        app: FastAPI) -> None:
    fields = form_fields(client.post("/interviews/new",
                                     data={**_form(token), "more": "topics"}).text)
    fields["interviewers[0].topics[1].strength"] = "cut report run time by 80%"
    fields["interviewers[0].topics"] = "how data requests arrive\nyour sales dashboards\nSQL"

    debrief = _saved(client, app, fields)

    person = debrief.interviewers[0]
    assert person.topic_texts == ["how data requests arrive", "your sales dashboards", "SQL"]
    assert person.strength_for("how data requests arrive") == "cut report run time by 80%"
    assert person.strength_for("your sales dashboards") is None


def test_told_is_ticked_beside_its_strength_and_follows_its_topic(
        client: TestClient, token: str, app: FastAPI) -> None:
    shown = client.post("/interviews/new", data={**_form(token), "more": "topics"})
    page = html.unescape(shown.text)
    box = page[page.index('name="interviewers[0].topics[1].told"'):]
    box = box[:box.index("</label>")]
    assert 'type="checkbox"' in page[page.rindex("<input", 0, page.index(
        'name="interviewers[0].topics[1].told"')):][:80]
    assert 'for="f-interviewers-0-topics-1-told"' in box
    assert "I told them about this in the interview" in box
    assert "the strength behind “how data requests arrive”" in box  # its topic, for a reader
    fields = form_fields(shown.text)
    assert "interviewers[0].topics[1].told" not in fields  # unticked: nothing posted
    fields["interviewers[0].topics[1].strength"] = "cut report run time by 80%"
    fields["interviewers[0].topics[1].told"] = "on"
    fields["interviewers[0].topics"] = "how data requests arrive\nyour sales dashboards"

    again = form_fields(client.post("/interviews/new", data={**fields, "more": "x"}).text)
    assert again["interviewers[0].topics[0].told"] == "on"
    assert "interviewers[0].topics[1].told" not in again
    debrief = _saved(client, app, again)

    assert debrief.interviewers[0].topics == [
        Topic(about="how data requests arrive", strength="cut report run time by 80%",
              told=True),
        "your sales dashboards"]
    assert debrief.interviewers[0].strength_told("how data requests arrive")


def test_told_without_a_strength_is_ignored(client: TestClient, token: str,
                                           app: FastAPI) -> None:
    fields = form_fields(client.post("/interviews/new",
                                     data={**_form(token), "more": "topics"}).text)
    fields["interviewers[0].topics[0].told"] = "on"

    again = form_fields(client.post("/interviews/new", data={**fields, "more": "x"}).text)
    assert "interviewers[0].topics[0].told" not in again
    debrief = _saved(client, app, fields)

    assert debrief.interviewers[0].topics == ["your sales dashboards",
                                              "how data requests arrive"]


def test_a_problem_on_told_is_named_beside_it() -> None:
    from followthrough.web import forms

    state = forms.submitted(_form("t", **{"interviewers[0].topics[0].strength": "x"}))

    forms.with_problems(state, [Problem("interviewers[0].topics[0].told", "no strength")])

    assert state.errors == {"interviewers[0].topics[0].told": ["no strength"]}
    assert forms.label_of("interviewers[0].topics[0].told", state) == (
        "Interviewer 1: Told them about the strength behind “your sales dashboards”")


def test_short_is_a_labelled_input_beside_each_topic_and_follows_it(
        client: TestClient, token: str, app: FastAPI) -> None:
    shown = client.post("/interviews/new", data={**_form(token), "more": "topics"})
    page = html.unescape(shown.text)
    box = _beside(page, "f-interviewers-0-topics-1-short")
    assert 'type="text"' in page[page.rindex("<input", 0, page.index(
        'id="f-interviewers-0-topics-1-short"')):][:40]
    label = page[page.index('<label for="f-interviewers-0-topics-1-short"'):]
    label = label[:label.index("</label>")]
    assert "In a few words, for later notes (optional)" in label
    assert "(“how data requests arrive”)" in label  # its topic, for a reader
    assert 'name="interviewers[0].topics[1].short"' in box
    fields = form_fields(shown.text)
    fields["interviewers[0].topics[1].short"] = "data requests"
    fields["interviewers[0].topics[0].strength"] = "built dashboards the sales team used daily"
    fields["interviewers[0].topics"] = "how data requests arrive\nyour sales dashboards"

    again = form_fields(client.post("/interviews/new", data={**fields, "more": "x"}).text)
    assert again["interviewers[0].topics[0].short"] == "data requests"
    assert again["interviewers[0].topics[1].short"] == ""
    assert again["interviewers[0].topics[1].strength"] == (
        "built dashboards the sales team used daily")
    debrief = _saved(client, app, again)

    assert debrief.interviewers[0].topics == [
        Topic(about="how data requests arrive", short="data requests"),  # no strength: a table
        Topic(about="your sales dashboards",
              strength="built dashboards the sales team used daily")]
    assert debrief.to_document()["interviewers"][0]["topics"][0] == {  # type: ignore[index]
        "about": "how data requests arrive", "short": "data requests"}


def test_short_is_asked_without_any_strengths(client: TestClient, token: str,
                                             app: FastAPI) -> None:
    shown = client.post("/interviews/new", data={**_form(token, **{"candidate.strengths": ""}),
                                                 "more": "topics"})
    page = html.unescape(shown.text)
    assert "Each topic in a few words" in page
    assert 'name="interviewers[0].topics[0].strength"' not in page
    assert 'name="interviewers[0].topics[0].told"' not in page
    fields = form_fields(shown.text)
    fields["interviewers[0].topics[0].short"] = "your dashboards"

    debrief = _saved(client, app, fields)

    assert debrief.interviewers[0].topics == [
        Topic(about="your sales dashboards", short="your dashboards"), "how data requests arrive"]


def test_a_short_form_as_long_as_its_topic_is_an_error_beside_it(client: TestClient,
                                                                 token: str) -> None:
    fields = form_fields(client.post("/interviews/new",
                                     data={**_form(token), "more": "topics"}).text)
    fields["interviewers[0].topics[0].short"] = "all of your sales dashboards"

    answer = client.post("/interviews/new", data=fields)

    assert answer.status_code == 422
    page = html.unescape(answer.text)
    beside = _beside(page, "f-interviewers-0-topics-0-short")
    assert "is not shorter than its topic" in beside
    assert "a few words, shorter than the topic" in beside
    assert 'value="all of your sales dashboards"' in beside  # kept to correct
    assert 'aria-describedby="f-interviewers-0-topics-0-short-err"' in beside
    assert "Interviewer 1: “your sales dashboards” in a few words" in _problems_of(answer.text)


def test_the_edit_form_round_trips_short(client: TestClient, app: FastAPI,
                                        tmp_path: Path) -> None:
    interview_id = import_files(app.state.store, [write_sample(tmp_path, SHORT_SAMPLE)])[0].id
    before = app.state.store.get_interview(interview_id).debrief

    fields = form_fields(client.get(f"/interviews/{interview_id}/edit").text)

    assert fields["interviewers[0].topics[0].short"] == "offline sync"
    assert fields["interviewers[0].topics[1].short"] == "your Kotlin Multiplatform split"
    assert fields["interviewers[1].topics[0].short"] == ""
    answer = client.post(f"/interviews/{interview_id}/edit", data=fields)
    assert answer.status_code == 303, _problems_of(answer.text)
    after = app.state.store.get_interview(interview_id).debrief
    assert after == before
    assert after.interviewers[0].short_for(KMP_TOPIC) == "your Kotlin Multiplatform split"


def test_shows_is_a_labelled_input_beside_each_promise(client: TestClient, token: str,
                                                       app: FastAPI) -> None:
    page = html.unescape(client.get("/interviews/new?all=1").text)
    box = _beside(page, "f-promises-0-shows")
    assert 'name="promises[0].shows"' in box
    label = page[page.index('<label for="f-promises-0-shows"'):]
    assert label[:label.index("</label>")].endswith("What it shows (optional)")
    assert page.index('id="f-promises-0-file"') < page.index('id="f-promises-0-shows"')

    debrief = _saved(client, app, _form(token, **{
        "promises[0].what": "the design note", "promises[0].url": "https://example.org/n",
        "promises[0].shows": SHOWS, "promises[1].what": "my slides",
        "promises[1].shows": ""}))

    assert [p.shows for p in debrief.promises] == [SHOWS, None]
    assert "shows" not in debrief.to_document()["promises"][1]  # type: ignore[index]


@pytest.mark.parametrize(("shows", "said"), [
    (f"It shows {SHOWS}", "starts with 'It'"),
    ("how " + "the app merged edits, " * 8, "at most 160 are allowed"),
])
def test_a_bad_shows_is_an_error_beside_it(client: TestClient, token: str, shows: str,
                                          said: str) -> None:
    answer = client.post("/interviews/new", data=_form(token, **{
        "promises[0].what": "the design note", "promises[0].shows": shows}))

    assert answer.status_code == 422
    beside = _beside(answer.text, "f-promises-0-shows")
    assert said in beside
    assert f'value="{shows}"' in beside  # kept to correct
    assert re.search(r'aria-invalid="true" aria-describedby="[^"]*f-promises-0-shows-err"',
                     beside)
    assert "Promise 1: What it shows (optional)" in _problems_of(answer.text)


def test_the_edit_form_round_trips_shows(client: TestClient, app: FastAPI,
                                        tmp_path: Path) -> None:
    interview_id = import_files(app.state.store, [write_sample(tmp_path, SHOWS_SAMPLE)])[0].id
    before = app.state.store.get_interview(interview_id).debrief

    fields = form_fields(client.get(f"/interviews/{interview_id}/edit").text)

    assert fields["promises[0].shows"] == SHOWS
    answer = client.post(f"/interviews/{interview_id}/edit", data=fields)
    assert answer.status_code == 303, _problems_of(answer.text)
    after = app.state.store.get_interview(interview_id).debrief
    assert after == before
    assert after.promises[0].shows == SHOWS


def test_a_strength_no_longer_listed_is_an_error_beside_its_topic(client: TestClient,
                                                                  token: str) -> None:
    fields = form_fields(client.post("/interviews/new",
                                     data={**_form(token), "more": "topics"}).text)
    fields["interviewers[0].topics[0].strength"] = "cut report run time by 80%"
    fields["candidate.strengths"] = "built dashboards the sales team used daily\ncut run time"

    answer = client.post("/interviews/new", data=fields)

    assert answer.status_code == 422
    beside = _beside(answer.text, "f-interviewers-0-topics-0-strength")
    assert "'cut report run time by 80%' is not one of your strengths" in beside
    assert "did you mean 'cut run time'?" in beside
    assert "cut report run time by 80% (not in your strengths)" in beside  # still shown
    summary = _problems_of(answer.text)
    assert "Interviewer 1: Strength behind “your sales dashboards”" in summary
    assert "candidate.strengths" not in summary + beside


def test_help_says_how_notes_will_open(client: TestClient, token: str) -> None:
    page = html.unescape(client.post("/interviews/new", data={**_form(token, **{
        "interviewers[0].honorific": "Mr.", "interviewers[0].rapport": "neutral",
        "interviewers[1].name": "Max Weber",
        "interviewers[2].name": "Aylin Demir", "interviewers[2].salutation": "Liebe Aylin",
        "references[0].name": "Priyanka Das",
    }), "more": "interviewers"}).text)

    assert "Notes will open: Dear Mr Becker." in _beside(page, "f-interviewers-0-address")
    assert ("Notes will open: Dear Max. To write “Dear … Weber”, give the honorific."
            in _beside(page, "f-interviewers-1-address"))
    assert "Notes will open: Liebe Aylin." in _beside(page, "f-interviewers-2-address")
    assert "Notes will open: Hi Priyanka." in _beside(page, "f-references-0-address")
    assert "Notes will open" not in _beside(page, "f-interviewers-3-address")  # no name yet


def test_help_follows_the_country(client: TestClient, token: str) -> None:
    def opening(**changes: str) -> str:
        page = client.post("/interviews/new", data={**_form(token, **changes), "more": "x"})
        return _beside(page.text, "f-interviewers-0-address")

    assert "Notes will open: Dear Jonas." in opening(**{"interview.country": "US",
                                                       "interview.timezone": "America/Chicago"})
    assert "Notes will open: Dear Becker-san." in opening(**{"interview.country": "JP",
                                                            "interview.timezone": "Asia/Tokyo"})
    assert "Notes will open: Dear Mr. Becker." in opening(**{
        "interview.country": "US", "interview.timezone": "America/Chicago",
        "interviewers[0].honorific": "Mr", "interviewers[0].address": "family-name"})


def test_problems_are_named_in_the_forms_words(client: TestClient, token: str,
                                               tmp_path: Path) -> None:
    answer = client.post("/interviews/new", data=_form(token, **{
        "interviewers[0].honorific": "Herr Doktor Professor Dr.",
        "promises[0].what": "the note", "promises[0].url": "example.org/note",
    }))

    assert answer.status_code == 422
    honorific = _beside(answer.text, "f-interviewers-0-honorific")
    assert "is 25 characters long; at most 20 are allowed" in honorific
    assert "leave it empty to use the first name" in honorific
    assert "is not a web address" in _beside(answer.text, "f-promises-0-url")
    summary = _problems_of(answer.text)
    for label in ("Interviewer 1: Honorific", "Promise 1: Link to it"):
        assert label in summary, label
    assert 'value="Herr Doktor Professor Dr."' in answer.text  # what was typed is kept


def test_a_missing_file_is_named_beside_its_field(client: TestClient, token: str,
                                                  tmp_path: Path) -> None:
    answer = client.post("/interviews/new", data=_form(token, **{
        "promises[0].what": "the note", "promises[0].file": str(tmp_path / "gone.pdf")}))

    assert answer.status_code == 422
    assert f"no such file: {tmp_path / 'gone.pdf'}" in _beside(answer.text, "f-promises-0-file")
    assert "Promise 1: File to attach" in _problems_of(answer.text)


def test_a_shared_server_does_not_look_at_the_path(tmp_path: Path) -> None:
    from followthrough.web import forms

    state = forms.submitted(_form("t", **{"promises[0].what": "the note",
                                          "promises[0].file": str(tmp_path / "gone.pdf")}))

    debrief = forms.to_debrief(state, local_files=False)

    assert debrief.promises[0].file == str(tmp_path / "gone.pdf")


def test_the_edit_form_round_trips_every_new_field(client: TestClient, token: str,
                                                   app: FastAPI, tmp_path: Path) -> None:
    interview_id = import_files(app.state.store, [write_sample(tmp_path, TOLD_SAMPLE)])[0].id
    before = app.state.store.get_interview(interview_id).debrief

    page = client.get(f"/interviews/{interview_id}/edit").text
    fields = form_fields(page)

    assert fields["interviewers[0].address"] == "first-name"
    assert fields["interviewers[0].topics[0].strength"] == STRENGTH
    assert fields["interviewers[0].topics[0].told"] == "on"
    assert "interviewers[1].topics[1].told" not in fields
    assert fields["interviewers[1].family_name"] == "Demir-Wolf"
    assert fields["recruiter.runs_process"] == "yes"
    assert fields["references[0].current"] == "yes"
    assert fields["promises[0].file"] == str(tmp_path / "files" / "note.pdf")
    answer = client.post(f"/interviews/{interview_id}/edit", data=fields)
    assert answer.status_code == 303, _problems_of(answer.text)
    assert app.state.store.get_interview(interview_id).debrief == before
