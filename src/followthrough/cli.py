"""The command line: a thin face over the library. Each command parses its
arguments, calls one library function and prints the result.

Errors are typed exceptions; :class:`App` turns them into messages and exit
codes in one place (0 fine, 1 findings, 2 bad input).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from followthrough import __version__, clock, output, paths
from followthrough.errors import BadInput, FollowthroughError, Problem

F = TypeVar("F", bound=Callable[..., Any])

EPILOG_EXAMPLES = """
\b
Examples:
  followthrough import debrief-tokyo.toml
  followthrough list
  followthrough show 1 --format json
  followthrough export json --all -o backup.json
"""


@dataclass
class AppContext:
    db_url: str | None = None
    format: str = "text"
    _store: Any = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        return self.format == "json"

    def store(self) -> Any:
        if self._store is None:
            from followthrough.store import open_store

            self._store = open_store(self.db_url)
        return self._store


pass_app = click.make_pass_decorator(AppContext, ensure=True)


class App(click.Group):
    """The root group; the only place where errors become exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        app = ctx.ensure_object(AppContext)
        try:
            return super().invoke(ctx)
        except FollowthroughError as error:
            if app.json:
                output.write_json(output.error_document(error))
            output.report_error(error)
            ctx.exit(int(error.exit_status))


def _set_format(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(AppContext).format = value


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(AppContext).db_url = value


def _set_now(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        try:
            clock.pin(clock.parse_instant(value, field="--now"))
        except BadInput as error:
            raise click.BadParameter(error.problems[0].message + "; " +
                                     (error.problems[0].expected or ""), ctx) from None


def common(command: F) -> F:
    """Options every command takes, wherever they are written on the line."""
    options = [
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None,
                     expose_value=False, callback=_set_format, is_eager=True,
                     help="text for people (default), json for scripts: one document on stdout."),
        click.option("--db", metavar="URL", default=None, expose_value=False, callback=_set_db,
                     is_eager=True,
                     help="Database URL (default: SQLite in the data folder; "
                          "env FOLLOWTHROUGH_DB)."),
        click.option("--now", metavar="TIME", default=None, expose_value=False,
                     callback=_set_now, is_eager=True,
                     help="Pretend it is this ISO 8601 time (with offset), for reproducible "
                          "results."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=App, epilog=EPILOG_EXAMPLES,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="followthrough")
@common
def cli() -> None:
    """Do everything that should follow a job interview, on time and well.

    Record a debrief (the interview, the people, what was said and promised),
    and followthrough keeps it in a local database so later steps can plan,
    draft and check your follow-up messages.
    """


# ---------------------------------------------------------------- interviews


@cli.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=True, allow_dash=True))
@common
@pass_app
def import_(app: AppContext, files: tuple[Path, ...]) -> None:
    """Store debrief FILES (TOML, or JSON from `export json`) and print each new id.

    Every file is checked first; if any has a problem, nothing is stored.
    Importing the same debrief twice finds the stored one instead of
    duplicating it.

    \b
    Example:
      followthrough import debrief-tokyo.toml
    """
    from followthrough.records import import_files

    imported = import_files(app.store(), files)
    if app.json:
        output.write_json({"imported": [item.as_dict() for item in imported]})
        return
    for item in imported:
        click.echo(item.id)
        if not item.created:
            click.echo(f"{item.file}: already stored as #{item.id}", err=True)


@cli.command("list")
@common
@pass_app
def list_(app: AppContext) -> None:
    """List stored interviews, newest first."""
    summaries = app.store().list_interviews()
    if app.json:
        output.write_json({"interviews": [summary.as_dict() for summary in summaries]})
        return
    if not summaries:
        click.echo("No interviews yet. Record one with `followthrough new` or "
                   "`followthrough import FILE`.")
        return
    output.table("Interviews", ["id", "company", "role", "starts", "state"],
                 [(s.id, s.company, s.role, s.starts_at.strftime("%Y-%m-%d %H:%M UTC"), s.state)
                  for s in summaries])


@cli.command("show")
@click.argument("interview_id", type=int, metavar="ID")
@common
@pass_app
def show(app: AppContext, interview_id: int) -> None:
    """Show everything recorded about interview ID."""
    from followthrough import render

    stored = app.store().get_interview(interview_id)
    if app.json:
        output.write_json({"interview": stored.as_dict()})
        return
    render.interview(stored, output.console())


@cli.command("edit")
@click.argument("interview_id", type=int, metavar="ID")
@common
@pass_app
def edit(app: AppContext, interview_id: int) -> None:
    """Open interview ID's debrief in $EDITOR; it is checked and stored again on save.

    If the edited text has problems they are shown and the stored debrief is
    left as it was.
    """
    from followthrough.records import edit_interview

    changed = edit_interview(app.store(), interview_id, editor=_run_editor)
    click.echo(f"Updated #{interview_id}." if changed else f"No changes to #{interview_id}.")


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
    rounds, and how they prefer to be contacted.
    """
    from followthrough.guided import ask_debrief
    from followthrough.records import save_new

    if target is not None and target.exists():
        raise BadInput([Problem("--output", f"{target} exists already; not overwriting it",
                                expected="a new file name")])
    debrief = ask_debrief(click.prompt, click.echo)
    written, interview_id = save_new(app.store(), debrief, target)
    click.echo(f"Wrote {written} and stored it as #{interview_id}.")


# ---------------------------------------------------------------- the plan


def _load_for_plan(app: AppContext, target: str) -> tuple[Any, list[Any]]:
    """``target`` is a stored interview id (the plan is recomputed and stored)
    or a debrief file (planned without storing anything)."""
    from followthrough.debrief import read_debrief
    from followthrough.plan import plan
    from followthrough.settings import load_settings
    from followthrough.store import StoredInterview
    from followthrough.tracking import replan

    if target.isdigit():
        return replan(app.store(), int(target))
    debrief = read_debrief(Path(target))
    now = clock.now()
    unsaved = StoredInterview(id=0, state="awaiting", debrief=debrief, source=None,
                              created_at=now, updated_at=now)
    return unsaved, plan(debrief, now=now, overrides=load_settings().profiles)


@cli.command("plan")
@click.argument("target", metavar="FILE|ID")
@common
@pass_app
def plan_(app: AppContext, target: str) -> None:
    """Plan every follow-up of an interview: what, for whom, when and why.

    Times are in the recipient's business hours, skipping their weekend,
    public holidays and customary closures. With a stored interview ID the
    plan takes its events (done, skipped, replies, outcomes) into account and
    is stored; with a FILE nothing is stored.

    \b
    Examples:
      followthrough plan 1
      followthrough plan debrief.toml --now 2026-11-16T15:05:00+09:00 --format json
    """
    from followthrough import render

    stored, actions = _load_for_plan(app, target)
    interview_id = stored.id or None
    if app.json:
        interview = stored.as_dict()
        interview["id"] = interview_id
        output.write_json({"interview": interview,
                           "actions": [a.as_dict(interview_id or "file") for a in actions]})
        return
    render.plan(stored, actions, output.console())


@cli.command("agenda")
@common
@pass_app
def agenda_(app: AppContext) -> None:
    """What to do now: overdue, today and the next 7 days, across all interviews.

    Times are in your zone, with the recipient's local time beside them.
    """
    from followthrough import render
    from followthrough.tracking import agenda

    found = agenda(app.store())
    if app.json:
        output.write_json(found.as_dict())
        return
    render.agenda(found, output.console())


def _mark(app: AppContext, action_id: str, status: str) -> None:
    from followthrough.tracking import mark_action

    row = mark_action(app.store(), action_id, status)
    if app.json:
        output.write_json({"action": row.id, "status": row.status})
    else:
        click.echo(f"{row.id}: {row.status}.")


@cli.command("done")
@click.argument("action_id", metavar="ACTION_ID")
@common
@pass_app
def done(app: AppContext, action_id: str) -> None:
    """Mark an action done (for example 1.thank-you.hiroshi-sato); the plan follows."""
    _mark(app, action_id, "done")


@cli.command("skip")
@click.argument("action_id", metavar="ACTION_ID")
@common
@pass_app
def skip(app: AppContext, action_id: str) -> None:
    """Skip an action you decided not to do; the plan follows."""
    _mark(app, action_id, "skipped")


@cli.command("reply")
@click.argument("interview_id", type=int, metavar="ID")
@click.option("--from", "person", metavar="NAME", default=None,
              help="Who replied (anyone in the debrief).")
@common
@pass_app
def reply(app: AppContext, interview_id: int, person: str | None) -> None:
    """Record a reply from the company: pending status inquiries stop."""
    from followthrough.tracking import record_reply

    record_reply(app.store(), interview_id, person)
    _after_event(app, interview_id, "Reply recorded")


@cli.command("outcome")
@click.argument("interview_id", type=int, metavar="ID")
@click.argument("result", type=click.Choice(["offer", "rejected", "next-round", "withdrawn"]))
@common
@pass_app
def outcome(app: AppContext, interview_id: int, result: str) -> None:
    """Record how it ended (or that a next round is coming); the plan follows."""
    from followthrough.tracking import record_outcome

    record_outcome(app.store(), interview_id, result)
    _after_event(app, interview_id, f"Outcome {result} recorded")


def _after_event(app: AppContext, interview_id: int, message: str) -> None:
    stored = app.store().get_interview(interview_id)
    if app.json:
        output.write_json({"interview": interview_id, "state": stored.state})
    else:
        click.echo(f"{message} for #{interview_id}; it is now {stored.state}.")


@cli.command("rules")
@common
@pass_app
def rules_(app: AppContext) -> None:
    """The timing rules the planner follows, with the article each comes from."""
    from followthrough.plan import rules

    timing = rules()
    if app.json:
        output.write_json({"timing": [{"id": r.id, "kind": r.kind, "summary": r.summary,
                                       "source": r.source} for r in timing]})
        return
    output.table("Timing rules", ["id", "kind", "rule", "source"],
                 [(r.id, r.kind, r.summary, r.source) for r in timing])


# ---------------------------------------------------------------- exports


@cli.group("export")
def export() -> None:
    """Write stored data to files: json, ics."""


@export.command("ics")
@click.argument("interview_id", type=int, metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Every stored interview.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help="The .ics file to write.")
@common
@pass_app
def export_ics(app: AppContext, interview_id: int | None, everything: bool,
               target: Path) -> None:
    """Write the plan of interview ID (or --all) as an iCalendar file.

    Each action becomes a to-do with a reminder and a stable UID, so importing
    the file again updates your calendar instead of duplicating entries.
    """
    from followthrough.plan.ics import to_ics
    from followthrough.tracking import replan

    if (interview_id is None) == (not everything):
        raise BadInput([Problem("ID", "give an interview id or --all, not both or neither")])
    store = app.store()
    ids = [interview_id] if interview_id is not None else [s.id for s in store.list_interviews()]
    items = []
    for each in ids:
        stored, actions = replan(store, each)
        items.append((each, stored.debrief, actions))
    target.write_bytes(to_ics(items, now=clock.now()))
    count = sum(len(actions) for _, _, actions in items)
    click.echo(f"Wrote {count} action(s) of {len(items)} interview(s) to {target}.", err=True)


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
    from followthrough.records import export_document

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
    """Print where the data lives (folder and database URL)."""
    click.echo(f"home      {paths.home()}")
    click.echo(f"database  {app.db_url or paths.default_database_url()}")


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="followthrough")
