"""Who may reach what in team mode: the session behind each request and one
table of routes by role.

Local mode (one person on 127.0.0.1) has no sign-in and none of this applies.
In team mode every request but the sign-in page needs a live session
(:mod:`followthrough.team.auth`), and its path must be open to the user's
role by :data:`ACCESS`. The pages themselves then read through stores that
only return the user's own rows (a candidate) or what was shared with them
(a consultant), so a route missing from the table still shows nothing foreign.
"""

from __future__ import annotations

from fastapi import Request

from followthrough.app.types import TeamStore, TeamUser

PUBLIC = frozenset({"/login"})
"""Paths reachable without a session."""

ACCESS: tuple[tuple[str, frozenset[str]], ...] = (
    ("/logout", frozenset({"candidate", "consultant", "admin"})),
    ("/account", frozenset({"candidate", "consultant", "admin"})),
    ("/team/users", frozenset({"admin"})),
    ("/team", frozenset({"consultant"})),
    ("/api/team", frozenset({"consultant"})),
    ("/settings", frozenset({"admin"})),
    ("/api/openapi.json", frozenset({"candidate", "consultant", "admin"})),
    ("/", frozenset({"candidate"})),
)
"""The first entry whose prefix matches the path decides; "/" is the rest:
the candidate's own interviews, drafts, outbox and API."""

HOME = {"candidate": "/", "consultant": "/team", "admin": "/team/users"}


class NotSignedIn(Exception):
    """No live session: pages go to the sign-in form, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but this path is not for the user's role (403)."""

    def __init__(self, home: str) -> None:
        super().__init__("this page is not available to your role")
        self.home = home


def roles_for(path: str) -> frozenset[str]:
    for prefix, roles in ACCESS:
        if _under(path, prefix):
            return roles
    return frozenset()


def _under(path: str, prefix: str) -> bool:
    if prefix == "/":
        return True
    return path == prefix or path.startswith(prefix + "/")


def team_store(request: Request) -> TeamStore:
    team: TeamStore = request.app.state.team_store
    return team


def gate(request: Request) -> None:
    """App-wide dependency (runs before the CSRF check): resolve the session
    and apply :data:`ACCESS`. A no-op in local mode."""
    request.state.session = None
    if not request.app.state.team:
        return
    from followthrough.team.auth import SESSION_COOKIE, resolve

    token = request.cookies.get(SESSION_COOKIE)
    session = resolve(team_store(request), token) if token else None
    request.state.session = session
    path = request.url.path
    if path in PUBLIC:
        return
    if session is None:
        raise NotSignedIn
    role = session.user.role
    if role not in roles_for(path):
        raise Forbidden(HOME.get(role, "/login"))


def current_user(request: Request) -> TeamUser:
    """The signed-in user (team mode; the gate has already checked)."""
    session = getattr(request.state, "session", None)
    if session is None:
        raise NotSignedIn
    user: TeamUser = session.user
    return user
