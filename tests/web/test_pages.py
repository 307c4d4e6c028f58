"""Every page and route through the app, as a browser without JavaScript uses it."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.testclient import TestClient

from tests.web.conftest import form_fields


def test_dashboard_empty_invites_the_first_debrief(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Record your first interview" in page.text
    assert "Nothing is due in the next seven days" in page.text


def test_dashboard_lists_interviews_by_state_and_the_agenda(client: TestClient,
                                                            tokyo: int) -> None:
    page = client.get("/").text
    assert "Waiting to hear back" in page
    assert f'href="/interviews/{tokyo}"' in page
    assert "Tsubame Data K.K." in page
    assert "Today" in page
    assert "Thank-you note" in page
    assert "their time" in page  # Berlin candidate, Tokyo interviewers


def test_interview_list_pages_by_state(client: TestClient, tokyo: int) -> None:
    assert "Tsubame Data" in client.get("/interviews?state=awaiting").text
    assert "None." in client.get("/interviews?state=offer").text
    assert client.get("/interviews?page=0").status_code == 422


def test_interview_page_shows_the_timeline_in_both_zones(client: TestClient,
                                                         tokyo: int) -> None:
    page = client.get(f"/interviews/{tokyo}").text
    assert "Thank-you note: Daichi Mori" in page
    assert "their time (Asia/Tokyo)" in page
    assert "Write it" in page
    assert ">Done</button>" in page
    assert ">Skip</button>" in page
    assert "Record the reply" in page
    assert "Record the outcome" in page


def test_unknown_interview_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/interviews/999")
    assert page.status_code == 404
    assert "no interview #999" in page.text
    assert client.get("/interviews/99999999999999999999").status_code == 422


def test_done_without_javascript_redirects_back(client: TestClient, token: str,
                                                tokyo: int, app: FastAPI) -> None:
    action = f"{tokyo}.thank-you.daichi-mori"
    answer = client.post(f"/actions/{action}/done", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/interviews/{tokyo}"
    assert app.state.store.find_action(action).status == "done"


def test_done_with_javascript_returns_only_the_timeline(client: TestClient, token: str,
                                                        tokyo: int) -> None:
    action = f"{tokyo}.thank-you.rina-ogawa"
    answer = client.post(f"/actions/{action}/skip", headers={"X-CSRF-Token": token,
                                                             "X-Partial": "1"})
    assert answer.status_code == 200
    assert answer.text.startswith('<div id="timeline"') or 'id="timeline"' in answer.text[:200]
    assert "<html" not in answer.text
    assert "skipped" in answer.text


def test_a_reply_cancels_the_status_inquiries(client: TestClient, token: str, tokyo: int,
                                              app: FastAPI) -> None:
    def inquiries() -> list[str]:
        return [row.status for row in app.state.store.plan_of(tokyo)
                if row.kind == "status-inquiry" and row.status == "pending"]

    assert inquiries()
    answer = client.post(f"/interviews/{tokyo}/reply",
                         data={"csrf_token": token, "person": "Rina Ogawa"})
    assert answer.status_code == 303
    assert not inquiries()
    assert "They replied" in client.get(f"/interviews/{tokyo}").text


def test_a_reply_from_a_stranger_is_refused(client: TestClient, token: str, tokyo: int) -> None:
    answer = client.post(f"/interviews/{tokyo}/reply",
                         data={"csrf_token": token, "person": "Nobody Known"})
    assert answer.status_code == 400
    assert "is not anyone in interview" in answer.text


def test_outcome_changes_the_state(client: TestClient, token: str, tokyo: int) -> None:
    client.post(f"/interviews/{tokyo}/outcome", data={"csrf_token": token,
                                                      "outcome": "next-round"})
    assert "Next round" in client.get("/").text
    bad = client.post(f"/interviews/{tokyo}/outcome", data={"csrf_token": token,
                                                            "outcome": "hired!"})
    assert bad.status_code == 400


def test_new_form_has_the_know_the_process_questions(client: TestClient) -> None:
    page = client.get("/interviews/new?all=1").text
    assert "Know the process" in page
    for question in ("How long did they say the decision takes?",
                     "Did they say they will contact you first?",
                     "Are unsuccessful candidates told?", "Further rounds or next steps",
                     "How do they want to be contacted?"):
        assert question in page


def _minimal(token: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "candidate.name": "Mina Park", "candidate.email": "mina@example.net",
        "candidate.timezone": "Europe/London",
        "interview.company": "Nordlicht GmbH", "interview.role": "Data Analyst",
        "interview.starts": "2026-11-16T10:00", "interview.country": "de",
        "interview.timezone": "Europe/Berlin",
        "interview.channel": "email",
        "interviewers[0].name": "Jonas Weber", "interviewers[0].email": "jonas@nordlicht.example",
        "interviewers[0].topics": "dashboards for the sales team\nhow data requests arrive",
    }
    data.update(changes)
    return data


def test_form_errors_appear_beside_their_fields(client: TestClient, token: str) -> None:
    answer = client.post("/interviews/new", data=_minimal(
        token, **{"interviewers[0].email": "jonas at nordlicht", "interview.minutes": "sixty"}))
    assert answer.status_code == 422
    html = answer.text
    email_field = html[html.index('id="f-interviewers-0-email"'):]
    beside = email_field[:email_field.index("</div>")]
    assert 'id="f-interviewers-0-email-err"' in beside
    assert "is not an e-mail address" in beside
    assert "is not a whole number" in html
    assert 'value="jonas at nordlicht"' in html  # what was typed is kept
    assert "Some answers need another look" in html


def test_form_messages_match_the_toml_import(client: TestClient, token: str) -> None:
    from followthrough.debrief import validate_debrief
    from followthrough.errors import BadInput

    answer = client.post("/interviews/new", data=_minimal(token, **{
        "interview.timezone": "Mars/Olympus"}))
    try:
        validate_debrief({"candidate": {"name": "x", "email": "x@example.net",
                                        "timezone": "UTC"},
                          "interview": {"company": "c", "role": "r",
                                        "starts": NOW_AWARE, "timezone": "Mars/Olympus"},
                          "interviewers": [{"name": "n"}]})
    except BadInput as error:
        expected = error.problems[0].message
    assert expected.replace("'", "&#39;") in answer.text


NOW_AWARE = __import__("datetime").datetime.fromisoformat("2026-11-16T10:00:00+01:00")


def test_form_creates_the_interview_and_shows_the_plan(client: TestClient, token: str,
                                                       app: FastAPI) -> None:
    answer = client.post("/interviews/new", data=_minimal(token))
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "Saved. Here is your plan." in page
    assert "Thank-you note: Jonas Weber" in page
    stored = app.state.store.get_interview(int(answer.headers["location"].split("/")[2]
                                               .split("?")[0]))
    assert stored.debrief.interview.starts.isoformat() == "2026-11-16T10:00:00+01:00"
    assert stored.debrief.interview.country == "DE"
    assert stored.debrief.interviewers[0].topics == ["dashboards for the sales team",
                                                     "how data requests arrive"]


def test_add_another_row_keeps_the_answers_and_saves_nothing(client: TestClient, token: str,
                                                             app: FastAPI) -> None:
    answer = client.post("/interviews/new", data={**_minimal(token), "more": "interviewers"})
    assert answer.status_code == 200
    assert 'name="interviewers[1].name"' in answer.text
    assert 'value="Jonas Weber"' in answer.text
    assert app.state.store.count_interviews() == 0


def test_edit_form_round_trips_the_reference_debrief(client: TestClient, token: str,
                                                     tokyo: int, app: FastAPI) -> None:
    before = app.state.store.get_interview(tokyo).debrief
    fields = form_fields(client.get(f"/interviews/{tokyo}/edit").text)
    assert fields["interview.they_will_contact"] == "yes"
    assert fields["questions[1].struggled"] == "on"
    answer = client.post(f"/interviews/{tokyo}/edit", data=fields)
    assert answer.status_code == 303, answer.text[:2000]
    after = app.state.store.get_interview(tokyo).debrief
    assert after == before


def test_edit_changes_the_record_and_replans(client: TestClient, token: str, tokyo: int,
                                             app: FastAPI) -> None:
    fields = form_fields(client.get(f"/interviews/{tokyo}/edit").text)
    fields["interviewers[1].name"] = "Rina Ogawa-Tanaka"
    fields["missed[0].to"] = "Rina Ogawa-Tanaka"
    assert client.post(f"/interviews/{tokyo}/edit", data=fields).status_code == 303
    keys = {row.key for row in app.state.store.plan_of(tokyo)}
    assert "thank-you.rina-ogawa-tanaka" in keys


def test_journal_has_questions_reflection_and_the_brief(client: TestClient, tokyo: int) -> None:
    page = client.get(f"/interviews/{tokyo}/journal").text
    assert "How would you rebuild a model whose history changed upstream?" in page
    assert "worth preparing" in page
    assert "prepare a clearer answer on backfills" in page
    assert "Brief for the next round" in page
    assert "a second round with the head of engineering if this one goes well" in page


def test_draft_editor_shows_the_draft_and_its_findings(client: TestClient, tokyo: int) -> None:
    page = client.get(f"/actions/{tokyo}.thank-you.daichi-mori/draft")
    assert page.status_code == 200
    assert 'id="body"' in page.text
    assert 'id="backdrop"' in page.text
    assert "d.mori@tsubame.example" in page.text
    assert "Download as e-mail (.eml)" in page.text


def test_live_check_returns_highlights_and_applicable_suggestions(
        client: TestClient, token: str, tokyo: int) -> None:
    answer = client.post("/drafts/check", headers={"X-CSRF-Token": token, "X-Partial": "1"},
                         data={"body": "Hey Daichi,\nthanks for the chat!!", "interview":
                               str(tokyo), "kind": "thank-you", "to": "Daichi Mori"})
    assert answer.status_code == 200
    assert "<html" not in answer.text
    assert '<mark class="sev-' in answer.text
    assert ">Hey</mark>" in answer.text
    assert 'data-replacement="Dear"' in answer.text


def test_eml_download_is_an_attachment_without_header_injection(
        client: TestClient, token: str, tokyo: int) -> None:
    answer = client.post("/drafts/eml", data={
        "csrf_token": token, "interview": str(tokyo), "kind": "thank-you",
        "to": "Daichi Mori", "subject": "Thank you\r\nBcc: evil@example.com",
        "body": "Dear Mori-san,\n\nThank you."})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    text = answer.content.decode()
    assert "To: Daichi Mori <d.mori@tsubame.example>" in text
    assert "\nBcc:" not in text
    assert "Subject: Thank you Bcc: evil@example.com" in text


def test_downloads_are_attachments(client: TestClient, tokyo: int) -> None:
    for url, kind in ((f"/interviews/{tokyo}/plan.ics", "text/calendar"),
                      (f"/interviews/{tokyo}/debrief.toml", "application/toml"),
                      (f"/interviews/{tokyo}/export.json", "application/json")):
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(kind)
        assert answer.headers["content-disposition"].startswith("attachment;")


def test_settings_are_validated_before_saving(client: TestClient, token: str,
                                              private_home: object) -> None:
    bad = client.post("/settings", data={"csrf_token": token,
                                         "settings": "[profiles.JP]\nbuffer_days = \"six\"\n"})
    assert bad.status_code == 422
    assert "not saved" in bad.text
    good = client.post("/settings", data={"csrf_token": token,
                                          "settings": "[profiles.JP]\nbuffer_days = 6\n"})
    assert good.status_code == 303
    assert "buffer_days = 6" in client.get("/settings").text


def test_delete_needs_confirmation(client: TestClient, token: str, tokyo: int,
                                   app: FastAPI) -> None:
    assert client.post(f"/interviews/{tokyo}/delete",
                       data={"csrf_token": token}).status_code == 400
    assert client.post(f"/interviews/{tokyo}/delete",
                       data={"csrf_token": token, "confirm": "yes"}).status_code == 303
    assert app.state.store.count_interviews() == 0
