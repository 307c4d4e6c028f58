"""The draft command: every message the plan calls for, written and checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from followthrough import output
from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.cli.planning import _load_for_plan

KINDS = ("thank-you", "promise", "recruiter-update", "reference-brief", "referee-thanks",
         "linkedin", "status-inquiry", "move-on", "reflection", "next-round-prep",
         "keep-searching", "company-watch")


@cli.command("draft")
@click.argument("target", metavar="FILE|ID")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Only drafts of this kind of action.")
@click.option("--to", "person", metavar="NAME", default=None,
              help="Only drafts to this person (anyone in the debrief).")
@click.option("--linkedin-limit", type=click.IntRange(50, 300), default=200, show_default=True,
              help="Characters a LinkedIn note may have (300 on a premium account).")
@click.option("--templates", "template_dir", default=None,
              type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of your own templates (default: templates/ in the data folder).")
@common
@pass_app
def draft(app: AppContext, target: str, kind: str | None, person: str | None,
          linkedin_limit: int, template_dir: Path | None) -> None:
    """Draft every pending message of an interview's plan, one per person.

    Each draft is written from the debrief (the topics you discussed with
    that person, what you promised them, what you meant to add), in the
    register of the interview's culture, and checked by the etiquette
    checker before it is shown. Done and skipped actions are left out.

    \b
    Examples:
      followthrough draft 1
      followthrough draft debrief.toml --kind thank-you --now 2026-11-16T15:05:00+09:00
      followthrough draft 1 --to "Hiroshi Sato" --format json
    """
    from followthrough.compose import compose

    stored, actions = _load_for_plan(app, target)
    drafts = compose(stored.id or None, stored.debrief, actions, kind=kind, to=person,
                     template_dir=template_dir, linkedin_limit=linkedin_limit,
                     check_settings=_check_settings())
    if app.json:
        output.write_json({"drafts": [d.as_dict() for d in drafts]})
        return
    _print(drafts)


def _check_settings() -> Any:
    from followthrough.check import CheckSettings
    from followthrough.settings import load_settings

    return CheckSettings.from_mapping(load_settings().checker, path="checker")


def _print(drafts: list[Any]) -> None:
    if not drafts:
        click.echo("Nothing to draft: no pending action matches.")
        return
    for number, item in enumerate(drafts):
        if number:
            click.echo("")
        to = f" to {item.to}" if item.to else ""
        click.echo(f"== {item.action}: {item.kind}{to} by {item.channel}, "
                   f"due {item.due:%a %d %b %Y %H:%M %z} ==")
        if item.subject:
            click.echo(f"Subject: {item.subject}")
            click.echo("")
        click.echo(item.body.rstrip("\n"))
        for finding in item.findings:
            click.echo(f"  [{finding.severity}] {finding.rule}: {finding.message}")
