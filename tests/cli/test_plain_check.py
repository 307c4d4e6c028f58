"""A plain `followthrough check FILE...` runs without click and does what the
click command does: the same output, the same exit status, the same errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followthrough.cli.messages import is_plain_check
from tests.conftest import PROJECT

CLEAN = "Dear Jonas,\n\nThank you for meeting me today.\n\nBest regards,\nAna\n"
WARNED = "Hey,\n\nPlease get back to me ASAP!!!\n\nThx\n"
WRONG = "Dear [Interviewer Name],\n\nThank you for the interview at [Company].\n\nAna\n"


def _run(args: list[str], home: Path, stdin: str = "",
         folder: Path = PROJECT) -> tuple[int, str, str]:
    environment = {**os.environ, "FOLLOWTHROUGH_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "followthrough", *args], input=stdin,
                          capture_output=True, text=True, cwd=folder, env=environment,
                          check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (folder / "sub" / "warned.md").write_text(WARNED, encoding="utf-8")
    (folder / "wrong.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return folder


@pytest.mark.parametrize("targets", [
    ["clean.txt"], ["wrong.txt"], ["sub/warned.md", "clean.txt"], ["."], ["-"],
    ["missing.txt"], ["../empty"], ["clean.txt", "missing.txt", "../empty"],
], ids=["clean", "error", "two", "folder", "stdin", "missing", "empty folder", "problems"])
def test_a_plain_check_is_the_commands(notes: Path, private_home: Path,
                                       targets: list[str]) -> None:
    plain = _run(["check", *targets], private_home, WARNED, notes)
    through_click = _run(["check", *targets, "--format", "text"], private_home, WARNED, notes)

    assert plain == through_click
    assert plain[1] or plain[2]


def test_the_exit_statuses_are_those_of_the_findings_and_of_bad_input(
        notes: Path, private_home: Path) -> None:
    assert _run(["check", str(notes / "clean.txt")], private_home)[0] == 0
    assert _run(["check", str(notes / "wrong.txt")], private_home)[0] == 1
    assert _run(["check", str(notes / "missing.txt")], private_home)[0] == 2


def test_a_plain_check_imports_no_click(notes: Path, private_home: Path) -> None:
    probe = ("import sys\nfrom followthrough.cli import main\n"
             f"try:\n    main(['check', {str(notes / 'clean.txt')!r}])\n"
             "except SystemExit as end:\n    assert not end.code\n"
             "sys.stderr.write(str('click' in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={**os.environ, "FOLLOWTHROUGH_HOME": str(private_home)})

    assert done.stdout == "No findings in 1 message.\n"
    assert done.stderr == "False"


@pytest.mark.parametrize(("args", "plain"), [
    (["check", "note.txt"], True),
    (["check", "a.txt", "drafts/", "-"], True),
    (["check"], False),
    (["check", "note.txt", "--format", "json"], False),
    (["check", "--help"], False),
    (["check", "-h"], False),
    (["--now", "2026-11-16T09:00+09:00", "check", "note.txt"], False),
    (["list"], False),
    ([], False),
])
def test_only_files_after_check_are_plain(args: list[str], plain: bool) -> None:
    assert is_plain_check(args) is plain
