"""Generated docs match their generators, and every command explains itself."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from followthrough.cli.app import cli
from followthrough.cli.reference import render_cli_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_cli_reference_is_current() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == render_cli_markdown(), (
        "docs/cli.md is stale: run `.venv/bin/python -m followthrough.cli.reference`")


def _all_commands(group: click.Group) -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in _all_commands(command)]
    return found


@pytest.mark.parametrize(("name", "command"), _all_commands(cli), ids=lambda v: str(v))
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help, f"`{name}` needs a help text"
    assert len(command.help.split()) >= 5, f"`{name}` needs a help text"
    assert f"## followthrough {name}\n" in (DOCS / "cli.md").read_text(encoding="utf-8")


def test_settings_reference_is_current() -> None:
    from followthrough.settings_spec import settings_markdown

    assert (DOCS / "settings.md").read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is stale: run `.venv/bin/python -m followthrough.settings_spec`")
