"""The draft command: every message the plan calls for, written and checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.cli.planning import _load_for_plan
from followthrough.vocabulary import ACTION_KINDS

if TYPE_CHECKING:
    from followthrough.app.types import Draft


@cli.command("draft")
@click.argument("target", metavar="FILE|ID")
@click.option("--kind", type=click.Choice(ACTION_KINDS), default=None,
              help="Only drafts of this kind of action.")
@click.option("--to", "person", metavar="NAME", default=None,
              help="Only drafts to this person (anyone in the debrief).")
@click.option("--linkedin-limit", type=click.IntRange(50, 300), default=200, show_default=True,
              help="Characters a LinkedIn note may have (300 on a premium account).")
@click.option("--templates", "template_dir", default=None,
              type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of your own templates (default: templates/ in the data folder).")
@click.option("--llm", "use_llm", is_flag=True, default=False,
              help="Ask the LLM endpoint configured in the settings ([llm]) or in "
                   "FOLLOWTHROUGH_LLM_URL/_MODEL for this run; its answer is used only "
                   "if the checker finds nothing, else the template draft.")
@click.option("--out", "out_dir", default=None,
              type=click.Path(path_type=Path, file_okay=False),
              help="Write one .txt per draft and one .eml per e-mail draft into this folder.")
@click.option("--force", is_flag=True, default=False,
              help="With --out: replace files that already exist.")
@common
@pass_app
def draft(app: AppContext, target: str, kind: str | None, person: str | None,
          linkedin_limit: int, template_dir: Path | None, use_llm: bool,
          out_dir: Path | None, force: bool) -> None:
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
      followthrough draft 1 --out drafts/
    """
    from followthrough.app.drafting import drafts as compose_all
    from followthrough.app.exports import write_drafts

    if force and out_dir is None:
        raise click.UsageError("--force only applies with --out DIR.")
    core = app.core()
    stored, actions = _load_for_plan(app, target)
    drafts = compose_all(core, stored, actions, kind=kind, to=person, template_dir=template_dir,
                         linkedin_limit=linkedin_limit, use_llm=use_llm)
    written = write_drafts(core, drafts, out_dir, stored.debrief, force) if out_dir else None
    if app.json:
        document: dict[str, object] = {"drafts": [d.as_dict() for d in drafts]}
        if written is not None:
            document["written"] = [str(path) for path in written]
        output.write_json(document)
        return
    if written is not None:
        for path in written:
            click.echo(str(path))
        click.echo(f"Wrote {len(written)} files for {len(drafts)} drafts to {out_dir}.",
                   err=True)
        return
    _print(drafts)


def _print(drafts: list[Draft]) -> None:
    if not drafts:
        click.echo("Nothing to draft: no pending action matches.")
        return
    for number, item in enumerate(drafts):
        if number:
            click.echo("")
        to = f" to {item.to}" if item.to else ""
        click.echo(f"== {item.action}: {item.kind}{to} by {item.channel}, "
                   f"due {item.due:%a %d %b %Y %H:%M %z} ==")
        if item.note:
            click.echo(f"({item.note})")
        if item.subject:
            click.echo(f"Subject: {item.subject}")
        for path in item.attachments:
            click.echo(f"Attached: {path}")
        if item.subject or item.attachments:
            click.echo("")
        click.echo(item.body.rstrip("\n"))
        for finding in item.findings:
            click.echo(f"  [{finding.severity}] {finding.rule}: {finding.message}")
