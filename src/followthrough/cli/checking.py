"""The etiquette checker's commands: check, ignore."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followthrough import clock
from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.cli.messages import MAX_TEXT as MAX_TEXT
from followthrough.cli.messages import check_and_print

if TYPE_CHECKING:
    from followthrough.debrief import Debrief


def _context(app: AppContext, target: str | None) -> Debrief | None:
    if target is None:
        return None
    from followthrough.debrief.reading import typed_id

    stored = typed_id(target)
    if stored is not None:
        debrief: Debrief = app.store().get_interview(stored).debrief
        return debrief
    from followthrough.debrief import read_debrief

    return read_debrief(Path(target))


@cli.command("check")
@click.argument("files", nargs=-1, required=True, metavar="TEXTFILE...")
@click.option("--context", "context_target", metavar="FILE.toml|ID", default=None,
              help="The debrief the message belongs to: names, topics, promises, culture.")
@click.option("--kind", default=None, metavar="KIND",
              help="What the message is: thank-you, promise, status-inquiry, linkedin, ...")
@click.option("--to", "recipient", default=None, metavar="NAME",
              help="Who it is for: anyone in the debrief (default: read from the greeting).")
@click.option("--at", "--sent-at", "sent_at", default=None, metavar="TIME",
              help="When it is sent (default: now): a thank-you over 48 h late, and 'today' "
                   "or 'yesterday' that this time contradicts, are flagged.")
@common
@pass_app
def check(app: AppContext, files: tuple[str, ...], context_target: str | None,
          kind: str | None, recipient: str | None, sent_at: str | None) -> None:
    """Check messages for the mistakes that cost offers: a wrong name, a generic
    note, a familiar or pushy tone, an attachment nobody asked for, and more.

    Each TEXTFILE is a file, a folder (its .txt, .md and .eml files, subfolders
    too) or - for standard input. Several files of one interview are also
    compared with each other, so two near-identical notes to different
    interviewers are caught. An .eml file is
    checked by its MIME parts: its subject and text, and whether the
    attachment it mentions is there. Exit status 1 when any finding is an error.

    \b
    Examples:
      followthrough check note.txt
      followthrough check drafts/
      pbpaste | followthrough check -
      followthrough check sato.txt kobayashi.txt --context 1 --kind thank-you
      followthrough check draft.txt --context debrief.toml --to "Hiroshi Sato" --format json
      followthrough check draft.eml --context 1 --kind promise --at 2026-11-17T09:00
    """
    debrief = _context(app, context_target)
    when = clock.parse_instant(sent_at, field="--at") if sent_at else clock.now()
    status = check_and_print(files, debrief=debrief, kind=kind, recipient=recipient,
                             sent_at=when if debrief else None, as_json=app.json)
    if status:
        click.get_current_context().exit(status)


@cli.command("ignore")
@click.argument("fingerprints", nargs=-1, required=True, metavar="FINGERPRINT...")
@common
def ignore(fingerprints: tuple[str, ...]) -> None:
    """Stop reporting findings by their fingerprint (from `check --format json`)."""
    from followthrough.app.checking import ignore as remember

    added = remember(list(fingerprints))
    click.echo(f"Ignoring {added} more finding(s).")
