"""Small helpers the routes share: the store, form data, planned rows as actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Path, Request

from followthrough.app.core import Core
from followthrough.app.planning import as_action as as_action
from followthrough.app.types import Store
from followthrough.debrief.reading import typed_id
from followthrough.errors import BadInput, Problem
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


def _core(store: StoreDep) -> Core:
    """The application core over the request's store; settings.toml is read once
    per request, when a use case first needs it."""
    return Core(store)


CoreDep = Annotated[Core, Depends(_core)]


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
MAX_ID = 2**53
InterviewId = Annotated[int, Path(ge=1, le=MAX_ID)]


def form_id(form: Mapping[str, str], field: str) -> int | None:
    """An interview number posted in ``field``: None when empty, else a whole
    number from 1 to 2**53 (never an error page for ``²`` or 5,000 digits)."""
    text = form.get(field, "").strip()
    if not text:
        return None
    number = typed_id(text)
    if number is None or not 1 <= number <= MAX_ID:
        raise BadInput([Problem(field, "is not an interview number",
                                expected="a whole number like 12, from 1 to 2**53")])
    return number


def form_text(form: Mapping[str, str], field: str, limit: int, default: str = "") -> str:
    """A posted text, refused (never cut short) when longer than ``limit``."""
    value = form.get(field, default)
    if len(value) > limit:
        raise BadInput([Problem(field, f"is {len(value):,} characters long; at most "
                                       f"{limit:,} are allowed")])
    return value


def attachment(filename: str) -> dict[str, str]:
    """Headers for a download: always saved, never shown inline."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-"
                   for c in filename[:100])
    return {"Content-Disposition": f'attachment; filename="{safe}"'}
