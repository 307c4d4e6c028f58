"""An interview: the debrief form (new and edit), its page with the plan, and
the buttons that record what happened (done, skip, a reply, an outcome)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import clock
from followthrough.app.core import Core
from followthrough.app.drafting import carrying_thanks
from followthrough.app.planning import (
    describe,
    history,
    reflection_written,
)
from followthrough.app.records import export_document, source_text
from followthrough.app.types import PlannedRow, Store
from followthrough.debrief import Debrief, to_toml
from followthrough.debrief.cautions import cautions
from followthrough.errors import BadInput, Problem
from followthrough.plan import Event
from followthrough.plan.decision_words import decision_reading
from followthrough.plan.ics import to_ics
from followthrough.vocabulary import MESSAGE_KINDS, OUTCOMES
from followthrough.web import forms
from followthrough.web.auth import team_store
from followthrough.web.deps import CoreDep, FormDep, InterviewId, StoreDep, as_action, attachment
from followthrough.web.grouping import dashboard_after
from followthrough.web.render import back_to, is_partial, render
from followthrough.web.timing import ask_which_day

router = APIRouter()
MARKS = {"done": "done", "skip": "skipped"}


FIRST = "first"
"""The ``step`` of the short first step of a new debrief (:data:`forms.FIRST_STEP`)."""


def _form_page(request: Request, state: forms.FormState, action: str, title: str,
               status: int = 200, *, step: str = "", rest: bool = False) -> HTMLResponse:
    sections = forms.first_step(state) if step == FIRST else forms.SECTIONS
    return render(request, "debrief_form.html", {
        "form": state, "sections": sections, "action": action, "title": title,
        "field_id": forms.field_id, "step": step, "rest": rest,
        "hidden": forms.hidden_values(state, sections) if step == FIRST else [],
        "added": state.added, "about_you": forms.SECTIONS[0],
    }, status=status)


def _save_or_show(request: Request, core: Core, form: dict[str, str], action: str,
                  title: str, save: Callable[[Debrief], int]) -> Response:
    step = FIRST if form.get("step") == FIRST else ""
    state = forms.submitted(form, more=form.get("more"))
    if form.get("more"):
        return _form_page(request, state, action, title, step=step)
    try:
        debrief = forms.to_debrief(state)
    except BadInput as error:
        return _form_page(request, forms.with_problems(state, error.problems), action, title,
                          status=422, step=step)
    if ask_which_day(state, debrief, core.settings.profiles):
        forms.with_cautions(state, cautions(debrief, clock.now()))
        return _form_page(request, state, action, title, step=step)
    interview_id = save(debrief)
    if step == FIRST and form.get("then") != "plan":
        return back_to(f"/interviews/{interview_id}/edit?rest=1")
    return back_to(f"/interviews/{interview_id}?saved=1")


@router.get("/interviews/new", response_class=HTMLResponse)
def new_form(request: Request, everything: Annotated[int, Query(alias="all")] = 0
             ) -> HTMLResponse:
    """The short first step (company, role, when, who), or with ``?all=1`` every
    section on one page; "About you" filled from the saved profile if there is one."""
    from followthrough.web.routes.profile import profile_values

    state = forms.empty_form()
    state.values.update(profile_values(request))
    return _form_page(request, state, "/interviews/new", "Record an interview",
                      step="" if everything else FIRST)


@router.post("/interviews/new")
def create(request: Request, core: CoreDep, form: FormDep) -> Response:
    def save(debrief: Debrief) -> int:
        interview_id, created = core.add(debrief, to_toml(debrief))
        if created:
            reflection_written(core.store, interview_id, None, debrief.reflection,
                               core.settings)
        return interview_id

    return _save_or_show(request, core, form, "/interviews/new", "Record an interview", save)


@router.get("/debrief-form/row", response_class=HTMLResponse)
def form_row(request: Request, section: str = "", row: str = "", step: str = ""
             ) -> HTMLResponse:
    """One empty row of a list section ("Add another ..."), for app.js to put in place."""
    sections = forms.first_step(forms.empty_form()) if step == FIRST else forms.SECTIONS
    found = next((s for s in sections if s.many and s.name == section), None)
    if found is None:
        raise BadInput([Problem("section", f"{section!r} is not a list of the debrief form",
                                expected=", ".join(forms.LIST_SECTIONS))])
    if not (row.isascii() and row.isdigit() and int(row) < forms.MAX_ROWS):
        raise BadInput([Problem("row", f"{row!r} is not a row the form can add",
                                expected=f"a number from 0 to {forms.MAX_ROWS - 1}")])
    return render(request, "_form_row.html", {
        "form": forms.empty_form(), "field_id": forms.field_id,
        "fragment_section": found, "fragment_row": int(row)})


@router.get("/interviews/{interview_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, store: StoreDep, interview_id: InterviewId,
              rest: int = 0) -> HTMLResponse:
    """The stored debrief in the form, its warnings beside their fields; ``?rest=1``
    right after the first step, to add the rest."""
    stored = store.get_interview(interview_id)
    state = forms.with_cautions(forms.from_debrief(stored.debrief),
                                cautions(stored.debrief, clock.now()))
    title = "Add the rest of the debrief" if rest else "Edit the debrief"
    return _form_page(request, state, f"/interviews/{interview_id}/edit", title,
                      rest=bool(rest))


@router.post("/interviews/{interview_id}/edit")
def update(request: Request, core: CoreDep, form: FormDep,
           interview_id: InterviewId) -> Response:
    def save(debrief: Debrief) -> int:
        core.edit(interview_id, lambda _before: to_toml(debrief))
        return interview_id

    return _save_or_show(request, core, form, f"/interviews/{interview_id}/edit",
                         "Edit the debrief", save)


REFERENCE_CHECKED = "reference-checked"
"""Offered with the outcomes: the company contacted the references (referee-thanks follow)."""


def _page_context(core: Core, interview_id: int) -> dict[str, Any]:
    store = core.store
    stored = store.get_interview(interview_id)
    plan = store.plan_of(interview_id)
    in_force = [entry.event for entry in history(store, interview_id)
                if entry.in_force and entry.event.kind != "undo"]
    return {"interview": stored, "debrief": stored.debrief, "plan": plan,
            "outcomes": (*OUTCOMES, *([REFERENCE_CHECKED] if stored.debrief.references else [])),
            "yours": stored.debrief.candidate.timezone, "outbox": _outbox_states(core, plan),
            "message_kinds": MESSAGE_KINDS, "now": clock.now(),
            "marks": _latest_marks(in_force),
            "carriers": {row.id: thanks for row in plan
                         if (thanks := carrying_thanks(stored.debrief, row))},
            "recorded": [(event, describe_event(event)) for event in reversed(in_force)
                         if event.kind not in MARK_EVENTS]}


MARK_EVENTS = ("done", "skipped")


def _latest_marks(events: list[Event]) -> dict[str, int]:
    """``{action key: id of the done or skip event in force}``: what Undo takes back."""
    found: dict[str, int] = {}
    for event in events:
        if event.kind in MARK_EVENTS and event.action and event.id is not None:
            found[action_key(event.action)] = event.id
    return found


def action_key(action: str) -> str:
    """``thank-you.x`` from ``7.thank-you.x`` or ``thank-you.x``."""
    head, _, rest = action.partition(".")
    return rest if head.isdigit() and rest else action


def describe_event(event: Event) -> str:
    """A recorded reply, outcome or reference check, in the page's words."""
    from followthrough.web.render import STATE_LABELS

    if event.kind == "outcome" and event.outcome:
        said = f"The outcome: {STATE_LABELS.get(event.outcome, event.outcome)}"
        return said + (f" (from {event.person})" if event.person else "")
    if event.kind == "reply":
        said = f"They replied{f' ({event.person})' if event.person else ''}"
        return said + (f", with news by {event.until:%d %B %Y}" if event.until else "")
    if event.kind == "reference-check":
        return f"They contacted {event.person or 'your references'}"
    return describe(event)


def _outbox_states(core: Core, plan: list[PlannedRow]) -> dict[str, dict[str, Any]]:
    """The outbox state of each action whose message was approved."""
    from followthrough.app.mail import queued_rows
    from followthrough.web.routes.outbox import row_view

    return {action_id: row_view(found)
            for action_id, found in queued_rows(core, [row.id for row in plan]).items()}


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
def interview_page(request: Request, core: CoreDep, interview_id: InterviewId,
                   saved: int = 0, queued: str = "") -> HTMLResponse:
    store = core.store
    context = _page_context(core, interview_id)
    return render(request, "interview.html", {
        **context, "saved": bool(saved), "sharing": _sharing(request, store, interview_id),
        "timing": decision_reading(context["debrief"], core.settings.profiles),
        "approved": _approved(context, queued),
        "cautions": _saved_cautions(context["debrief"]) if saved else []})


def _saved_cautions(debrief: Debrief) -> list[tuple[str, str, str]]:
    """The warnings about a debrief just saved: (field label, field id, message)."""
    state = forms.from_debrief(debrief)
    return [(state.label(c.path), forms.field_id(c.path), c.message)
            for c in cautions(debrief, clock.now())]


def _approved(context: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    """What became of the message just approved (its real state, read now)."""
    for row in context["plan"]:
        if row.id == action_id and action_id in context["outbox"]:
            return {"action": row, **context["outbox"][action_id]}
    return None


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


def _after_change(request: Request, core: Core, interview_id: int) -> Response:
    if is_partial(request):
        return render(request, "_timeline.html", _page_context(core, interview_id))
    return back_to(f"/interviews/{interview_id}")


@router.post("/actions/{action_id}/{mark}")
def mark(request: Request, core: CoreDep, form: FormDep, action_id: str, mark: str
         ) -> Response:
    if mark not in MARKS:
        raise BadInput([Problem("mark", f"{mark!r} is not done or skip")])
    row, _changed = core.mark(action_id, MARKS[mark])
    if form.get("back") == "dashboard" and not is_partial(request):
        return back_to(dashboard_after(form.get("next")))
    return _after_change(request, core, row.interview_id)


@router.post("/interviews/{interview_id}/reply")
def reply(request: Request, core: CoreDep, form: FormDep, interview_id: InterviewId) -> Response:
    core.reply(interview_id, form.get("person") or None)
    return _after_change(request, core, interview_id)


@router.post("/interviews/{interview_id}/outcome")
def outcome(request: Request, core: CoreDep, form: FormDep,
            interview_id: InterviewId) -> Response:
    if form.get("outcome") == REFERENCE_CHECKED:
        core.reference_checked(interview_id, None)
    else:
        core.outcome(interview_id, form.get("outcome", ""))
    return _after_change(request, core, interview_id)


@router.post("/interviews/{interview_id}/undo")
def undo_event(request: Request, core: CoreDep, form: FormDep,
               interview_id: InterviewId) -> Response:
    """Take back a recorded event (done, skip, a reply, an outcome): `followthrough
    undo ID --event N`; the plan is then as if it had never been recorded."""
    from followthrough.web.routes.outbox import in_form_words

    text = form.get("event", "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise BadInput([Problem("event", "does not say which event to take back",
                                expected="the event number of an Undo button")])
    try:
        core.undo(str(interview_id), int(text))
    except BadInput as error:
        raise in_form_words(error) from None
    return _after_change(request, core, interview_id)


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
    body = to_ics([(interview_id, stored.debrief, actions)], now=clock.now(),
                  uids={interview_id: stored.uid})
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
