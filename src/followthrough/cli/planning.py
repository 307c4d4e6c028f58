"""Commands on the plan: plan, agenda, done, skip, reply, outcome, reference-checked,
undo, history, rules, export ics, export csv."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, export, pass_app
from followthrough.errors import BadInput, Problem
from followthrough.vocabulary import OUTCOMES

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.app.types import StoredInterview
    from followthrough.plan import Action


def _load_for_plan(app: AppContext, target: str, *, view: bool = False
                   ) -> tuple[StoredInterview, list[Action]]:
    """``target`` is a stored interview id (the plan is recomputed and stored)
    or a debrief file (planned without storing anything); ``view`` as for
    :meth:`followthrough.app.core.Core.plan_of`."""
    return app.core().plan_of(target, view=view)


@cli.command("plan")
@click.argument("target", metavar="FILE|ID")
@common
@pass_app
def plan_(app: AppContext, target: str) -> None:
    """Plan every follow-up of an interview: what, for whom, when and why.

    Times are in the recipient's business hours, skipping their weekend,
    public holidays and customary closures. With a stored interview ID the
    plan takes its events (done, skipped, replies, outcomes) into account and
    is stored; with a FILE nothing is stored. A pending step whose time has
    passed shows as overdue (in red on a terminal); JSON gives "overdue" for
    each action.

    When the debrief records their words about the decision ("within ten
    days"), a line says the date they were read as, and the other day words
    such as "next Friday" can mean; set decision_by to choose. JSON gives it
    as interview.timing.

    \b
    Examples:
      followthrough plan 1
      followthrough plan debrief.toml --now 2026-11-16T15:05:00+09:00 --format json
    """
    from followthrough.cli import render
    from followthrough.plan.decision_words import decision_reading

    stored, actions = _load_for_plan(app, target, view=True)
    if app.json:
        output.write_json(app.core().plan_document(stored, actions))
        return
    said = decision_reading(stored.debrief, app.core().settings.profiles)
    render.plan(stored, actions, output.console(), said)


@cli.command("agenda")
@click.option("--all", "everything", is_flag=True,
              help="Every item, not only the first 100 overdue and 300 coming.")
@click.option("--digest", is_flag=True,
              help="Print the morning digest instead: one plain-text message with what is "
                   "due today and overdue, each with its id and the command or page to act "
                   "(the text the worker e-mails you each morning with [digest] set).")
@common
@pass_app
def agenda_(app: AppContext, everything: bool, digest: bool) -> None:
    """What to do now: overdue, today and the next 7 days, across all interviews,
    and the messages that did not go out (failed, or uncertain).

    Times are in your zone (your profile's, from `followthrough profile`; without
    one, the candidate's zone of the first item), with the recipient's local time
    beside them. A long agenda says how many more items it holds; --all shows them.
    Keep-searching reminders are one a week across your interviews, naming the
    companies still open; marking it done marks that week's for every interview.

    \b
    Examples:
      followthrough agenda
      followthrough agenda --digest
      followthrough agenda --format json
    """
    from followthrough.app.agenda import agenda
    from followthrough.cli import render
    from followthrough.cli.profile import saved_profile_or_note

    profile = saved_profile_or_note()
    zone = profile.timezone if profile else None
    if digest:
        _print_digest(app, zone)
        return
    found = agenda(app.reader(), zone, everything=everything)
    if app.json:
        output.write_json(found.as_dict())
        return
    render.agenda(found, output.console())


def _print_digest(app: AppContext, zone: str | None) -> None:
    from followthrough.app.digest import WEB, digest_settings, digest_text

    chosen = digest_settings(app.core().settings)
    made = digest_text(app.store(), zone, chosen.url if chosen else WEB)
    if app.json:
        output.write_json({"subject": made.subject, "body": made.body, "items": made.items,
                           "zone": made.zone})
        return
    click.echo(f"Subject: {made.subject}\n\n{made.body}", nl=False)


def _mark(app: AppContext, action_id: str, status: str) -> None:
    from followthrough.app.planning import mark

    row, changed = mark(app.store(), action_id, status)
    if app.json:
        output.write_json({"action": row.id, "status": row.status, "changed": changed})
    elif changed:
        click.echo(f"{row.id}: {row.status}.")
    else:
        click.echo(f"{row.id} is already {row.status}; nothing changed.")


@cli.command("done")
@click.argument("action_id", metavar="ACTION_ID")
@common
@pass_app
def done(app: AppContext, action_id: str) -> None:
    """Mark an action done (for example 1.thank-you.hiroshi-sato); the plan follows.
    Marking it done again changes nothing."""
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
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="The new decision date the reply gave.")
@click.option("--said", metavar="TEXT", default=None,
              help="What the reply said about timing ('we will decide next week'); "
                   "read into a new decision date.")
@common
@pass_app
def reply(app: AppContext, interview_id: int, person: str | None, until: datetime | None,
          said: str | None) -> None:
    """Record a reply from the company: pending status inquiries stop. With a new
    decision date (--until, or --said words), inquiries start again from that date.
    A reply from one of your references is theirs: the company's inquiries go on."""
    from followthrough.app.planning import record_reply

    day: date | None = until.date() if until is not None else None
    recorded = record_reply(app.store(), interview_id, person, day, said)
    if recorded.from_reference:
        message = f"Reply from your reference {person} recorded (the company's inquiries go on)"
    elif recorded.until is not None:
        reading = f" ('{recorded.said}')" if recorded.said else ""
        message = (f"Reply recorded with a new decision date, "
                   f"{recorded.until:%d %B %Y}{reading}")
    else:
        message = "Reply recorded"
    _after_event(app, interview_id, message,
                 until=recorded.until.isoformat() if recorded.until else None,
                 from_reference=recorded.from_reference)


@cli.command("outcome")
@click.argument("interview_id", type=int, metavar="ID")
@click.argument("result", type=click.Choice(OUTCOMES))
@click.option("--from", "person", metavar="NAME", default=None,
              help="Who told you (anyone in the debrief); your reply goes to them.")
@common
@pass_app
def outcome(app: AppContext, interview_id: int, result: str, person: str | None) -> None:
    """Record how it ended (or that a next round is coming); the plan follows with a
    reply to whoever told you: the --from person, else the recruiter who runs the
    process, else the first interviewer.

    A rejection or a withdrawal ends the process; an offer can still be declined
    (withdrawn) or taken back (rejected). `followthrough undo ID` takes an outcome back.
    """
    from followthrough.app.planning import record_outcome

    changed = record_outcome(app.store(), interview_id, result, person)
    message = f"Outcome {result} recorded" if changed \
        else f"Outcome {result} was already recorded; nothing changed"
    _after_event(app, interview_id, message, changed=changed)


@cli.command("reference-checked")
@click.argument("interview_id", type=int, metavar="ID")
@click.option("--from", "person", metavar="NAME", default=None,
              help="The reference they contacted (default: every reference).")
@common
@pass_app
def reference_checked(app: AppContext, interview_id: int, person: str | None) -> None:
    """Record that the company contacted your references (or the --from one): a
    thank-you to each is planned."""
    from followthrough.app.planning import record_reference_check

    changed = record_reference_check(app.store(), interview_id, person)
    who = person or "your references"
    message = f"Reference check of {who} recorded" if changed \
        else f"The reference check of {who} was already recorded; nothing changed"
    _after_event(app, interview_id, message, changed=changed)


@cli.command("undo")
@click.argument("target", metavar="ID|ACTION_ID")
@click.option("--event", "event_id", type=click.IntRange(min=1), default=None,
              metavar="N", help="The event to take back (numbers from `history ID`).")
@common
@pass_app
def undo_(app: AppContext, target: str, event_id: int | None) -> None:
    """Take back an event: the latest of interview ID, the latest mark of ACTION_ID,
    or --event N. The event stays in the history with its undo, and the plan is as
    if it had never been recorded.

    \b
    Examples:
      followthrough undo 1
      followthrough undo 1.thank-you.hiroshi-sato
      followthrough undo 1 --event 4
    """
    from followthrough.app.planning import describe, undo

    interview_id, event = undo(app.store(), target, event_id)
    _after_event(app, interview_id, f"Undid event {event.id} ({describe(event)})",
                 undone=event.id)


@cli.command("history")
@click.argument("interview_id", type=int, metavar="ID")
@common
@pass_app
def history_(app: AppContext, interview_id: int) -> None:
    """Every event recorded for an interview, with its number (for `undo --event`)
    and whether an undo has taken it back."""
    from followthrough.app.planning import describe, history

    entries = history(app.store(), interview_id)
    if app.json:
        output.write_json({"interview": interview_id, "events": [
            {"id": entry.event.id, "at": entry.event.at.isoformat(), "kind": entry.event.kind,
             "what": describe(entry.event), "in_force": entry.in_force}
            for entry in entries]})
        return
    output.table(f"Events of #{interview_id}", ["event", "at", "what", "in force"],
                 [(str(entry.event.id), entry.event.at.isoformat(timespec="minutes"),
                   describe(entry.event), "yes" if entry.in_force else "undone")
                  for entry in entries])


def _after_event(app: AppContext, interview_id: int, message: str, **extra: object) -> None:
    stored = app.store().get_interview(interview_id)
    if app.json:
        output.write_json({"interview": interview_id, "state": stored.state, **extra})
    else:
        click.echo(f"{message} for #{interview_id}; it is now {stored.state}.")


@cli.command("rules")
@common
@pass_app
def rules_(app: AppContext) -> None:
    """Every rule: when the planner schedules what, and what the checker looks for,
    each with the article it comes from."""
    from followthrough.check import all_rules
    from followthrough.plan import rules

    timing = rules()
    checker = all_rules()
    if app.json:
        output.write_json({
            "timing": [{"id": r.id, "kind": r.kind, "summary": r.summary, "source": r.source}
                       for r in timing],
            "checker": [{"id": r.id, "category": r.category, "severity": r.severity,
                         "message": r.message, "suggestion": r.suggestion, "source": r.source}
                        for r in checker]})
        return
    output.table("Timing rules", ["id", "kind", "rule", "source"],
                 [(r.id, r.kind, r.summary, r.source) for r in timing])
    click.echo()
    output.table("Etiquette rules", ["id", "category", "severity", "source"],
                 [(r.id, r.category, r.severity, r.source) for r in checker])


@export.command("ics")
@click.argument("interview_id", type=int, metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Every stored interview.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help="The .ics file to write.")
@click.option("--todo", is_flag=True,
              help="To-dos (VTODO) instead of events, for apps that list tasks.")
@common
@pass_app
def export_ics(app: AppContext, interview_id: int | None, everything: bool,
               target: Path, todo: bool) -> None:
    """Write the plan of interview ID (or --all) as an iCalendar file.

    Each action becomes a 15-minute event at its due time, with a reminder
    while it is pending (Google Calendar, Outlook and Apple Calendar show
    them); --todo writes to-dos instead. UIDs are stable and carry the
    interview's random uid, so importing the file again updates your calendar
    instead of duplicating entries, and a later interview never takes over a
    deleted one's entries.
    """
    from followthrough.app.exports import calendar, planned

    items = planned(app.store(), _one_or_all(interview_id, everything))
    target.write_bytes(calendar(items, todo=todo))
    count = sum(len(item.actions) for item in items)
    click.echo(f"Wrote {count} action(s) of {len(items)} interview(s) to {target}.", err=True)


@export.command("csv")
@click.argument("interview_id", type=int, metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Every stored interview.")
@click.option("--rows", type=click.Choice(["actions", "interviews"]), default="actions",
              show_default=True, help="One row per planned action, or per interview.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write to this file (UTF-8 with a BOM, for spreadsheets) "
                                 "instead of standard output.")
@common
@pass_app
def export_csv(app: AppContext, interview_id: int | None, everything: bool, rows: str,
               target: Path | None) -> None:
    """Write the plan of interview ID (or --all) as CSV for spreadsheets.

    \b
    --rows actions: interview, company, role, interview_starts, state, action,
      kind, to, channel, due, latest, zone, due_yours, status, outbox, why
    --rows interviews: interview, company, role, starts, timezone, state,
      actions, pending, done, skipped, next_action, next_due, created, updated
    Times are ISO 8601 with their offset (due and latest in the recipient's zone).
    """
    from followthrough.app.exports import csv_text, planned

    store = app.store()
    items = planned(store, _one_or_all(interview_id, everything))
    text = csv_text(store, items, "interviews" if rows == "interviews" else "actions")
    if target is None:
        click.echo(text, nl=False)
        return
    target.write_text(text, encoding="utf-8-sig", newline="")
    click.echo(f"Wrote {len(items)} interview(s) to {target}.", err=True)


def _one_or_all(interview_id: int | None, everything: bool) -> int | None:
    if (interview_id is None) == (not everything):
        raise BadInput([Problem("ID", "give an interview id or --all, not both or neither")])
    return interview_id
