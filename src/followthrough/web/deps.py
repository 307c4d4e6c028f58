"""Small helpers the routes share: the store, form data, planned rows as actions."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Path, Request

from followthrough.errors import BadInput, Problem
from followthrough.plan import Action
from followthrough.store import PlannedRow, Store
from followthrough.web.auth import HOME, Forbidden


def _store(request: Request) -> Store:
    """The local store, or in team mode the signed-in candidate's own."""
    store: Store = request.app.state.store
    session = getattr(request.state, "session", None)
    if request.app.state.team:
        if session is None or session.user.role != "candidate":
            raise Forbidden(HOME.get(session.user.role, "/") if session else "/login")
        return Store.for_user(store.engine, session.user.id)
    return store


StoreDep = Annotated[Store, Depends(_store)]


async def form_data(request: Request) -> dict[str, str]:
    """The submitted form as plain strings (files are ignored)."""
    form = await request.form()
    found = {key: value for key, value in form.items() if isinstance(value, str)}
    refused = [key for key, value in found.items() if "\x00" in value]
    if refused:
        raise BadInput([Problem(key, "contains a NUL character (U+0000)",
                                expected="text without control characters")
                        for key in refused])
    return found


FormDep = Annotated[dict[str, str], Depends(form_data)]
InterviewId = Annotated[int, Path(ge=1, le=2**53)]


def as_action(row: PlannedRow) -> Action:
    """A stored row as the planner's action, its times in the recipient's zone."""
    zone = ZoneInfo(row.zone)
    return Action(key=row.key, kind=row.kind, to=row.recipient, channel=row.channel,
                  due=row.due.astimezone(zone), latest=row.latest.astimezone(zone),
                  why=row.why, rule=row.rule, status=row.status)


def attachment(filename: str) -> dict[str, str]:
    """Headers for a download: always saved, never shown inline."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in filename)
    return {"Content-Disposition": f'attachment; filename="{safe}"'}
