"""Checking message files and printing the findings, without click: the
``check`` command's work, which :func:`followthrough.cli.main` also runs
directly for a plain ``followthrough check FILE...`` (nothing but files,
folders and ``-`` on the line), so that the most common check does not import
click (about a third of its start-up). What the command line does around a
command (files private, errors as exit codes) is done here the same way."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from followthrough import paths
from followthrough.cli import output
from followthrough.errors import BadInput, FollowthroughError, Problem

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.app.checking import Message
    from followthrough.check import Finding
    from followthrough.debrief import Debrief

MAX_TEXT = 200_000
MAX_FILES = 10_000
MESSAGE_SUFFIXES = (".txt", ".md", ".eml")
STDIN = "-"


def read_texts(targets: Sequence[str]) -> dict[str, Message]:
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


def _message_files(targets: Sequence[str]) -> list[str]:
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


def check_and_print(files: Sequence[str], *, debrief: Debrief | None = None,
                    kind: str | None = None, recipient: str | None = None,
                    sent_at: datetime | None = None, as_json: bool = False) -> int:
    """Check the messages ``files`` name and print the findings (JSON with
    ``as_json``); the exit status (1 when any finding is an error)."""
    from followthrough.app.checking import check_texts
    from followthrough.check import exit_status, results_document
    from followthrough.check.engine import prefilter_if_worth_it

    messages = read_texts(files)
    texts = {name: message.text for name, message in messages.items()}
    with prefilter_if_worth_it(len(texts)):
        results = check_texts(texts, context=debrief, kind=kind, to=recipient, sent_at=sent_at,
                              attachments={name: m.attachments for name, m in messages.items()})
    if as_json:
        output.write_json(results_document(results))
    else:
        print_findings(results, texts)
    return exit_status(results)


def is_plain_check(args: Sequence[str]) -> bool:
    """``check`` and one or more files, folders or ``-``, and nothing else."""
    return (len(args) > 1 and args[0] == "check"
            and all(arg == STDIN or not arg.startswith("-") for arg in args[1:]))


def plain_check(files: Sequence[str]) -> int:
    """``followthrough check FILES`` as the command line runs it (files written
    private, an error said on stderr with its exit status, an interrupt or a
    closed pipe exit status 1 as click gives them); the exit status."""
    try:
        with paths.private_umask():
            return check_and_print(files)
    except FollowthroughError as error:
        output.report_error(error)
        return int(error.exit_status)
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        return 1
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushed at exit, as click does
        return 1


def print_findings(results: Mapping[str, Sequence[Finding]], texts: dict[str, str]) -> None:
    total = sum(len(findings) for findings in results.values())
    if sys.stdout.isatty():
        _print_coloured(results)
    else:
        sys.stdout.writelines(line + "\n" for name, findings in results.items()
                              for f in findings for line in _plain_lines(name, f))
    if total == 0:
        files = len(texts)
        sys.stdout.write(f"No findings in {files} message{'s' if files != 1 else ''}.\n")


def _plain_lines(name: str, f: Finding) -> tuple[str, str]:
    return (f"{name}:{f.line}:{f.column}: {f.severity} {f.message} ({f.rule})",
            f"    {f.match!r} -> {f.suggestion}")


def _print_coloured(results: Mapping[str, Sequence[Finding]]) -> None:
    from rich.markup import escape

    out = output.rich_console(sys.stdout)
    for name, findings in results.items():
        for f in findings:
            colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
            out.print(f"{name}:{f.line}:{f.column}: [{colour}]{f.severity}[/{colour}] "
                      f"{escape(f.message)} [dim]({f.rule})[/dim]", markup=True, highlight=False)
            out.print(f"    {f.match!r} -> {f.suggestion}", markup=False, emoji=False)


