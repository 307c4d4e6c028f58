"""The Profile page: "About you" saved once (:mod:`followthrough.app.profile`), so
the debrief form starts with it and the dashboard reads times in its zone. Only
on one person's own server: a team server's data folder is nobody's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough.app.profile import FIELDS, load_profile, save_profile
from followthrough.errors import BadInput, Problem
from followthrough.web import forms
from followthrough.web.deps import FormDep
from followthrough.web.render import back_to, render

if TYPE_CHECKING:
    from followthrough.debrief.model import Candidate

router = APIRouter()
SECTION = "candidate"


def saved_profile(request: Request) -> Candidate | None:
    """The saved profile in local mode (None in team mode or when there is none)."""
    return None if request.app.state.team else load_profile()


def profile_values(request: Request) -> dict[str, str]:
    """The profile as the debrief form's ``candidate.*`` values: empty without
    one, or when the file is broken (the Profile page says what is wrong)."""
    try:
        profile = saved_profile(request)
    except BadInput:
        return {}
    if profile is None:
        return {}
    found = {f"{SECTION}.{key}": value for key in FIELDS
             if isinstance(value := getattr(profile, key), str) and value}
    if profile.strengths:
        found[f"{SECTION}.strengths"] = "\n".join(profile.strengths)
    return found


def _refuse_in_team_mode(request: Request) -> None:
    if request.app.state.team:
        raise BadInput([Problem("profile", "a team server keeps no profile: each debrief's "
                                "\"About you\" is your own",
                                expected="fill in \"About you\" on the debrief form")])


def _page(request: Request, state: forms.FormState, saved: bool, status: int = 200
          ) -> HTMLResponse:
    return render(request, "profile.html", {
        "form": state, "fields": forms.SECTIONS[0].fields, "field_id": forms.field_id,
        "saved": saved}, status=status)


@router.get("/profile", response_class=HTMLResponse)
def show(request: Request, saved: int = 0) -> HTMLResponse:
    _refuse_in_team_mode(request)
    try:
        saved_profile(request)
    except BadInput as error:
        return _page(request, forms.FormState({}, {}, _by_field(error), []), False, 422)
    return _page(request, forms.FormState(profile_values(request), {}, {}, []), bool(saved))


@router.post("/profile")
def save(request: Request, form: FormDep) -> Response:
    _refuse_in_team_mode(request)
    state = forms.FormState({f"{SECTION}.{key}": _text(form.get(f"{SECTION}.{key}", ""))
                             for key in FIELDS}, {}, {}, [])
    wanted: dict[str, Any] = {key: state.value(f"{SECTION}.{key}") for key in FIELDS
                              if key != "strengths" and state.value(f"{SECTION}.{key}")}
    wanted["strengths"] = state.lines(f"{SECTION}.strengths")
    try:
        save_profile(wanted)
    except BadInput as error:
        state.errors = _by_field(error)
        return _page(request, state, False, 422)
    return back_to("/profile?saved=1")


def _text(posted: str) -> str:
    """A posted value with the browser's CRLF line ends as LF, trimmed."""
    return posted.replace("\r\n", "\n").strip()


def _by_field(error: BadInput) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        key = problem.path.split(".")[0]
        path = f"{SECTION}.{key}" if key in FIELDS else f"{SECTION}.name"
        found.setdefault(path, []).append(problem.message + (
            f" (expected {problem.expected})" if problem.expected else ""))
    return found
