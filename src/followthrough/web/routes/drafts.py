"""The draft editor: one message per action and person, checked as you type.

The draft comes from the composer when it is installed; otherwise the editor
starts empty and the checker still reads along. The live check posts the
text to ``/drafts/check`` and swaps in the highlighted copy and the list of
findings; suggestions with one clear replacement get an "Apply" button.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followthrough import clock
from followthrough.checking import check_texts, checker_settings
from followthrough.debrief import Debrief, same_person_key
from followthrough.errors import BadInput, NotFound, Problem
from followthrough.store import PlannedRow, Store, StoredInterview
from followthrough.web import suggest
from followthrough.web.auth import team_store
from followthrough.web.deps import FormDep, StoreDep, as_action, attachment
from followthrough.web.render import render

router = APIRouter()
MAX_TEXT = 20_000
"""A message is a few hundred words; the live check refuses novels."""


def composed(stored: StoredInterview, row: PlannedRow) -> dict[str, Any] | None:
    """The composer's draft for ``row``, or None when the action is not a
    message to someone."""
    from followthrough.compose import MESSAGE_KINDS, compose_one

    if row.kind not in MESSAGE_KINDS:
        return None
    draft = compose_one(stored.id, stored.debrief, as_action(row),
                        check_settings=checker_settings())
    data: dict[str, Any] = draft.as_dict()
    return data


def outbox_available() -> bool:
    try:
        module = importlib.import_module("followthrough.mail.outbox")
    except ImportError:
        return False
    return callable(getattr(module, "approve", None))


def _address(debrief: Debrief, name: str | None) -> str | None:
    if name is None:
        return None
    wanted = same_person_key(name)
    people: list[Any] = [*debrief.interviewers, *debrief.references]
    if debrief.recruiter:
        people.append(debrief.recruiter)
    for person in people:
        if same_person_key(person.name) == wanted:
            email: str | None = person.email
            return email
    return None


def findings_context(text: str, debrief: Debrief | None, kind: str | None,
                     to: str | None) -> dict[str, Any]:
    text = text[:MAX_TEXT]
    found = check_texts({"draft": text}, context=debrief, kind=kind or None,
                        to=to or None)["draft"]
    return {"text": text, "findings": found, "segments": suggest.segments(text, found),
            "replacements": [suggest.replacement(f) for f in found]}


def _editor(store: Store, action_id: str) -> dict[str, Any]:
    row = store.find_action(action_id)
    stored = store.get_interview(row.interview_id)
    draft = composed(stored, row)
    body = str(draft["body"]) if draft else ""
    subject = str(draft["subject"] or "") if draft else ""
    return {"interview": stored, "debrief": stored.debrief, "action": row,
            "subject": subject, "composed": draft is not None,
            "to_address": _address(stored.debrief, row.recipient),
            "outbox": outbox_available(), "yours": stored.debrief.candidate.timezone,
            **findings_context(body, stored.debrief, row.kind, row.recipient)}


@router.get("/actions/{action_id}/draft", response_class=HTMLResponse)
def editor(request: Request, store: StoreDep, action_id: str) -> HTMLResponse:
    context = _editor(store, action_id)
    consultants = []
    if request.app.state.team and context["action"].kind == "recruiter-update":
        consultants = team_store(request).linked_consultants(store.owner_id, clock.now())
    return render(request, "draft.html", {**context, "consultants": consultants})


@router.post("/actions/{action_id}/deliver")
def deliver_in_app(request: Request, store: StoreDep, form: FormDep, action_id: str) -> Response:
    """Team mode: hand the recruiter update, as edited, to a linked consultant
    inside followthrough (the first article's "update your search consultant")."""
    row = store.find_action(action_id)
    if not request.app.state.team or row.kind != "recruiter-update":
        raise BadInput([Problem("action", "only a recruiter update goes to a consultant, "
                                          "in team mode")])
    team = team_store(request)
    consultant = team.find_user(form.get("consultant", ""))
    if consultant is None:
        raise BadInput([Problem("consultant", "no such consultant is linked to you")])
    subject = _line(form.get("subject", "")) or "Interview update"
    team.deliver(consultant.id, store.owner_id, row.interview_id, row.key, subject,
                 form.get("body", "")[:MAX_TEXT], clock.now())
    return RedirectResponse(f"/interviews/{row.interview_id}?delivered={action_id}",
                            status_code=303)


@router.post("/drafts/check", response_class=HTMLResponse)
def live_check(request: Request, store: StoreDep, form: FormDep) -> HTMLResponse:
    """The highlighted text and the findings, as fragments for the editor."""
    interview = form.get("interview", "")
    debrief = store.get_interview(int(interview)).debrief if interview.isdigit() else None
    context = findings_context(form.get("body", ""), debrief, form.get("kind"),
                               form.get("to"))
    return render(request, "_findings.html", context)


def _line(text: str) -> str:
    """One header line: no line breaks (no header injection), bounded length."""
    return " ".join(text.split())[:300]


def _message(form: dict[str, str], debrief: Debrief | None, now: datetime) -> EmailMessage:
    message = EmailMessage()
    if debrief is not None:
        message["From"] = f"{debrief.candidate.name} <{debrief.candidate.email}>"
        address = _address(debrief, form.get("to"))
        if address:
            message["To"] = f"{_line(form.get('to', ''))} <{address}>"
    message["Subject"] = _line(form.get("subject", ""))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="followthrough.invalid")
    message["X-Unsent"] = "1"
    message.set_content(form.get("body", "")[:MAX_TEXT])
    return message


@router.post("/drafts/eml")
def download_eml(store: StoreDep, form: FormDep) -> Response:
    """The edited draft as an .eml file for any mail program (X-Unsent: opens as a draft)."""
    interview = form.get("interview", "")
    debrief = store.get_interview(int(interview)).debrief if interview.isdigit() else None
    message = _message(form, debrief, clock.now())
    name = f"draft-{form.get('kind') or 'message'}.eml"
    return Response(bytes(message), media_type="message/rfc822", headers=attachment(name))


@router.post("/outbox/{action_id}")
def approve_draft(store: StoreDep, form: FormDep, action_id: str) -> Response:
    """Queue the draft as edited for its planned time; the checker runs again on
    the edited text and an error finding refuses it (as `followthrough approve`)."""
    from dataclasses import replace

    from followthrough.compose import compose_one
    from followthrough.mail.accounts import mail_settings
    from followthrough.mail.outbox import approve
    from followthrough.tracking import replan

    row = store.find_action(action_id)
    stored, actions = replan(store, row.interview_id)
    action = next((a for a in actions if a.key == row.key), None)
    if action is None:
        raise NotFound(f"{action_id} is no longer in the plan")
    draft = compose_one(row.interview_id, stored.debrief, action,
                        check_settings=checker_settings())
    body = form.get("body", draft.body)[:MAX_TEXT]
    subject = _line(form.get("subject", draft.subject or "")) or draft.subject
    findings = check_texts({"draft": body}, context=stored.debrief, kind=row.kind,
                           to=row.recipient)["draft"]
    mail = mail_settings()
    approve(store, replace(draft, body=body, subject=subject, findings=findings),
            at=form.get("at") or None, from_addr=mail.from_addr, from_name=mail.from_name)
    return RedirectResponse(f"/interviews/{row.interview_id}?queued={action_id}",
                            status_code=303)
