"""Templates: Jinja2 with autoescape on and StrictUndefined, and the helpers
every page uses (time formatting in two zones, the CSRF token, partials)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from followthrough.plan.ics import LABELS

TEMPLATES = Path(__file__).parent / "templates"
PARTIAL_HEADER = "x-partial"
"""Set by our JavaScript: answer with the fragment, not the whole page."""

STATE_LABELS = {
    "awaiting": "Waiting to hear back",
    "replied": "They replied",
    "next-round": "Next round",
    "offer": "Offer",
    "rejected": "Not this time",
    "withdrawn": "Withdrawn",
    "moved-on": "Moved on",
    "reference-checked": "They contacted my references",
}

OUTBOX_WORDS = {
    "scheduled": "Queued",
    "retry_wait": "Queued, will try again",
    "claimed": "Sending",
    "submitting": "Sending",
    "sent": "Sent",
    "failed": "Refused by the mail server",
    "uncertain": "Uncertain: check your Sent folder",
    "expired": "Not sent: too late",
    "cancelled": "Cancelled",
}
"""Each outbox state in words; pages show the CLI's status name beside it."""


def when(instant: datetime, zone: str, fmt: str = "%a %d %b %H:%M") -> str:
    """An instant shown in ``zone`` (an IANA name)."""
    return instant.astimezone(ZoneInfo(zone)).strftime(fmt)


def same_offset(instant: datetime, zone_a: str, zone_b: str) -> bool:
    return (instant.astimezone(ZoneInfo(zone_a)).utcoffset()
            == instant.astimezone(ZoneInfo(zone_b)).utcoffset())


def _context(request: Request) -> dict[str, Any]:
    session = getattr(request.state, "session", None)
    token = session.csrf_token if session is not None else request.app.state.csrf_token
    return {"csrf_token": token, "team": request.app.state.team,
            "me": session.user if session is not None else None}


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.tests["same_offset"] = lambda instant, a, b: same_offset(instant, a, b)
    env.globals.update(kind_label=lambda kind: LABELS.get(kind, kind),
                       state_label=lambda state: STATE_LABELS.get(state, state),
                       outbox_label=lambda state: OUTBOX_WORDS.get(state, state))
    return Jinja2Templates(env=env, context_processors=[_context])


def is_partial(request: Request) -> bool:
    return request.headers.get(PARTIAL_HEADER) == "1"


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status: int = 200) -> HTMLResponse:
    jinja: Jinja2Templates = request.app.state.templates
    return jinja.TemplateResponse(request, name, context or {}, status_code=status)


def back_to(url: str) -> Response:
    """After a form post without JavaScript: see the result with a fresh GET."""
    return RedirectResponse(url, status_code=303)
