"""Settings: the culture-profile overrides and checker options of settings.toml,
edited as text and validated exactly like the file is when it is read."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough import paths
from followthrough.check import CheckSettings
from followthrough.culture import profile_for
from followthrough.debrief.reading import read_file
from followthrough.errors import BadInput, Problem
from followthrough.settings import MAX_SETTINGS_BYTES, Settings, load_settings
from followthrough.web.deps import FormDep
from followthrough.web.render import back_to, render

router = APIRouter()
EXAMPLE = """# Per country (or "*" for all): any culture-profile field.
# [profiles.JP]
# buffer_days = 6
# business_start = "10:00"
#
# [checker]
# disabled = ["spelling"]
# allow_words = ["Nordlicht"]
#
# [digest]          # a morning e-mail of what is due (needs [mail.smtp])
# time = "07:30"
"""
MAX_SETTINGS = MAX_SETTINGS_BYTES


def _page(request: Request, text: str, problems: list[str], saved: bool,
          status: int = 200) -> HTMLResponse:
    return render(request, "settings.html", {
        "text": text, "problems": problems, "saved": saved, "path": str(paths.settings_file()),
        "example": EXAMPLE, "mail_example": MAIL_EXAMPLE,
        "sending": _sending() if not problems else None}, status=status)


MAIL_EXAMPLE = """[mail]
from = "you@example.net"
name = "Your Name"

[mail.smtp]
host = "smtp.example.net"
port = 465
user = "you@example.net"
tls = "implicit"
"""


def _sending() -> str | None:
    """The account approved messages go out through, in a few words, or None."""
    from followthrough.app.mail import sending_account

    try:
        return sending_account(load_settings())
    except BadInput:
        return None


@router.get("/settings", response_class=HTMLResponse)
def show(request: Request, saved: int = 0) -> HTMLResponse:
    path = paths.settings_file()
    try:
        text = _current(path)
    except BadInput as error:
        return _page(request, "", [_line(p) for p in error.problems], False, status=422)
    return _page(request, text, [], bool(saved))


def _current(path: Path) -> str:
    """The settings file as it is now (bounded like every file we read)."""
    if not path.exists():
        return ""
    return read_file(path, MAX_SETTINGS, what="settings.toml").decode("utf-8", "replace")


def check_settings(settings: Settings) -> None:
    """What reading the file does not check yet: profile values, checker options,
    the mail account and the morning digest."""
    problems: list[Problem] = []
    for country, values in settings.profiles.items():
        try:
            profile_for(None if country == "*" else country, values)
        except BadInput as error:
            problems += [replace(p, path=f"profiles.{country}.{p.path}".rstrip("."))
                         for p in error.problems]
    try:
        CheckSettings.from_mapping(settings.checker, path="checker")
    except BadInput as error:
        problems += error.problems
    problems += _section_problems(settings)
    if problems:
        raise BadInput(problems)


def _digest_problems(settings: Settings) -> list[Problem]:
    from followthrough.app.digest import digest_settings

    try:
        digest_settings(settings)
    except BadInput as error:
        return [replace(p, source=None) for p in error.problems]
    return []


def _section_problems(settings: Settings) -> list[Problem]:
    """The problems of the sections their own modules check: [mail] and [digest]."""
    from followthrough.app.mail import section_problems

    return [replace(problem, source=None) for problem in section_problems(settings)]


def save_settings(text: str, target: Path) -> None:
    """Validate ``text`` as settings.toml, then replace the file atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".settings-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        check_settings(load_settings(Path(name)))
        os.replace(name, target)
    finally:
        if os.path.exists(name):
            os.unlink(name)


@router.post("/settings")
def save(request: Request, form: FormDep) -> Response:
    text = form.get("settings", "").replace("\r\n", "\n")
    try:
        if len(text.encode("utf-8")) > MAX_SETTINGS:
            raise BadInput([Problem("settings", f"is {len(text.encode('utf-8')):,} bytes; "
                                                f"settings.toml is at most {MAX_SETTINGS:,}")])
        save_settings(text, paths.settings_file())
    except BadInput as error:
        return _page(request, text[:MAX_SETTINGS], [_line(p) for p in error.problems], False,
                     status=422)
    return back_to("/settings?saved=1")


def _line(problem: Problem) -> str:
    return f"{problem.path}: {problem.message}" + (
        f" (expected {problem.expected})" if problem.expected else "")
