"""Team mode's pages for consultants (shared interviews, agenda, inbox, weekly
summary) and for the firm's administrator (users and links).

:mod:`followthrough.web.auth` lets only consultants under ``/team`` and
``/api/team`` and only admins under ``/team/users``; every read below goes
through :class:`~followthrough.store.team.TeamStore` with the signed-in
user's id, so only what a linked candidate shared is ever found.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import clock
from followthrough.store.team import TeamStore, TeamUser
from followthrough.team import views
from followthrough.web.auth import current_user, team_store
from followthrough.web.deps import InterviewId, as_action, attachment
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


@router.get("/team/users", response_class=HTMLResponse)
def users_page(request: Request) -> HTMLResponse:
    team, me = _people(request)
    firm_users = team.list_users(me.firm_id) if me.firm_id is not None else [me]
    handles = {user.handle for user in firm_users}
    links = [link for link in team.links() if link.consultant in handles]
    return render(request, "team_users.html", {"users": firm_users, "links": links,
                                               "now": clock.now()})


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
