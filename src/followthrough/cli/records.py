"""Commands on stored debriefs: import, list, show, edit, delete, new, export json."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followthrough import paths
from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, export, pass_app
from followthrough.errors import BadInput, Problem

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.debrief.cautions import Caution

# ---------------------------------------------------------------- interviews


@cli.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=True, allow_dash=True))
@common
@pass_app
def import_(app: AppContext, files: tuple[Path, ...]) -> None:
    """Store debrief FILES (TOML, or JSON from `export json`) and print each new id.

    Every file is checked first; if any has a problem, nothing is stored.
    Each file is then stored in one transaction with the plans of its
    interviews: interrupted, a file is stored whole or not at all. Importing
    the same debrief twice finds the stored one instead of duplicating it.
    An interview dated in the future or a decision date before the interview
    is stored all the same, with a warning on stderr (a "warnings" list with
    --format json).

    \b
    Example:
      followthrough import debrief-tokyo.toml
    """
    from followthrough.app.planning import rounds_note
    from followthrough.app.records import import_files

    imported = import_files(app.store(), files)
    warned = [(item, caution) for item in imported if item.created
              for caution in stored_cautions(app, item.id)]
    if app.json:
        output.write_json({"imported": [item.as_dict() for item in imported],
                           "warnings": [{"id": item.id, "file": item.file, **caution.as_dict()}
                                        for item, caution in warned]})
        return
    for item in imported:
        click.echo(item.id)
        if not item.created:
            click.echo(f"{item.file}: already stored as #{item.id}", err=True)
        elif note := rounds_note(app.store(), item.id):
            click.echo(note, err=True)
    for item, caution in warned:
        click.echo(f"{item.file}: {caution.describe()}", err=True)


def stored_cautions(app: AppContext, interview_id: int) -> list[Caution]:
    """The warnings (:mod:`followthrough.debrief.cautions`) about a stored debrief."""
    from followthrough import clock
    from followthrough.debrief.cautions import cautions

    return cautions(app.store().get_interview(interview_id).debrief, clock.now())


def say_cautions(label: str, found: list[Caution]) -> None:
    for caution in found:
        click.echo(f"{label}: {caution.describe()}", err=True)


@cli.command("list")
@common
@pass_app
def list_(app: AppContext) -> None:
    """List stored interviews, newest first."""
    summaries = app.reader().list_interviews()
    if app.json:
        output.write_json({"interviews": [summary.as_dict() for summary in summaries]})
        return
    if not summaries:
        click.echo("No interviews yet. Record one with `followthrough new` or "
                   "`followthrough import FILE`.")
        return
    output.table("Interviews", ["id", "company", "role", "starts (your time)", "state"],
                 [(s.id, s.company, s.role, _local(s.starts_at, s.candidate_zone), s.state)
                  for s in summaries])


def _local(instant: datetime, zone: str) -> str:
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(zone)).strftime("%a %d %b %Y %H:%M")


@cli.command("show")
@click.argument("interview_id", type=int, metavar="ID")
@common
@pass_app
def show(app: AppContext, interview_id: int) -> None:
    """Show everything recorded about interview ID."""
    from followthrough.cli import render
    from followthrough.plan.decision_words import decision_reading

    stored = app.store().get_interview(interview_id)
    said = decision_reading(stored.debrief, app.core().settings.profiles)
    if app.json:
        interview = stored.as_dict()
        interview["timing"] = said.as_dict() if said else None
        output.write_json({"interview": interview})
        return
    render.interview(stored, output.console(), said)


@cli.command("edit")
@click.argument("interview_id", type=int, metavar="ID")
@common
@pass_app
def edit(app: AppContext, interview_id: int) -> None:
    """Open interview ID's debrief in $EDITOR; it is checked and stored again on save.

    If the edited text has problems, the editor opens again with them listed
    on top as comments (each with its line), as `git commit` does: fix and
    save, or save an empty file to leave the debrief as it was. Saved
    unchanged, the edit stops with the problems and nothing is stored.
    Warnings (an interview dated in the future, a decision date before the
    interview) are printed on stderr once the edit is stored.
    """
    from followthrough.app.records import edit_interview

    changed = edit_interview(app.store(), interview_id, editor=_run_editor,
                             notify=lambda text: click.echo(text, err=True))
    click.echo(f"Updated #{interview_id}." if changed else f"No changes to #{interview_id}.")
    if changed:
        say_cautions(f"#{interview_id}", stored_cautions(app, interview_id))


def _run_editor(text: str) -> str | None:
    return click.edit(text, extension=".toml", require_save=True)


@cli.command("delete")
@click.argument("interview_id", type=int, metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@common
@pass_app
def delete(app: AppContext, interview_id: int, yes: bool) -> None:
    """Delete interview ID with its plan and events."""
    store = app.store()
    stored = store.get_interview(interview_id)
    label = f"#{interview_id} {stored.debrief.interview.company} ({stored.debrief.interview.role})"
    if not yes and not click.confirm(f"Delete {label}?", default=False):
        click.echo("Nothing deleted.")
        return
    store.delete_interview(interview_id)
    if app.json:
        output.write_json({"deleted": interview_id})
    else:
        click.echo(f"Deleted {label}.")


@cli.command("new")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Where to write the TOML (default: debrief-COMPANY-DATE.toml).")
@common
@pass_app
def new(app: AppContext, target: Path | None) -> None:
    """Record a debrief by answering questions; writes the TOML and stores it.

    Includes the questions worth asking before you leave the room: how long
    the decision takes, whether unsuccessful candidates are told, further
    rounds, and how they prefer to be contacted. "About you" comes from your
    saved profile (`followthrough profile`); what it lacks is asked, and what
    you type can be saved as your profile. An interview dated in the future or
    a decision date before the interview is stored with a warning on stderr.
    """
    from followthrough.app.records import save_new
    from followthrough.cli.guided import ask_about_you, ask_debrief
    from followthrough.cli.profile import offer_to_save, saved_profile_or_note

    if target is not None and target.exists():
        raise BadInput([Problem("--output", f"{target} exists already; not overwriting it",
                                expected="a new file name")])
    profile = saved_profile_or_note()
    candidate, typed = ask_about_you(click.prompt, click.echo, profile)
    debrief = ask_debrief(click.prompt, click.echo, app.core().settings.profiles, candidate)
    written, interview_id = save_new(app.store(), debrief, target)
    click.echo(f"Wrote {written} and stored it as #{interview_id}.")
    say_cautions(str(written), stored_cautions(app, interview_id))
    offer_to_save(profile, typed)


# ---------------------------------------------------------------- exports


@export.command("json")
@click.argument("interview_id", type=int, metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Every stored interview.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write to this file instead of standard output.")
@common
@pass_app
def export_json(app: AppContext, interview_id: int | None, everything: bool,
                target: Path | None) -> None:
    """Export interview ID (or --all) as JSON that `import` reads back."""
    from followthrough.app.records import export_document

    if (interview_id is None) == (not everything):
        raise BadInput([Problem("ID", "give an interview id or --all, not both or neither")])
    document = export_document(app.store(), None if everything else interview_id)
    if target is None:
        output.write_json(document)
        return
    with target.open("w", encoding="utf-8") as stream:
        output.write_json(document, stream)
    click.echo(f"Wrote {len(document['interviews'])} interview(s) to {target}.", err=True)


@cli.command("where")
@common
@pass_app
def where(app: AppContext) -> None:
    """Print where the data lives (folder and database URL, its password masked)."""
    from followthrough.app.core import shown_database

    click.echo(f"home      {paths.home()}")
    click.echo(f"database  {shown_database(app.db_url)}")
