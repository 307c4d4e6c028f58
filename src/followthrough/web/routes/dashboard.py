"""The dashboard: every interview by state, and what to do today."""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from followthrough.store import InterviewSummary
from followthrough.tracking import agenda
from followthrough.web.deps import StoreDep
from followthrough.web.render import STATE_LABELS, render

router = APIRouter()
STATES = tuple(STATE_LABELS)
PER_STATE = 12
"""Interviews shown per state on the dashboard; the rest are one click away."""
PER_PAGE = 50
AGENDA_ROWS = 15


def _by_state(summaries: list[InterviewSummary]) -> dict[str, list[InterviewSummary]]:
    ordered = sorted(summaries, key=lambda s: STATES.index(s.state) if s.state in STATES
                     else len(STATES))
    return {state: list(items) for state, items in groupby(ordered, key=lambda s: s.state)}


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: StoreDep) -> HTMLResponse:
    groups = _by_state(store.list_interviews())
    found = agenda(store)
    return render(request, "dashboard.html", {
        "groups": groups, "states": [s for s in STATES if s in groups] +
        [s for s in groups if s not in STATES], "per_state": PER_STATE,
        "agenda": found, "agenda_rows": AGENDA_ROWS,
    })


@router.get("/interviews", response_class=HTMLResponse)
def interview_list(request: Request, store: StoreDep, state: str | None = None,
                   page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    summaries = [s for s in store.list_interviews() if state is None or s.state == state]
    start = (page - 1) * PER_PAGE
    return render(request, "interviews.html", {
        "state": state, "page": page, "items": summaries[start:start + PER_PAGE],
        "more": len(summaries) > start + PER_PAGE, "total": len(summaries),
    })
