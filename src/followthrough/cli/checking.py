"""The etiquette checker's commands: check, ignore."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from followthrough import clock
from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.errors import BadInput, Problem

if TYPE_CHECKING:
    from followthrough.app.checking import Message
    from followthrough.check import Finding
    from followthrough.debrief import Debrief

MAX_TEXT = 200_000
MAX_FILES = 10_000
MESSAGE_SUFFIXES = (".txt", ".md", ".eml")
STDIN = "-"


def _read_texts(targets: tuple[str, ...]) -> dict[str, Message]:
    """Every message named: a file, each message file in a folder, or ``-`` for
    standard input; all problems are reported together."""
    from followthrough.app.checking import read_message
    from followthrough.debrief.reading import read_file, read_stdin

    texts: dict[str, Message] = {}
    problems: list[Problem] = []
    for name in _message_files(targets):
        try:
            raw = (read_stdin(MAX_TEXT, what="a message") if name == STDIN else
                   read_file(Path(name), MAX_TEXT, what="a message"))
            texts["<stdin>" if name == STDIN else name] = read_message(name, raw)
        except BadInput as error:
            problems.extend(replace(p, path="TEXTFILE") for p in error.problems)
    if problems:
        raise BadInput(problems)
    return texts


def _message_files(targets: tuple[str, ...]) -> list[str]:
    """The targets with each folder replaced by its message files, in name order."""
    names: list[str] = []
    problems: list[Problem] = []
    for target in targets:
        if target != STDIN and os.path.isdir(target):
            found = folder_messages(target)
            if not found:
                problems.append(Problem(
                    "TEXTFILE", "this folder holds no message file", source=target,
                    expected=f"a folder with {', '.join(MESSAGE_SUFFIXES)} files, or the files"))
            names.extend(found)
        else:
            names.append(target)
    if len(names) > MAX_FILES:
        problems.append(Problem("TEXTFILE", f"{len(names):,} messages in one check",
                                expected=f"at most {MAX_FILES:,}: check the folders in parts"))
    if problems:
        raise BadInput(problems)
    return names


def folder_messages(folder: str) -> list[str]:
    """The message files in ``folder`` and its subfolders, by name; hidden files and
    folders (a leading dot) are left out, and linked folders are not followed."""
    found: list[str] = []
    for root, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(os.path.join(root, name) for name in sorted(files)
                     if not name.startswith(".") and name.casefold().endswith(MESSAGE_SUFFIXES))
    return found


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
    from followthrough.app.checking import check_texts
    from followthrough.check import exit_status, results_document
    from followthrough.check.engine import prefilter_if_worth_it

    messages = _read_texts(files)
    texts = {name: message.text for name, message in messages.items()}
    debrief = _context(app, context_target)
    when = clock.parse_instant(sent_at, field="--at") if sent_at else clock.now()
    with prefilter_if_worth_it(len(texts)):
        results = check_texts(texts, context=debrief, kind=kind, to=recipient,
                              sent_at=when if debrief else None,
                              attachments={name: m.attachments for name, m in messages.items()})
    if app.json:
        output.write_json(results_document(results))
    else:
        _print_findings(results, texts)
    status = exit_status(results)
    if status:
        click.get_current_context().exit(status)


def _print_findings(results: Mapping[str, Sequence[Finding]], texts: dict[str, str]) -> None:
    total = sum(len(findings) for findings in results.values())
    if sys.stdout.isatty():
        _print_coloured(results)
    else:
        sys.stdout.writelines(line + "\n" for name, findings in results.items()
                              for f in findings for line in _plain_lines(name, f))
    if total == 0:
        files = len(texts)
        click.echo(f"No findings in {files} message{'s' if files != 1 else ''}.")


def _plain_lines(name: str, f: Finding) -> tuple[str, str]:
    return (f"{name}:{f.line}:{f.column}: {f.severity} {f.message} ({f.rule})",
            f"    {f.match!r} -> {f.suggestion}")


def _print_coloured(results: Mapping[str, Sequence[Finding]]) -> None:
    from rich.markup import escape

    out = output.console()
    for name, findings in results.items():
        for f in findings:
            colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
            out.print(f"{name}:{f.line}:{f.column}: [{colour}]{f.severity}[/{colour}] "
                      f"{escape(f.message)} [dim]({f.rule})[/dim]", markup=True, highlight=False)
            out.print(f"    {f.match!r} -> {f.suggestion}", markup=False, emoji=False)


@cli.command("ignore")
@click.argument("fingerprints", nargs=-1, required=True, metavar="FINGERPRINT...")
@common
def ignore(fingerprints: tuple[str, ...]) -> None:
    """Stop reporting findings by their fingerprint (from `check --format json`)."""
    from followthrough.app.checking import ignore as remember

    added = remember(list(fingerprints))
    click.echo(f"Ignoring {added} more finding(s).")
