"""The dashboard: every interview by state, and what to do today."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from followthrough.app.agenda import SECTIONS, agenda
from followthrough.app.drafting import inside_thanks
from followthrough.web.deps import StoreDep
from followthrough.web.grouping import by_day, next_rows
from followthrough.web.render import STATE_LABELS, render

router = APIRouter()
STATES = tuple(STATE_LABELS)
PER_STATE = 12
"""Interviews shown per state on the dashboard; the rest are one click away."""
PER_PAGE = 50
AGENDA_ROWS = 15


def _ordered_states(counts: dict[str, int]) -> list[str]:
    return [s for s in STATES if s in counts] + sorted(s for s in counts if s not in STATES)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: StoreDep, everything: bool = Query(False, alias="all")
              ) -> HTMLResponse:
    """The dashboard; ``?all=1`` lists every agenda item ("and N more" links there)."""
    from followthrough.vocabulary import MESSAGE_KINDS

    counts = store.count_by_state()
    states = _ordered_states(counts)
    groups = {state: store.list_interviews(state=state, limit=PER_STATE) for state in states}
    found = agenda(store, _your_zone(request), everything=everything)
    rows = None if everything else AGENDA_ROWS
    days = {section: by_day(getattr(found, section)[:rows], found.zone)
            for section in SECTIONS}
    return render(request, "dashboard.html", {
        "groups": groups, "counts": counts, "states": states, "per_state": PER_STATE,
        "agenda": found, "agenda_rows": rows, "days": days,
        "next_row": next_rows([days[section] for section in SECTIONS]),
        "message_kinds": MESSAGE_KINDS, "inside_thanks": inside_thanks,
    })


def _your_zone(request: Request) -> str | None:
    """The saved profile's zone (local mode); else the agenda picks one."""
    from followthrough.web.routes.profile import profile_values

    return profile_values(request).get("candidate.timezone")


@router.get("/interviews", response_class=HTMLResponse)
def interview_list(request: Request, store: StoreDep, state: str | None = None,
                   page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    counts = store.count_by_state()
    total = counts.get(state, 0) if state is not None else sum(counts.values())
    start = (page - 1) * PER_PAGE
    items = store.list_interviews(state=state, limit=PER_PAGE, offset=start)
    return render(request, "interviews.html", {
        "state": state, "page": page, "items": items,
        "more": total > start + PER_PAGE, "total": total,
    })
