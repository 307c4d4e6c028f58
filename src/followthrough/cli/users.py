"""Team-mode user administration: user add, list, link, unlink, passwd,
disable, enable. Passwords are typed at a hidden prompt or read from standard
input, never taken from the command line (it lands in shell history and in
the process list)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import click

from followthrough import clock
from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app

if TYPE_CHECKING:
    from followthrough.app.types import TeamStore

USER_EXAMPLES = """
\b
Examples:
  followthrough user add ana --role consultant --firm "Northwind Search" --name "Ana Silva"
  followthrough user add ken --role candidate --firm "Northwind Search" --email ken@example.com
  followthrough user link ana ken --from 2026-11-01
  followthrough user list --firm "Northwind Search"
"""

STDIN_OPTION_HELP = ("Read the password from the first line of standard input instead of "
                       "asking twice at a hidden prompt.")


def _team(app: AppContext) -> TeamStore:
    from followthrough.app.types import TeamStore

    return TeamStore(app.store().engine)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                                 err=True)
    return password


def _instant(text: str | None, option: str) -> datetime | None:
    """An ISO date (midnight UTC) or date-time with offset."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return clock.parse_instant(text, field=option)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@cli.group("user", epilog=USER_EXAMPLES)
def user() -> None:
    """Administer team-mode users: candidates, consultants and admins in firms.

    Consultants see what their linked candidates choose to share. Passwords
    follow the rules in docs/team.md: at least 8 characters, any characters,
    not a common password.
    """


@user.command("add")
@click.argument("handle")
@click.option("--role", type=click.Choice(["candidate", "consultant", "admin"]), required=True,
              help="What the user may do.")
@click.option("--firm", metavar="NAME", required=True,
              help="The user's firm (made if it does not exist yet).")
@click.option("--name", metavar="TEXT", default=None, help="Full name (default: the handle).")
@click.option("--email", metavar="ADDRESS", default=None, help="E-mail address.")
@click.option("--password-stdin", is_flag=True, help=STDIN_OPTION_HELP)
@common
@pass_app
def add(app: AppContext, handle: str, role: str, firm: str, name: str | None,
        email: str | None, password_stdin: bool) -> None:
    """Add user HANDLE to a firm; asks for the password twice.

    HANDLE is 2 to 64 lower-case letters, digits, '.', '_' or '-'.

    \b
    Examples:
      followthrough user add ana --role consultant --firm "Northwind Search"
      printf '%s\\n' "$PW" | followthrough user add ken --role candidate \\
          --firm "Northwind Search" --password-stdin
    """
    from followthrough.team.admin import add_user, check_new_user

    team = _team(app)
    check_new_user(team, handle, role, firm, email)
    added = add_user(team, handle, role, firm, _password(password_stdin),
                     name=name, email=email)
    if app.json:
        output.write_json({"user": added.as_dict()})
        return
    click.echo(f"Added {added.role} {added.handle} ({added.display_name}) to {added.firm}.")


@user.command("list")
@click.option("--firm", metavar="NAME", default=None, help="Only this firm's users.")
@common
@pass_app
def list_(app: AppContext, firm: str | None) -> None:
    """List users by firm and role, and the consultants' links.

    \b
    Examples:
      followthrough user list
      followthrough user list --firm "Northwind Search" --format json
    """
    from followthrough.team.admin import links_of, list_users

    team = _team(app)
    found = list_users(team, firm)
    links = links_of(team, found)
    if app.json:
        output.write_json({"users": [u.as_dict() for u in found],
                           "links": [link.as_dict() for link in links]})
        return
    if not found:
        click.echo("No users yet. Add one with `followthrough user add HANDLE --role ROLE "
                   "--firm NAME`." if firm is None else f"No users in firm {firm!r}.")
        return
    output.table("Users", ["handle", "name", "role", "firm", "email", "active"],
                 [(u.handle, u.display_name, u.role, u.firm or "", u.email or "",
                   "yes" if u.active else "no") for u in found])
    if links:
        output.table("Links", ["consultant", "candidate", "from", "until"],
                     [(link.consultant, link.candidate, link.starts_at.isoformat(),
                       link.ends_at.isoformat() if link.ends_at else "") for link in links])


@user.command("link")
@click.argument("consultant")
@click.argument("candidate")
@click.option("--from", "starts", metavar="DATE", default=None,
              help="When the link starts: ISO date (midnight UTC) or date-time with offset "
                   "(default: now).")
@click.option("--until", "ends", metavar="DATE", default=None,
              help="When the link ends (default: open-ended).")
@common
@pass_app
def link(app: AppContext, consultant: str, candidate: str, starts: str | None,
         ends: str | None) -> None:
    """Link CONSULTANT to CANDIDATE of the same firm.

    While the link is in force the candidate can share debriefs with the
    consultant.

    \b
    Examples:
      followthrough user link ana ken
      followthrough user link ana ken --from 2026-11-01 --until 2027-05-01
    """
    from followthrough.team.admin import link_users

    made = link_users(_team(app), consultant, candidate, _instant(starts, "--from"),
                      _instant(ends, "--until"))
    if app.json:
        output.write_json({"link": made.as_dict()})
        return
    until = f" until {made.ends_at.isoformat()}" if made.ends_at else ""
    click.echo(f"Linked {made.consultant} to {made.candidate} from "
               f"{made.starts_at.isoformat()}{until}.")


@user.command("unlink")
@click.argument("consultant")
@click.argument("candidate")
@common
@pass_app
def unlink(app: AppContext, consultant: str, candidate: str) -> None:
    """End the link of CONSULTANT to CANDIDATE now.

    What the candidate shared with the consultant is no longer visible to them.

    \b
    Example:
      followthrough user unlink ana ken
    """
    from followthrough.team.admin import unlink_users

    ended = unlink_users(_team(app), consultant, candidate)
    if app.json:
        output.write_json({"unlinked": {"consultant": consultant, "candidate": candidate,
                                        "links": ended}})
        return
    click.echo(f"Unlinked {consultant} from {candidate}; what {candidate} shared with "
               f"{consultant} is no longer visible to them.")


@user.command("passwd")
@click.argument("handle")
@click.option("--password-stdin", is_flag=True, help=STDIN_OPTION_HELP)
@common
@pass_app
def passwd(app: AppContext, handle: str, password_stdin: bool) -> None:
    """Set a new password for HANDLE; the user's open sessions end.

    \b
    Example:
      followthrough user passwd ken
    """
    from followthrough.team.admin import set_password

    team = _team(app)
    team.user(handle)
    ended = set_password(team, handle, _password(password_stdin))
    if app.json:
        output.write_json({"user": handle, "sessions_ended": ended})
        return
    click.echo(f"Changed the password of {handle}; {ended} session(s) ended.")


def _set_enabled(app: AppContext, handle: str, enabled: bool) -> None:
    from followthrough.team.admin import set_enabled

    changed = set_enabled(_team(app), handle, enabled)
    if app.json:
        output.write_json({"user": changed.as_dict()})
        return
    click.echo(f"Enabled {handle}." if enabled
               else f"Disabled {handle}; their sessions have ended.")


@user.command("disable")
@click.argument("handle")
@common
@pass_app
def disable(app: AppContext, handle: str) -> None:
    """Disable HANDLE: no sign-in, open sessions end.

    The user's data is kept; `user enable` undoes it.

    \b
    Example:
      followthrough user disable ken
    """
    _set_enabled(app, handle, False)


@user.command("enable")
@click.argument("handle")
@common
@pass_app
def enable(app: AppContext, handle: str) -> None:
    """Enable HANDLE again after `user disable`.

    The password is unchanged.

    \b
    Example:
      followthrough user enable ken
    """
    _set_enabled(app, handle, True)

