"""The draft editor: one message per action and person, checked as you type.

The draft comes from the composer when it is installed; otherwise the editor
starts empty and the checker still reads along. The live check posts the
text to ``/drafts/check`` and swaps in the highlighted copy and the list of
findings; suggestions with one clear replacement get an "Apply" button.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followthrough import clock
from followthrough.app.checking import check_texts
from followthrough.app.core import Core
from followthrough.app.drafting import carrying_thanks, refuse_server_files, row_draft
from followthrough.app.mail import queued
from followthrough.app.types import SEND_NOW, OutboxError, PlannedRow, Store, StoredInterview
from followthrough.debrief import Debrief, same_person_key
from followthrough.debrief.model import Interviewer, Recruiter, Reference
from followthrough.errors import BadInput, Problem
from followthrough.web import suggest
from followthrough.web.auth import team_store
from followthrough.web.deps import (
    CoreDep,
    FormDep,
    StoreDep,
    attachment,
    form_id,
    form_text,
)
from followthrough.web.render import render

router = APIRouter()
MAX_TEXT = 20_000
"""A message is a few hundred words; the live check refuses novels."""
MAX_SUBJECT = 300
MAX_NAME = 200


def composed(core: Core, stored: StoredInterview, row: PlannedRow,
             plan: Sequence[PlannedRow] = ()) -> dict[str, Any] | None:
    """The draft for ``row`` as the core writes it (the ``[checker]`` settings, the
    LLM's text when ``[llm]`` is enabled), or None when the action is not a
    message to someone. ``plan``: the interview's rows (a thank-you carries the
    promises planned inside it; a later inquiry refers to the first)."""
    draft = row_draft(core, stored, row, plan)
    return draft.as_dict() if draft is not None else None


def _carrier(core: Core, stored: StoredInterview, row: PlannedRow, plan: Sequence[PlannedRow]
             ) -> dict[str, Any] | None:
    """The thank-you that carries ``row`` (its id, status and the files it attaches),
    or None when ``row`` is a message of its own."""
    wanted = carrying_thanks(stored.debrief, row)
    thanks = next((each for each in plan if each.id == wanted), None)
    if thanks is None:
        return None
    draft = composed(core, stored, thanks, plan)
    return {"id": thanks.id, "status": thanks.status,
            "attachments": [Path(name).name for name in draft["attachments"]] if draft else []}


def _address(debrief: Debrief, name: str | None) -> str | None:
    if name is None:
        return None
    wanted = same_person_key(name)
    people: list[Interviewer | Reference | Recruiter] = [*debrief.interviewers,
                                                         *debrief.references]
    if debrief.recruiter:
        people.append(debrief.recruiter)
    for person in people:
        if same_person_key(person.name) == wanted:
            email: str | None = person.email
            return email
    return None


def findings_context(core: Core, text: str, debrief: Debrief | None, kind: str | None,
                     to: str | None) -> dict[str, Any]:
    if len(text) > MAX_TEXT:
        raise BadInput([Problem("body", f"is {len(text):,} characters long; at most "
                                        f"{MAX_TEXT:,} are allowed")])
    found = check_texts({"draft": text}, context=debrief, kind=kind or None,
                        to=to or None, settings=core.checker)["draft"]
    return {"text": text, "findings": found, "segments": suggest.segments(text, found),
            "replacements": [suggest.replacement(f) for f in found]}


def _editor(request: Request, core: Core, action_id: str, body: str | None = None,
            subject: str | None = None) -> dict[str, Any]:
    """The editor's page: the composed draft, or the text as the user posted it."""
    from followthrough.web.routes.outbox import setup_link

    store = core.store
    row = store.find_action(action_id)
    stored = store.get_interview(row.interview_id)
    plan = store.plan_of(row.interview_id)
    draft = composed(core, stored, row, plan)
    if body is None:
        body = str(draft["body"]) if draft else ""
    if subject is None:
        subject = str(draft["subject"] or "") if draft else ""
    yours = stored.debrief.candidate.timezone
    now = clock.now()
    return {"interview": stored, "debrief": stored.debrief, "action": row,
            "subject": subject, "composed": draft is not None,
            "attachments": [Path(name).name for name in draft["attachments"]] if draft else [],
            "to_address": _address(stored.debrief, row.recipient),
            "outbox": True, "yours": yours, "overdue": row.due <= now,
            "queued": _queued(core, action_id), "when": "", "problems": [],
            "send_at": _picker_value(max(row.due, now + PICKER_LEAD), yours),
            "latest": row.latest, "setup": setup_link(request, core),
            "carrier": _carrier(core, stored, row, plan),
            **findings_context(core, body, stored.debrief, row.kind, row.recipient)}


PICKER_LEAD = timedelta(minutes=15)
"""The time picker starts this long after now when the planned time has passed."""


def _picker_value(instant: datetime, zone: str) -> str:
    """``datetime-local``'s value: the wall time in ``zone``, to the minute."""
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def _queued(core: Core, action_id: str) -> dict[str, Any] | None:
    from followthrough.web.routes.outbox import row_view

    found = queued(core, action_id)
    return row_view(found) if found is not None else None


@router.get("/actions/{action_id}/draft", response_class=HTMLResponse)
def editor(request: Request, core: CoreDep, action_id: str) -> HTMLResponse:
    store = core.store
    context = _editor(request, core, action_id)
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
    subject = _line(form_text(form, "subject", MAX_SUBJECT)) or "Interview update"
    team.deliver(consultant.id, store.owner_id, row.interview_id, row.key, subject,
                 form_text(form, "body", MAX_TEXT), clock.now())
    return RedirectResponse(f"/interviews/{row.interview_id}?delivered={action_id}",
                            status_code=303)


@router.post("/drafts/check", response_class=HTMLResponse)
def live_check(request: Request, core: CoreDep, form: FormDep) -> HTMLResponse:
    """The highlighted text and the findings, as fragments for the editor."""
    interview = form_id(form, "interview")
    debrief = core.store.get_interview(interview).debrief if interview else None
    context = findings_context(core, form_text(form, "body", MAX_TEXT), debrief,
                               form_text(form, "kind", 40), form_text(form, "to", MAX_NAME))
    return render(request, "_findings.html", context)


def _line(text: str) -> str:
    """One header line: no line breaks (no header injection)."""
    return " ".join(text.split())


def _draft_actions(store: Store, stored: StoredInterview, form: dict[str, str]
                   ) -> list[PlannedRow]:
    """The action(s) the posted draft is for: the form's ``action`` if it
    names one, else the interview's actions of its kind to its person."""
    wanted = form.get("action", "")
    if wanted:
        row = store.find_action(wanted)
        if row.interview_id != stored.id:
            raise BadInput([Problem("action", f"{wanted} is not an action of interview "
                                              f"#{stored.id}")])
        return [row]
    kind, person = form.get("kind", ""), same_person_key(form.get("to", ""))
    return [row for row in store.plan_of(stored.id)
            if row.kind == kind and same_person_key(row.recipient or "") == person]


def _files(core: Core, stored: StoredInterview, form: dict[str, str]) -> tuple[str, ...]:
    """The files the draft carries (its action's composed ``attachments``)."""
    rows = core.store.plan_of(stored.id)
    found = {tuple(draft.attachments) for row in _draft_actions(core.store, stored, form)
             if (draft := row_draft(core, stored, row, rows, worded=False)) is not None}
    found.discard(())
    if len(found) > 1:
        raise BadInput([Problem("action", "this draft could be for several promises to "
                                f"{form.get('to') or 'this person'}, each with its own file",
                                expected="the .eml from `followthrough export eml ID`, or "
                                         "approve the message here")])
    return next(iter(found), ())


def _eml(request: Request, core: Core, form: dict[str, str]) -> bytes:
    """The edited draft, built by the same builder as a sent or exported
    message (safe headers, the action's files), marked unsent."""
    from followthrough.app.exports import eml_bytes, message

    interview = form_id(form, "interview")
    if interview is None:
        raise BadInput([Problem("interview", "the draft does not say which interview it "
                                             "belongs to")])
    stored = core.store.get_interview(interview)
    paths = _files(core, stored, form)
    where = form.get("action") or "attachments"
    if request.app.state.team:
        refuse_server_files(paths, where)
    out = message(core, stored.id, to_name=_line(form_text(form, "to", MAX_NAME)),
                  to_addr=_address(stored.debrief, form.get("to")) or "",
                  subject=_line(form_text(form, "subject", MAX_SUBJECT)),
                  body=form_text(form, "body", MAX_TEXT), paths=paths, where=where)
    return eml_bytes(core, out)


@router.post("/drafts/eml")
def download_eml(request: Request, core: CoreDep, form: FormDep) -> Response:
    """The edited draft as an .eml file for any mail program (X-Unsent: opens
    as a draft), with its files; the same builder as `followthrough export eml`."""
    name = f"draft-{form.get('kind') or 'message'}.eml"
    return Response(_eml(request, core, form), media_type="message/rfc822",
                    headers=attachment(name))


def approve_text(request: Request, core: Core, action_id: str, subject: str,
                 body: str | None, at: str | None) -> None:
    """Queue ``body`` under ``subject`` as the action's message (`followthrough
    approve`; ``body`` None: the draft as composed): the checker runs again on
    the text and an error finding refuses it, as does a file to attach that is
    missing, unreadable or too large, and having no account to send with."""
    from followthrough.web.routes.outbox import refuse_without_account

    core.approve(action_id, body=body, subject=subject, at=at,
                 local_files=not request.app.state.team,
                 can_send=lambda: refuse_without_account(request, core))


@router.post("/outbox/{action_id}", response_model=None)
def approve_draft(request: Request, core: CoreDep, form: FormDep, action_id: str
                  ) -> Response:
    """Queue the draft as edited for its planned time, now, or the time picked
    (in the user's own zone). Refused, with the editor shown again and the text
    kept: no mail account (with a link to set one up), a checker error, a time
    past or after the latest sensible one, a file that cannot be attached."""
    from followthrough.web.routes.outbox import chosen_time, in_form_words, send_what_is_due

    store = core.store
    row = store.find_action(action_id)
    body = form_text(form, "body", MAX_TEXT)
    subject = _line(form_text(form, "subject", MAX_SUBJECT))
    try:
        at = chosen_time(form, store.get_interview(row.interview_id).debrief.candidate.timezone)
        approve_text(request, core, action_id, subject, body or None, at)
    except BadInput as error:
        return _refused(request, core, action_id, form, in_form_words(error).problems, 400)
    except OutboxError as error:
        return _refused(request, core, action_id, form, [Problem("Approve", str(error))], 409)
    if at == SEND_NOW:
        send_what_is_due(request, core)
    query = urlencode({"queued": action_id})
    return RedirectResponse(f"/interviews/{row.interview_id}?{query}#a-{row.key}",
                            status_code=303)


def _refused(request: Request, core: Core, action_id: str, form: dict[str, str],
             problems: list[Problem], status: int) -> HTMLResponse:
    """The editor again, with the text as posted and why nothing was queued."""
    context = _editor(request, core, action_id, body=form_text(form, "body", MAX_TEXT),
                      subject=_line(form_text(form, "subject", MAX_SUBJECT)))
    return render(request, "draft.html", {
        **context, "consultants": [], "when": form.get("when", ""),
        "send_at": form.get("send_at", ""), "problems": problems}, status=status)
