"""Commands on sending: approve, outbox, send, worker, mark-sent, cancel,
resolve, mailto, export eml. Nothing is sent without ``approve``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followthrough.cli import (
    accounts,  # noqa: F401 - registers `account mail` (team mode)
    output,
)
from followthrough.cli.app import AppContext, cli, common, export, pass_app

if TYPE_CHECKING:
    from types import FrameType

    from followthrough.app.types import MailSettings, MorningDigest, OutboxRow, Report
    from followthrough.errors import BadInput


def _row_dict(row: OutboxRow, files: list[tuple[str, int]] | None = None) -> dict[str, Any]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(row.zone)
    return {"id": row.action_id, "status": row.status, "to": row.to_addr,
            "subject": row.subject, "send_at": row.send_at.astimezone(zone).isoformat(),
            "latest": row.latest_at.astimezone(zone).isoformat(), "attempts": row.attempts,
            "message_id": row.message_id, "smtp_code": row.smtp_code,
            "notice": row.last_error,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            "attachments": [{"filename": name, "size": size} for name, size in files or []]}


def _files_of(app: AppContext, rows: list[OutboxRow]) -> dict[int, list[tuple[str, int]]]:
    from followthrough.app.mail import attached

    return attached(app.core(), rows)


def _print_report(app: AppContext, report: Report) -> None:
    if app.json:
        output.write_json(report.as_dict())
        return
    counts = {k: len(v) for k, v in report.as_dict().items()
              if k != "notices" and isinstance(v, list) and v}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing was due"
    click.echo(f"Outbox: {summary}.")
    for notice in report.notices:
        click.echo(f"  ! {notice}", err=True)


@cli.command("approve")
@click.argument("draft_id", metavar="DRAFT_ID")
@click.option("--at", "at", metavar="TIME", default=None,
              help="Send at this time instead of the planned one: 2026-11-17T10:00 in the "
                   "recipient's zone, or with an offset, or `now` to send at once. Past or "
                   "unclear times are refused.")
@click.option("--body", "body_file", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="Queue this text (UTF-8; - reads standard input) instead of the draft as "
                   "composed; the checker reads it again.")
@click.option("--subject", metavar="TEXT", default=None,
              help="With --body: the subject line (default: the draft's).")
@common
@pass_app
def approve_(app: AppContext, draft_id: str, at: str | None, body_file: Path | None,
             subject: str | None) -> None:
    """Queue a composed draft to be sent at its planned time (recipient's hours).

    Refused: when no mail account is set up ([mail.smtp] in the settings), a
    draft with checker errors, a message not meant for e-mail, a time that is
    past, does not exist or is after the latest sensible time.
    Approving twice queues it once.

    \b
    Examples:
      followthrough approve 1.thank-you.hiroshi-sato
      followthrough approve 1.thank-you.hiroshi-sato --at 2026-11-17T10:00
      followthrough approve 1.thank-you.hiroshi-sato --at now
      followthrough approve 1.thank-you.hiroshi-sato --body edited.txt --subject "Thank you"
    """
    from followthrough.app.drafting import edited_text
    from followthrough.app.mail import human_size

    core = app.core()

    def can_send() -> None:
        if core.mail.smtp is None:
            raise _no_account(draft_id)

    if subject is not None and body_file is None:
        raise click.UsageError("--subject only applies with --body FILE.")
    body = edited_text(body_file) if body_file is not None else None
    row, created = core.approve(draft_id, body=body, subject=subject, at=at, can_send=can_send)
    files = _files_of(app, [row]).get(row.id, [])
    if app.json:
        output.write_json({**_row_dict(row, files), "created": created})
        return
    when = _row_dict(row)["send_at"]
    if created:
        attached = "".join(f", with {name} ({human_size(size)})" for name, size in files)
        click.echo(f"{row.action_id}: queued for {when} (recipient's time) to "
                   f"{row.to_addr}{attached}.")
    else:
        click.echo(f"{row.action_id}: already in the outbox ({row.status}); nothing changed.")


def _no_account(draft_id: str) -> BadInput:
    """What to set up before anything can be queued, and how to send it meanwhile."""
    from followthrough import paths
    from followthrough.errors import BadInput, Problem

    return BadInput([Problem(
        "approve", "no mail account is set up, so followthrough cannot send it; "
        "nothing was queued",
        expected=f"a [mail.smtp] section in {paths.settings_file()}, like host = "
                 '"smtp.example.net", port = 465, user = "you@example.net", tls = '
                 '"implicit" (`followthrough serve` shows a full example on its Settings '
                 "page); or send it from your own mail program: `followthrough export eml "
                 f"{draft_id} -o note.eml`, then `followthrough mark-sent {draft_id}`")])


@cli.command("outbox")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help="Only these states (repeatable).")
@common
@pass_app
def outbox_(app: AppContext, statuses: tuple[str, ...]) -> None:
    """Every approved message and its state; notices say what needs you."""
    from followthrough.app.mail import outbox

    rows = outbox(app.core(), statuses)
    if app.json:
        files = _files_of(app, rows)
        output.write_json({"outbox": [_row_dict(row, files.get(row.id)) for row in rows]})
        return
    output.table("Outbox", ["id", "status", "send at (theirs)", "to", "notice"],
                 [(r.action_id, r.status, _row_dict(r)["send_at"][:16], r.to_addr,
                   r.last_error or "") for r in rows])


EXIT_CODES = """\b
Exit codes:
  0  every due message went out (or nothing was due)
  1  some were refused (5xx), uncertain, expired or wait for a retry
  3  the mail server could not be reached or refused the login, or no
     [mail.smtp] account is set up: due messages wait
"""


@cli.command("send", epilog=EXIT_CODES)
@click.option("--dry-run", is_flag=True, help="Only show what would go out now.")
@common
@pass_app
def send_(app: AppContext, dry_run: bool) -> None:
    """Send what is due now (the same as `worker --once`)."""
    if dry_run:
        from followthrough.app.mail import due_now

        rows = due_now(app.core())
        if app.json:
            output.write_json({"would_send": [_row_dict(row) for row in rows]})
            return
        click.echo(f"{len(rows)} message(s) would go out now"
                   + (":" if rows else "."))
        for row in rows:
            click.echo(f"  {row.action_id} -> {row.to_addr}: {row.subject}")
        return
    _run_worker(app, once=True, poll=60.0, ticks=None)


@cli.command("worker", epilog=EXIT_CODES)
@click.option("--once", is_flag=True, help="One pass, then exit (tests, cron).")
@click.option("--poll", type=click.FloatRange(min=0.01), default=60.0, show_default=True,
              help="Seconds between passes.")
@click.option("--ticks", type=click.IntRange(min=1), default=None,
              help="Stop after this many passes.")
@click.option("--team", is_flag=True,
              help="Team mode (PostgreSQL only): one of several workers, sending every "
                   "user's due messages through their own account or the server's relay.")
@common
@pass_app
def worker_(app: AppContext, once: bool, poll: float, ticks: int | None, team: bool) -> None:
    """Send due messages and watch for replies; one worker per database.

    At start, messages that fell due while no worker ran are sent if their
    latest sensible time has not passed, and expired with a notice if it has.
    With --team, any number of workers share one PostgreSQL database; each
    pass sends everything due (a row one worker holds is skipped by the others).

    \b
    Examples:
      followthrough worker
      followthrough worker --team --db postgresql+psycopg://ft@db/ft
    """
    _run_worker(app, once=once, poll=poll, ticks=ticks, team=team)


def _run_worker(app: AppContext, *, once: bool, poll: float, ticks: int | None,
                team: bool = False) -> None:
    import logging
    import signal

    from followthrough.app.mail import worker as sender

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    core = app.core()
    morning = None if team else _morning_digest(app, core.mail)
    worker = sender(core, poll=timedelta(seconds=poll), team=team, db_url=app.db_url,
                    morning=morning)

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        report = worker.run(once=once, max_ticks=ticks)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        worker.stop.set()
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    _print_report(app, report)
    click.get_current_context().exit(int(report.exit_status()))


def _morning_digest(app: AppContext, mail: MailSettings) -> MorningDigest | None:
    """The morning digest the worker sends, when [digest] and a mail account are set
    up; why not on stderr when [digest] is set but it cannot go out."""
    from followthrough.app.digest import morning_digest
    from followthrough.cli.profile import saved_profile_or_note

    morning, why_not = morning_digest(app.store(), app.core().settings, mail,
                                      saved_profile_or_note())
    if why_not:
        click.echo(f"note: {why_not}", err=True)
    return morning


@cli.command("mark-sent")
@click.argument("draft_id", metavar="DRAFT_ID")
@common
@pass_app
def mark_sent_(app: AppContext, draft_id: str) -> None:
    """You sent it from your own mail client: the action is done (a queued
    copy is cancelled so it cannot go out twice)."""
    status = app.core().mark_sent(draft_id)
    if app.json:
        output.write_json({"id": draft_id, "status": status})
    else:
        click.echo(f"{draft_id}: recorded as sent by you ({status}).")


@cli.command("cancel")
@click.argument("draft_id", metavar="DRAFT_ID")
@common
@pass_app
def cancel_(app: AppContext, draft_id: str) -> None:
    """Take a message out of the outbox before it goes out."""
    row = app.core().cancel(draft_id)
    if app.json:
        output.write_json(_row_dict(row))
    else:
        click.echo(f"{row.action_id}: cancelled; it will not be sent.")


@cli.command("resolve")
@click.argument("draft_id", metavar="DRAFT_ID")
@click.argument("verdict", type=click.Choice(["sent", "not-sent"]))
@common
@pass_app
def resolve_(app: AppContext, draft_id: str, verdict: str) -> None:
    """Say what happened to an uncertain message (check your Sent folder first):
    `sent` records it; `not-sent` queues it again (expired if too late)."""
    row = app.core().resolve(draft_id, verdict)
    if app.json:
        output.write_json(_row_dict(row))
    else:
        click.echo(f"{row.action_id}: {row.status}.")


@cli.command("mailto")
@click.argument("draft_id", metavar="DRAFT_ID")
@common
@pass_app
def mailto_(app: AppContext, draft_id: str) -> None:
    """A mailto: link that opens the draft in your own mail client."""
    from followthrough.app.mail import mailto

    link, files = mailto(app.core(), draft_id)
    if app.json:
        output.write_json({"id": draft_id, "mailto": link})
    else:
        click.echo(link)
    for name in files:  # a mailto: link cannot carry a file (RFC 6068)
        click.echo(f"Attach {name} yourself: a mailto: link cannot carry files "
                   f"(`followthrough export eml {draft_id}` can).", err=True)


@export.command("eml")
@click.argument("draft_id", metavar="DRAFT_ID")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help="The .eml file to write.")
@common
@pass_app
def export_eml(app: AppContext, draft_id: str, target: Path) -> None:
    """Write a draft as an .eml file any mail client opens (as an unsent draft).

    After you send it yourself, `followthrough mark-sent DRAFT_ID` records it.
    """
    # a queued message carries its files as approved, a draft its files as they
    # are now (missing or too large: an error naming the file, nothing written)
    target.write_bytes(app.core().eml(draft_id))
    click.echo(f"Wrote {draft_id} to {target}.", err=True)
