"""The command reference (docs/cli.md), generated from the commands' own help
so it cannot drift from them. ``python -m followthrough.cli.reference`` rewrites it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from followthrough.cli.app import cli, load_commands

HEADER = """# Command reference

Generated from `followthrough --help` and each command's help by
`python -m followthrough.cli.reference`; a test keeps it current.
"""


def _commands(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = [*prefix, name]
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


def _help(path: list[str]) -> str:
    """Exactly what ``followthrough PATH --help`` prints."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"], env={"COLUMNS": "100"},
                                prog_name="followthrough")
    return result.output.rstrip()


def render_cli_markdown() -> str:
    load_commands()
    parts = [HEADER, f"## followthrough\n\n```text\n{_help([])}\n```\n"]
    for path, _command in _commands(cli, []):
        parts.append(f"## followthrough {' '.join(path)}\n\n```text\n{_help(path)}\n```\n")
    return "\n".join(parts)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/cli.md")
    target.write_text(render_cli_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
