"""An interview: the debrief form (new and edit), its page with the plan, and
the buttons that record what happened (done, skip, a reply, an outcome)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import clock
from followthrough.debrief import Debrief, to_toml
from followthrough.errors import BadInput, Problem
from followthrough.plan.decision_words import decision_reading
from followthrough.plan.ics import to_ics
from followthrough.records import edit_interview, export_document, source_text
from followthrough.settings import load_settings
from followthrough.store import Store
from followthrough.tracking import (
    OUTCOMES,
    mark_action,
    record_outcome,
    record_reference_check,
    record_reply,
    replan,
)
from followthrough.web import forms
from followthrough.web.auth import team_store
from followthrough.web.deps import FormDep, InterviewId, StoreDep, as_action, attachment
from followthrough.web.render import back_to, is_partial, render
from followthrough.web.timing import ask_which_day

router = APIRouter()
MARKS = {"done": "done", "skip": "skipped"}


def _form_page(request: Request, state: forms.FormState, action: str, title: str,
               status: int = 200) -> HTMLResponse:
    return render(request, "debrief_form.html", {
        "form": state, "sections": forms.SECTIONS, "action": action, "title": title,
        "field_id": forms.field_id,
    }, status=status)


def _save_or_show(request: Request, form: dict[str, str], action: str, title: str,
                  save: Any) -> Response:
    state = forms.submitted(form, more=form.get("more"))
    if form.get("more"):
        return _form_page(request, state, action, title)
    try:
        debrief = forms.to_debrief(state)
    except BadInput as error:
        return _form_page(request, forms.with_problems(state, error.problems), action, title,
                          status=422)
    if ask_which_day(state, debrief, load_settings().profiles):
        return _form_page(request, state, action, title)
    return back_to(f"/interviews/{save(debrief)}?saved=1")


@router.get("/interviews/new", response_class=HTMLResponse)
def new_form(request: Request) -> HTMLResponse:
    return _form_page(request, forms.empty_form(), "/interviews/new", "Record an interview")


@router.post("/interviews/new")
def create(request: Request, store: StoreDep, form: FormDep) -> Response:
    def save(debrief: Debrief) -> int:
        interview_id, created = store.add_interview(debrief, to_toml(debrief))
        if created:
            replan(store, interview_id)
        return interview_id

    return _save_or_show(request, form, "/interviews/new", "Record an interview", save)


@router.get("/interviews/{interview_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, store: StoreDep, interview_id: InterviewId) -> HTMLResponse:
    stored = store.get_interview(interview_id)
    return _form_page(request, forms.from_debrief(stored.debrief),
                      f"/interviews/{interview_id}/edit", "Edit the debrief")


@router.post("/interviews/{interview_id}/edit")
def update(request: Request, store: StoreDep, form: FormDep,
           interview_id: InterviewId) -> Response:
    store.get_interview(interview_id)

    def save(debrief: Debrief) -> int:
        edit_interview(store, interview_id, lambda _before: to_toml(debrief))
        return interview_id

    return _save_or_show(request, form, f"/interviews/{interview_id}/edit",
                         "Edit the debrief", save)


REFERENCE_CHECKED = "reference-checked"
"""Offered with the outcomes: the company contacted the references (referee-thanks follow)."""


def _page_context(store: Store, interview_id: int) -> dict[str, Any]:
    stored = store.get_interview(interview_id)
    return {"interview": stored, "debrief": stored.debrief, "plan": store.plan_of(interview_id),
            "outcomes": (*OUTCOMES, *([REFERENCE_CHECKED] if stored.debrief.references else [])),
            "yours": stored.debrief.candidate.timezone}


def _sharing(request: Request, store: Store, interview_id: int) -> list[dict[str, Any]]:
    """Team mode: each consultant linked to the candidate now, and this
    interview's share with them (if any)."""
    if not request.app.state.team:
        return []
    team = team_store(request)
    now = clock.now()
    shared = {share.consultant.id: share for share in team.shares_of(store.owner_id,
                                                                     interview_id)}
    return [{"consultant": person, "share": shared.get(person.id)}
            for person in team.linked_consultants(store.owner_id, now)]


@router.get("/interviews/{interview_id}", response_class=HTMLResponse)
def interview_page(request: Request, store: StoreDep, interview_id: InterviewId,
                   saved: int = 0) -> HTMLResponse:
    context = _page_context(store, interview_id)
    return render(request, "interview.html", {
        **context, "saved": bool(saved), "sharing": _sharing(request, store, interview_id),
        "timing": decision_reading(context["debrief"], load_settings().profiles)})


@router.post("/interviews/{interview_id}/sharing")
def set_sharing(request: Request, store: StoreDep, form: FormDep,
                interview_id: InterviewId) -> Response:
    """Share this interview with a linked consultant, change whether the
    reflection is included, or stop sharing (team mode)."""
    if not request.app.state.team:
        raise BadInput([Problem("sharing", "sharing needs team mode (serve --team)")])
    store.get_interview(interview_id)
    team = team_store(request)
    consultant = team.find_user(form.get("consultant", ""))
    if consultant is None:
        raise BadInput([Problem("consultant", "no such consultant is linked to you")])
    if form.get("share") == "yes":
        team.share(store.owner_id, interview_id, consultant.id,
                   form.get("reflection") == "yes", clock.now())
    else:
        team.unshare(store.owner_id, interview_id, consultant.id)
    return back_to(f"/interviews/{interview_id}#sharing")


def _after_change(request: Request, store: Store, interview_id: int) -> Response:
    if is_partial(request):
        return render(request, "_timeline.html", _page_context(store, interview_id))
    return back_to(f"/interviews/{interview_id}")


@router.post("/actions/{action_id}/{mark}")
def mark(request: Request, store: StoreDep, action_id: str, mark: str) -> Response:
    if mark not in MARKS:
        raise BadInput([Problem("mark", f"{mark!r} is not done or skip")])
    row = mark_action(store, action_id, MARKS[mark])
    return _after_change(request, store, row.interview_id)


@router.post("/interviews/{interview_id}/reply")
def reply(request: Request, store: StoreDep, form: FormDep, interview_id: InterviewId) -> Response:
    record_reply(store, interview_id, form.get("person") or None)
    return _after_change(request, store, interview_id)


@router.post("/interviews/{interview_id}/outcome")
def outcome(request: Request, store: StoreDep, form: FormDep,
            interview_id: InterviewId) -> Response:
    if form.get("outcome") == REFERENCE_CHECKED:
        record_reference_check(store, interview_id, None)
    else:
        record_outcome(store, interview_id, form.get("outcome", ""))
    return _after_change(request, store, interview_id)


@router.post("/interviews/{interview_id}/delete")
def delete(store: StoreDep, form: FormDep, interview_id: InterviewId) -> Response:
    if form.get("confirm") != "yes":
        raise BadInput([Problem("confirm", "tick the box to confirm the deletion")])
    store.delete_interview(interview_id)
    return back_to("/")


@router.get("/interviews/{interview_id}/plan.ics")
def plan_ics(store: StoreDep, interview_id: InterviewId) -> Response:
    stored = store.get_interview(interview_id)
    actions = [as_action(row) for row in store.plan_of(interview_id)]
    body = to_ics([(interview_id, stored.debrief, actions)], now=clock.now())
    return Response(body, media_type="text/calendar",
                    headers=attachment(f"followthrough-{interview_id}.ics"))


@router.get("/interviews/{interview_id}/debrief.toml")
def debrief_toml(store: StoreDep, interview_id: InterviewId) -> Response:
    stored = store.get_interview(interview_id)
    return Response(source_text(stored.debrief, stored.source).encode(),
                    media_type="application/toml",
                    headers=attachment(f"debrief-{interview_id}.toml"))


@router.get("/interviews/{interview_id}/export.json")
def export_json(store: StoreDep, interview_id: InterviewId) -> Response:
    document = export_document(store, interview_id)
    return Response(json.dumps(document, ensure_ascii=False, indent=2).encode(),
                    media_type="application/json",
                    headers=attachment(f"followthrough-{interview_id}.json"))
