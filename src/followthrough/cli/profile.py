"""``profile``: "About you" (name, e-mail, time zone, signature, strengths)
saved once in profile.toml, so `new` asks only what it lacks and `agenda`
reads times in your zone (:mod:`followthrough.app.profile`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.errors import BadInput, Problem

if TYPE_CHECKING:
    from followthrough.debrief.model import Candidate

OPTION_OF = {"name": "--name", "email": "--email", "timezone": "--timezone",
             "signature": "--signature", "strengths": "--strength"}
REQUIRED = {"name": '"Your Name"', "email": "you@example.net", "timezone": "Europe/London"}
CLEARABLE = ("signature", "strengths")


def saved_profile_or_note() -> Candidate | None:
    """The saved profile; None when there is none, or when the file is broken
    (what is wrong is said on stderr, and the command goes on without it)."""
    from followthrough.app.profile import load_profile

    try:
        return load_profile()
    except BadInput as error:
        for problem in error.problems:
            click.echo(f"note: {problem.describe()}; going on without your profile "
                       "(`followthrough profile` saves a new one)", err=True)
        return None


def offer_to_save(profile: Candidate | None, typed: dict[str, Any]) -> None:
    """Offer to keep what was typed at `new`'s "About you" in the profile. No
    answer (end of input) keeps nothing; a value the profile refuses is said."""
    from followthrough.app.profile import profile_fields, save_profile

    if not typed:
        return
    question = ("Save what you typed about you as your profile, so the next debrief "
                "starts with it?" if profile is None else
                f"Add your {' and '.join(typed)} to your profile?")
    try:
        if not click.confirm(question, default=True):
            return
    except click.Abort:
        click.echo()
        return
    try:
        save_profile({**(profile_fields(profile) if profile else {}), **typed})
    except BadInput as error:
        for problem in error.problems:
            click.echo(f"note: not saved: {problem.describe()}", err=True)
        return
    click.echo("Saved your profile (`followthrough profile` shows and changes it).")


@cli.command("profile")
@click.option("--name", default=None, help="Your name, as you sign your messages.")
@click.option("--email", default=None, help="Your e-mail address.")
@click.option("--timezone", default=None, metavar="ZONE",
              help="Your IANA time zone (Europe/London); the agenda shows times in it.")
@click.option("--signature", default=None, metavar="TEXT",
              help="The lines under your messages; '-' reads them from standard input.")
@click.option("--strength", "strengths", multiple=True, metavar="TEXT",
              help="A strength worth repeating; give it once per strength (replaces the "
                   "saved list).")
@click.option("--clear", "cleared", multiple=True, type=click.Choice(CLEARABLE),
              help="Remove the saved signature or strengths.")
@common
@pass_app
def profile(app: AppContext, name: str | None, email: str | None, timezone: str | None,
            signature: str | None, strengths: tuple[str, ...],
            cleared: tuple[str, ...]) -> None:
    """Show or set your profile: "About you", typed once for every debrief.

    Without options it shows the saved profile. With options it changes those
    fields, checks them as a debrief's [candidate] is checked, and saves; a
    first profile needs --name, --email and --timezone. `new` starts from it
    and asks only what it lacks; `agenda` shows times in its zone.

    \b
    Examples:
      followthrough profile
      followthrough profile --name "Ravi Subramanian" \\
          --email ravi@example.net --timezone Europe/London
      followthrough profile --strength "passed the JLPT N2" --strength "led design reviews"
      printf 'Ravi Subramanian\\n+44 7700 900000\\n' | followthrough profile --signature -
      followthrough profile --clear signature --format json
    """
    from followthrough.app.profile import load_profile

    wanted = _wanted(name, email, timezone, signature, strengths)
    if not wanted and not cleared:
        _show(app, load_profile(), saved=False)
        return
    _show(app, _save_changes(wanted, cleared), saved=True)


def _wanted(name: str | None, email: str | None, timezone: str | None,
            signature: str | None, strengths: tuple[str, ...]) -> dict[str, str | list[str]]:
    if signature == "-":
        signature = sys.stdin.read()
    if signature is not None:  # Windows line ends, typed or piped, are plain ones
        signature = signature.replace("\r\n", "\n").strip("\n")
    given: dict[str, str | None] = {"name": name, "email": email, "timezone": timezone,
                             "signature": signature}
    wanted: dict[str, str | list[str]] = {key: value.strip() for key, value in given.items()
                                          if value is not None}
    if strengths:
        wanted["strengths"] = [item.strip() for item in strengths if item.strip()]
    return wanted


def _save_changes(wanted: dict[str, Any], cleared: tuple[str, ...]) -> Candidate:
    """The saved profile with ``wanted`` over it and ``cleared`` removed, saved."""
    from followthrough.app.profile import profile_fields, save_profile

    both = sorted(set(cleared) & set(wanted))
    if both:
        raise BadInput([Problem(OPTION_OF[key], "is both given and cleared",
                                expected=f"either {OPTION_OF[key]} or --clear {key}")
                        for key in both])
    saved = _saved_unless_replaced(wanted)
    values = {**(profile_fields(saved) if saved else {}), **wanted}
    for key in (*cleared, *(key for key in CLEARABLE if not values.get(key))):
        values.pop(key, None)
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise BadInput([Problem(OPTION_OF[key], "a profile needs it and none is saved"
                                if saved is None else "cannot be empty",
                                expected=f"{OPTION_OF[key]} {REQUIRED[key]}") for key in missing])
    try:
        return save_profile(values)
    except BadInput as error:
        raise BadInput([_as_option(problem) for problem in error.problems]) from None


def _saved_unless_replaced(wanted: dict[str, Any]) -> Candidate | None:
    """The saved profile; a file that cannot be read is replaced when ``wanted``
    holds every required field, and refused otherwise, saying how to replace it."""
    from followthrough.app.profile import load_profile

    try:
        return load_profile()
    except BadInput as error:
        if all(wanted.get(key) for key in REQUIRED):
            return None
        raise BadInput([*error.problems, Problem(
            "profile", "the saved profile cannot be read, so it cannot be changed field by "
            "field", expected="--name, --email and --timezone together, to replace it")]
        ) from None


def _as_option(problem: Problem) -> Problem:
    """A problem of the profile's field, named by the option that sets it."""
    key = problem.path.split(".")[0]
    return Problem(OPTION_OF.get(key, problem.path), problem.message, expected=problem.expected)


def _show(app: AppContext, candidate: Candidate | None, *, saved: bool) -> None:
    from followthrough.app.profile import profile_fields, profile_file

    fields = profile_fields(candidate) if candidate is not None else None
    if app.json:
        output.write_json({"file": str(profile_file()), "profile": fields, "saved": saved})
        return
    if fields is None:
        click.echo("No profile yet. Save one with `followthrough profile --name NAME --email "
                   "ADDRESS --timezone ZONE`, or let `followthrough new` save what you type.")
        return
    if saved:
        click.echo(f"Saved {profile_file()}. Every new debrief starts with it.")
    output.table("Your profile", ["field", "value"],
                 [(key, _shown(value)) for key, value in fields.items()])


def _shown(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value).replace("\n", " / ")
