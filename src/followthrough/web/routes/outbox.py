"""The outbox page: every approved message and its state, with the user's
decisions on it (Cancel, Retry, Resolve), the same calls as `followthrough
cancel`, `approve` and `resolve`; and what sending needs (a mail account) and
"send now" (one pass of the sender, as `followthrough send`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import clock
from followthrough.app.core import Core
from followthrough.app.mail import has_team_account, outbox, outbox_row, queued, wall_time
from followthrough.app.types import SEND_NOW, OutboxError, OutboxRow
from followthrough.errors import BadInput, FollowthroughError, NotFound, Problem
from followthrough.vocabulary import IN_FLIGHT, OPEN, REQUEUABLE
from followthrough.web.deps import CoreDep, FormDep
from followthrough.web.render import OUTBOX_WORDS, back_to, render

log = logging.getLogger("followthrough.web")
router = APIRouter()

CANCELLABLE = (*OPEN, "claimed")
VERDICTS = {"sent": "It was sent", "not-sent": "It was not sent"}
FIELD_WORDS = {"--at": "Send at", "--event": "Undo"}
"""The CLI's option names the core reports, in the words of the web's forms."""


def in_form_words(error: BadInput) -> BadInput:
    """The same problems, naming the form's fields instead of CLI options."""
    return BadInput([replace(problem, path=FIELD_WORDS.get(problem.path, problem.path),
                             expected=_plain_expected(problem.expected))
                     for problem in error.problems])


def _plain_expected(expected: str | None) -> str | None:
    if expected is None:
        return None
    return (expected.replace("--at now, or --at with a time", "Send now, or a time")
            .replace("--at with a time", "a time"))


def setup_link(request: Request, core: Core) -> str | None:
    """Where to set up sending, when no account could send an approved message
    (None when one can): the settings' ``[mail.smtp]``, or in team mode the
    user's own account or the server's relay."""
    if core.mail.smtp is not None:
        return None
    if request.app.state.team:
        return None if has_team_account(core) else "/account/mail"
    return "/settings#mail"


def refuse_without_account(request: Request, core: Core) -> None:
    link = setup_link(request, core)
    if link is not None:
        raise BadInput([Problem("Approve", "no mail account is set up, so followthrough "
                                "cannot send anything yet; nothing was queued",
                                expected=f"a sending (SMTP) account, set up at {link}")])


def chosen_time(form: dict[str, str], yours: str) -> str | None:
    """The ``at`` the approval asks for: None (the planned time), ``now``, or the
    picked wall time in the user's own zone as an ISO time with its offset."""
    when = form.get("when", "")
    if when == "now":
        return SEND_NOW
    if when == "at":
        text = form.get("send_at", "").strip()
        try:
            naive = datetime.fromisoformat(text)
        except ValueError:
            raise BadInput([Problem("Send at", f"{text!r} is not a date and time" if text
                                    else "no time was chosen",
                                    expected="a day and a time, like 2026-12-11T16:00")]
                           ) from None
        if naive.tzinfo is not None:
            return naive.isoformat()
        return wall_time(naive.replace(second=0, microsecond=0), yours, "Send at").isoformat()
    return form.get("at") or None


def send_what_is_due(request: Request, core: Core) -> None:
    """One pass of the sender now (`followthrough send`), in local mode; team
    mode leaves it to the workers. What could not go out stays queued, and the
    pages say so from its state (never from text carried in a URL)."""
    if request.app.state.team:
        return
    from followthrough.app.mail import send_due_now

    try:
        report = send_due_now(core)
    except FollowthroughError as error:
        log.warning("send now: nothing went out: %s", error)
        return
    for notice in report.notices:
        log.warning("send now: %s", notice)


def row_view(row: OutboxRow) -> dict[str, Any]:
    return {"row": row, "words": OUTBOX_WORDS.get(row.status, row.status),
            "cancel": row.status in CANCELLABLE, "retry": row.status in REQUEUABLE,
            "resolve": row.status == "uncertain", "sending": row.status in IN_FLIGHT}


def your_zone(core: Core, interview_id: int) -> str:
    zone: str = core.store.get_interview(interview_id).debrief.candidate.timezone
    return zone


def outbox_page(request: Request, core: Core, notice: str | None = None,
                problem: str | None = None, status: int = 200) -> HTMLResponse:
    rows = sorted(outbox(core), key=lambda row: (row.send_at, row.id), reverse=True)
    zones = {interview_id: your_zone(core, interview_id)
             for interview_id in {row.interview_id for row in rows}}
    return render(request, "outbox.html", {
        "rows": [row_view(row) for row in rows], "zones": zones, "notice": notice,
        "problem": problem,
        "verdicts": VERDICTS, "setup": setup_link(request, core),
        "now": clock.now()}, status=status)


@router.get("/outbox", response_class=HTMLResponse)
def show(request: Request, core: CoreDep, done: str = "") -> HTMLResponse:
    """The outbox; ``done`` names the message just decided on, whose state is said."""
    return outbox_page(request, core, notice=_state_of(core, done[:300]))


def _state_of(core: Core, action_id: str) -> str | None:
    """``ID: Sent`` for a message in the outbox (its last word beside it), else None."""
    try:
        row = queued(core, action_id) if action_id else None
    except (BadInput, NotFound):
        return None
    if row is None:
        return None
    words = f"{row.action_id}: {OUTBOX_WORDS.get(row.status, row.status)}"
    return f"{words} ({row.last_error})" if row.last_error and row.status != "sent" else words


def _decided(request: Request, core: Core, decide: Callable[[], OutboxRow]) -> Response:
    try:
        row = decide()
    except OutboxError as error:
        return outbox_page(request, core, problem=str(error), status=409)
    return back_to(f"/outbox?{urlencode({'done': row.action_id})}#m-{row.id}")


@router.post("/outbox/{action_id}/cancel")
def cancel_message(request: Request, core: CoreDep, action_id: str) -> Response:
    return _decided(request, core, lambda: core.cancel(action_id))


@router.post("/outbox/{action_id}/resolve")
def resolve_message(request: Request, core: CoreDep, form: FormDep, action_id: str
                    ) -> Response:
    verdict = form.get("verdict", "")
    if verdict not in VERDICTS:
        raise BadInput([Problem("verdict", "say whether it was sent",
                                expected="It was sent | It was not sent")])
    return _decided(request, core, lambda: core.resolve(action_id, verdict))


@router.post("/outbox/{action_id}/retry")
def retry_message(request: Request, core: CoreDep, form: FormDep, action_id: str
                  ) -> Response:
    """Queue a cancelled, refused or expired message again, as approved (the
    text as it was), to go now or at the chosen time: `followthrough approve`."""
    from followthrough.web.routes.drafts import approve_text

    row = outbox_row(core, action_id)
    if row.status not in REQUEUABLE:
        return outbox_page(request, core, status=409, problem=(
            f"{action_id} is {row.status}; only a cancelled, refused or expired message "
            "can be queued again"))
    at = chosen_time(form, your_zone(core, row.interview_id))
    try:
        approve_text(request, core, action_id, row.subject, row.body, at)
    except OutboxError as error:
        return outbox_page(request, core, problem=str(error), status=409)
    if at == SEND_NOW:
        send_what_is_due(request, core)
    return back_to(f"/outbox?{urlencode({'done': row.action_id})}#m-{row.id}")
