"""User administration for team mode: what ``followthrough user ...`` does.

Handles are lower-case (letters, digits, ``.``, ``_``, ``-``; 2 to 64
characters) so that sign-in, which lower-cases what was typed, always finds
them. Every user belongs to a firm, made on first use. Changing a password or
disabling a user ends that user's sessions.
"""

from __future__ import annotations

import re
from datetime import datetime

from email_validator import EmailNotValidError, validate_email

from followthrough import clock
from followthrough.errors import BadInput, Problem
from followthrough.store.schema import LOCAL_USER
from followthrough.store.team import ROLES, Link, TeamStore, TeamUser
from followthrough.team import passwords

HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def _checked_email(email: str | None, problems: list[Problem]) -> str | None:
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        problems.append(Problem("email", f"{email!r} is not an e-mail address: {error}",
                                expected="an address like ana@example.com"))
        return None


def _new_user_problems(team: TeamStore, handle: str, role: str, firm: str,
                       email: str | None) -> tuple[list[Problem], str | None]:
    problems: list[Problem] = []
    if not HANDLE.fullmatch(handle):
        problems.append(Problem("handle", f"{handle!r} is not a valid handle",
                                expected="2 to 64 lower-case letters, digits, '.', '_' or "
                                         "'-', starting with a letter or digit"))
    elif team.find_user(handle) is not None:
        problems.append(Problem("handle", f"a user {handle!r} already exists",
                                expected="another handle"))
    if role not in ROLES:
        problems.append(Problem("role", f"unknown role {role!r}", expected=", ".join(ROLES)))
    if not firm.strip():
        problems.append(Problem("firm", "the firm's name is empty", expected="a name"))
    return problems, _checked_email(email, problems)


def check_new_user(team: TeamStore, handle: str, role: str, firm: str,
                   email: str | None = None) -> None:
    """Everything :func:`add_user` checks except the password (so that a
    prompt for the password comes only when the rest is right)."""
    problems, _ = _new_user_problems(team, handle, role, firm, email)
    if problems:
        raise BadInput(problems)


def add_user(team: TeamStore, handle: str, role: str, firm: str, password: str, *,
             name: str | None = None, email: str | None = None) -> TeamUser:
    """Add a user to ``firm`` (made if new) with a password that passes the policy."""
    problems, email = _new_user_problems(team, handle, role, firm, email)
    try:
        passwords.check_password(password, handle=handle, email=email, name=name,
                                  firm=firm)
    except BadInput as error:
        problems += error.problems
    if problems:
        raise BadInput(problems)
    firm_id = team.ensure_firm(firm.strip())
    return team.add_user(handle, (name or "").strip() or handle, role, firm_id, email,
                         passwords.hash_password(password))


def list_users(team: TeamStore, firm: str | None = None) -> list[TeamUser]:
    """Every user (or those of one firm), by firm, role and handle; not the
    owner of local mode's interviews, who is nobody's account."""
    found = [user for user in team.list_users() if user.handle != LOCAL_USER]
    if firm is None:
        return found
    return [user for user in found if user.firm == firm]


def links_of(team: TeamStore, users: list[TeamUser]) -> list[Link]:
    """The links whose consultant is one of ``users``."""
    handles = {user.handle for user in users}
    return [link for link in team.links() if link.consultant in handles]


def link_users(team: TeamStore, consultant: str, candidate: str,
               starts_at: datetime | None = None, ends_at: datetime | None = None) -> Link:
    """Link a consultant to a candidate of the same firm from ``starts_at`` (now)."""
    return team.link(team.user(consultant), team.user(candidate),
                     starts_at or clock.now(), ends_at)


def unlink_users(team: TeamStore, consultant: str, candidate: str) -> int:
    """End the links between the two now; the candidate's shares with the
    consultant go too. Refused when no link is in force or planned."""
    ended = team.unlink(team.user(consultant), team.user(candidate), clock.now())
    if not ended:
        raise BadInput([Problem("candidate", f"{consultant} and {candidate} are not linked",
                                expected="a pair shown by `followthrough user list`")])
    return ended


def set_password(team: TeamStore, handle: str, password: str) -> int:
    """Replace a user's password; returns how many of their sessions ended."""
    user = team.user(handle)
    passwords.check_password(password, handle=user.handle, email=user.email,
                             name=user.display_name, firm=user.firm)
    team.set_password_hash(user.id, passwords.hash_password(password))
    return team.end_sessions_of(user.id)


def set_enabled(team: TeamStore, handle: str, enabled: bool) -> TeamUser:
    """Enable or disable a user; disabling ends their sessions at once."""
    user = team.user(handle)
    team.set_active(user.id, enabled)
    return team.user(handle)

