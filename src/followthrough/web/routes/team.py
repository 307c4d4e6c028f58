"""Team mode's pages for consultants (shared interviews, agenda, inbox, weekly
summary) and for the firm's administrator (users and links: adding a user,
disabling and enabling one, linking a consultant to a candidate and ending the
link, always within the admin's own firm, as ``followthrough user ...`` does).

:mod:`followthrough.web.auth` lets only consultants under ``/team`` and
``/api/team`` and only admins under ``/team/users``; every read below goes
through :class:`~followthrough.store.team.TeamStore` with the signed-in
user's id, so only what a linked candidate shared is ever found.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import clock
from followthrough.app.types import LOCAL_USER, ROLES, TeamStore, TeamUser
from followthrough.errors import BadInput, NotFound, Problem
from followthrough.team import admin, passwords, views
from followthrough.web.auth import current_user, team_store
from followthrough.web.deps import FormDep, InterviewId, as_action, attachment
from followthrough.web.render import STATE_LABELS, back_to, render

router = APIRouter()
api_router = APIRouter(tags=["team"])
"""The consultant's JSON API: in the OpenAPI document in team mode."""
PER_PAGE = 50
STATES = tuple(STATE_LABELS)


def _people(request: Request) -> tuple[TeamStore, TeamUser]:
    return team_store(request), current_user(request)


@router.get("/team", response_class=HTMLResponse)
def consultant_home(request: Request, state: str | None = None,
                    page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    team, me = _people(request)
    now = clock.now()
    counts = team.shared_counts(me.id, now)
    start = (page - 1) * PER_PAGE
    items = team.shared_interviews(me.id, now, state=state, limit=PER_PAGE, offset=start)
    total = counts.get(state, 0) if state is not None else sum(counts.values())
    return render(request, "team_home.html", {
        "counts": counts, "states": [s for s in STATES if s in counts], "state": state,
        "items": items, "page": page, "more": total > start + PER_PAGE,
        "agenda": views.consultant_agenda(team, me, now),
        "candidates": team.linked_candidates(me.id, now),
        "unread": sum(1 for item in team.inbox_of(me.id, now) if item.read_at is None),
    })


@router.get("/team/interviews/{interview_id}", response_class=HTMLResponse)
def shared_interview(request: Request, interview_id: InterviewId) -> HTMLResponse:
    team, me = _people(request)
    now = clock.now()
    shared = team.shared_interview(me.id, interview_id, now)
    plan = team.shared_plan(me.id, interview_id, now)
    return render(request, "team_interview.html", {
        "shared": shared, "debrief": shared.stored.debrief, "plan": plan,
        "reflection": shared.stored.debrief.reflection if shared.include_reflection else None,
        "events": team.shared_events(me.id, interview_id, now),
    })


@router.get("/team/inbox", response_class=HTMLResponse)
def inbox_page(request: Request) -> HTMLResponse:
    team, me = _people(request)
    return render(request, "team_inbox.html", {"items": team.inbox_of(me.id, clock.now())})


@router.post("/team/inbox/{item_id}/read")
def mark_read(request: Request, item_id: InterviewId) -> Response:
    team, me = _people(request)
    team.mark_read(me.id, item_id, clock.now())
    return back_to("/team/inbox")


@router.get("/team/summary.csv")
def summary_csv(request: Request) -> Response:
    team, me = _people(request)
    lines = views.weekly_summary(team, me)
    return Response(views.summary_csv(lines).encode("utf-8"), media_type="text/csv",
                    headers=attachment(f"summary-{clock.now().date().isoformat()}.csv"))


@router.get("/team/summary.md")
def summary_markdown(request: Request) -> Response:
    team, me = _people(request)
    now = clock.now()
    text = views.summary_markdown(views.weekly_summary(team, me, now), me, now)
    return Response(text.encode("utf-8"), media_type="text/markdown",
                    headers=attachment(f"summary-{now.date().isoformat()}.md"))


# the administrator's pages: users and links of the admin's own firm ------------

USERS_PAGE = "/team/users"
USER_FIELDS = ("handle", "name", "email", "role")
USER_LABELS = {"handle": "User name", "name": "Name", "email": "E-mail", "role": "Role",
               "password": "Password", "firm": "Firm", "consultant": "Consultant",
               "candidate": "Candidate"}
NOTICES = {"added": "{} can now sign in.", "disabled": "{} is disabled and signed out.",
           "enabled": "{} is enabled.", "linked": "The link {} is in force.",
           "ended": "The link {} has ended; the candidate's shares with that consultant "
                    "are gone."}


def _firm_users(team: TeamStore, me: TeamUser) -> list[TeamUser]:
    """The users of the admin's firm (local mode's owner is nobody's account)."""
    found = team.list_users(me.firm_id) if me.firm_id is not None else [me]
    return [user for user in found if user.handle != LOCAL_USER]


def _users_page(request: Request, *, values: dict[str, str] | None = None,
                problems: list[Problem] | None = None, notice: str | None = None,
                status: int = 200) -> HTMLResponse:
    team, me = _people(request)
    firm_users = _firm_users(team, me)
    return render(request, "team_users.html", {
        "users": firm_users, "links": admin.links_of(team, firm_users), "now": clock.now(),
        "roles": ROLES, "values": values or {}, "notice": notice,
        "password_rule": passwords.EXPECTED[:1].upper() + passwords.EXPECTED[1:],
        "problems": [f"{USER_LABELS.get(p.path, p.path)}: {p.message}"
                     + (f" (expected {p.expected})" if p.expected else "")
                     for p in problems or []],
        "consultants": [u.handle for u in firm_users if u.role == "consultant" and u.active],
        "candidates": [u.handle for u in firm_users if u.role == "candidate" and u.active],
    }, status=status)


@router.get(USERS_PAGE, response_class=HTMLResponse)
def users_page(request: Request, done: str | None = None,
               who: str | None = Query(None, max_length=140)) -> HTMLResponse:
    notice = NOTICES[done].format(who or "") if done in NOTICES else None
    return _users_page(request, notice=notice)


@router.post(USERS_PAGE, response_class=HTMLResponse)
def add_user(request: Request, form: FormDep) -> Response:
    """A new user of the admin's own firm (the firm is never taken from the form)."""
    team, me = _people(request)
    values = {key: form.get(key, "").strip() for key in USER_FIELDS}
    try:
        added = admin.add_user(team, values["handle"].lower(), values["role"], me.firm or "",
                               form.get("password", ""), name=values["name"] or None,
                               email=values["email"] or None)
    except BadInput as error:
        return _users_page(request, values=values, problems=error.problems, status=400)
    return back_to(f"{USERS_PAGE}?{urlencode({'done': 'added', 'who': added.handle})}")


def _member(team: TeamStore, me: TeamUser, handle: str) -> TeamUser:
    """A user of the admin's own firm; anyone else is not found."""
    wanted = handle.strip().lower()
    for user in _firm_users(team, me):
        if user.handle == wanted:
            return user
    raise NotFound(f"there is no user {handle.strip()!r} in your firm")


@router.post(f"{USERS_PAGE}/active", response_class=HTMLResponse)
def set_active(request: Request, form: FormDep) -> Response:
    team, me = _people(request)
    user = _member(team, me, form.get("handle", ""))
    enable = form.get("active") == "yes"
    if user.id == me.id and not enable:
        return _users_page(request, problems=[Problem(
            "handle", "you cannot disable your own account here",
            expected="another administrator to do it, or `followthrough user disable`")],
            status=400)
    admin.set_enabled(team, user.handle, enable)
    done = "enabled" if enable else "disabled"
    return back_to(f"{USERS_PAGE}?{urlencode({'done': done, 'who': user.handle})}")


@router.post(f"{USERS_PAGE}/links", response_class=HTMLResponse)
def change_link(request: Request, form: FormDep) -> Response:
    """Link a consultant and a candidate of the admin's firm, or end their link."""
    team, me = _people(request)
    consultant = _member(team, me, form.get("consultant", ""))
    candidate = _member(team, me, form.get("candidate", ""))
    pair = f"{consultant.handle} \u2192 {candidate.handle}"
    try:
        if form.get("action") == "end":
            admin.unlink_users(team, consultant.handle, candidate.handle)
            done = "ended"
        else:
            _not_linked_yet(team, consultant, candidate)
            admin.link_users(team, consultant.handle, candidate.handle)
            done = "linked"
    except BadInput as error:
        return _users_page(request, problems=error.problems, status=400)
    return back_to(f"{USERS_PAGE}?{urlencode({'done': done, 'who': pair})}")


def _not_linked_yet(team: TeamStore, consultant: TeamUser, candidate: TeamUser) -> None:
    now = clock.now()
    if any(link.consultant == consultant.handle and link.candidate == candidate.handle
           and link.in_force(now) for link in team.links()):
        raise BadInput([Problem("candidate", f"{consultant.handle} and {candidate.handle} "
                                             "are linked already",
                                expected="a pair without a link in force")])


# the JSON API for consultants ------------------------------------------------

@api_router.get("/api/team/interviews")
def api_shared(request: Request, state: str | None = None,
               page: int = Query(1, ge=1, le=100_000)) -> dict[str, Any]:
    team, me = _people(request)
    items = team.shared_interviews(me.id, clock.now(), state=state, limit=PER_PAGE,
                                   offset=(page - 1) * PER_PAGE)
    return {"interviews": [{**item.interview.as_dict(), "candidate": item.candidate,
                            "candidate_name": item.candidate_name} for item in items]}


@api_router.get("/api/team/agenda")
def api_agenda(request: Request) -> dict[str, Any]:
    team, me = _people(request)
    return views.consultant_agenda(team, me).as_dict()


@api_router.get("/api/team/interviews/{interview_id}")
def api_shared_interview(request: Request, interview_id: InterviewId) -> dict[str, Any]:
    team, me = _people(request)
    now = clock.now()
    shared = team.shared_interview(me.id, interview_id, now)
    summary = shared.stored.as_dict()
    summary["debrief"] = views.shared_document(summary["debrief"], shared.include_reflection)
    return {"interview": summary, "candidate": shared.candidate.handle,
            "actions": [as_action(row).as_dict(interview_id)
                        for row in team.shared_plan(me.id, interview_id, now)]}
