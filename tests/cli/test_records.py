"""The tests' two debriefs (a Japanese first round, a US panel) through the CLI: import,
show, list, export, edit, delete."""

from __future__ import annotations

import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import JP_FIRST_ROUND, PROJECT, US_PANEL, Runner

EXAMPLE_FILES = sorted([JP_FIRST_ROUND, US_PANEL])


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every scalar in a TOML document with its key path, dates as ISO text."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, f"{path}[{i}]")]
    if isinstance(value, datetime | date):
        return [(path, value.isoformat())]
    return [(path, value)]


def test_both_test_debriefs_exist() -> None:
    assert [p.name for p in EXAMPLE_FILES if p.is_file()] == ["debrief-jp-first-round.toml",
                                                              "debrief-us-panel.toml"]


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_show_json_holds_every_value_of_the_file(run: Runner, example: Path) -> None:
    imported = run("import", str(example))
    assert imported.exit_code == 0
    interview_id = int(imported.stdout.strip())

    shown = run("show", str(interview_id), "--format", "json").json()

    expected = _leaves(tomllib.loads(example.read_text(encoding="utf-8")))
    assert _leaves(shown["interview"]["debrief"]) == expected  # type: ignore[index]
    assert shown["interview"]["id"] == interview_id  # type: ignore[index]


def test_export_import_export_is_identical(run: Runner, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-11-16T16:00:00+09:00")
    assert run("import", *map(str, EXAMPLE_FILES)).exit_code == 0
    first = tmp_path / "first.json"
    assert run("export", "json", "--all", "-o", str(first)).exit_code == 0

    monkeypatch.setenv("FOLLOWTHROUGH_HOME", str(tmp_path / "elsewhere"))
    reimported = run("import", str(first))
    assert reimported.exit_code == 0, reimported.stderr
    assert reimported.stdout.split() == ["1", "2"]
    second = tmp_path / "second.json"
    assert run("export", "json", "--all", "-o", str(second)).exit_code == 0

    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_importing_the_same_file_twice_keeps_one_record(run: Runner) -> None:
    example = str(EXAMPLE_FILES[0])
    first = run("import", example)
    again = run("import", example)

    assert first.stdout == again.stdout
    assert "already stored as #1" in again.stderr
    assert len(run("list", "--format", "json").json()["interviews"]) == 1  # type: ignore[index]


def test_list_shows_newest_interview_first(run: Runner) -> None:
    run("import", *map(str, EXAMPLE_FILES))

    listed = run("list", "--format", "json").json()["interviews"]  # type: ignore[index]

    assert [item["company"] for item in listed] == ["Bellhaven Clinics", "Tsubame Data K.K."]
    assert listed[0]["starts"] == "2026-12-21T20:30:00+00:00"


def test_list_as_text_without_a_terminal_has_no_box_drawing(run: Runner) -> None:
    run("import", *map(str, EXAMPLE_FILES))

    text = run("list").stdout

    assert "Tsubame Data K.K." in text
    assert not set(text) & set("│┃━─┏┓")


def test_show_text_gives_both_time_zones(run: Runner) -> None:
    run("import", str(JP_FIRST_ROUND))

    text = run("show", "1").stdout

    assert "Mon 16 Nov 2026 14:00 Asia/Tokyo" in text
    assert "06:00 your time, Europe/Berlin" in text
    assert "Daichi Mori, Head of Analytics Platform [warm]" in text


def test_show_unknown_id_is_bad_input(run: Runner) -> None:
    result = run("show", "42")

    assert result.exit_code == 2
    assert "no interview #42" in result.stderr


def test_delete_asks_and_keeps_on_no(run: Runner) -> None:
    run("import", str(EXAMPLE_FILES[0]))

    kept = run("delete", "1", input="n\n")
    assert kept.exit_code == 0
    assert "Nothing deleted" in kept.stdout
    assert run("show", "1").exit_code == 0

    gone = run("delete", "1", "--yes")
    assert gone.exit_code == 0
    assert run("show", "1").exit_code == 2


def _editor_script(tmp_path: Path, python_code: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      "text = path.read_text()\n" + python_code, encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_revalidates_and_keeps_comments(run: Runner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    run("import", str(JP_FIRST_ROUND))
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "path.write_text(text.replace('minutes = 60', 'minutes = 75'))"))

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    assert "Updated #1" in result.stdout
    shown = run("show", "1", "--format", "json").json()
    assert shown["interview"]["debrief"]["interview"]["minutes"] == 75  # type: ignore[index]
    # the next edit starts from the user's own text, comments included
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "assert '# The tests' in text\npath.write_text(text)"))
    assert run("edit", "1").stdout.startswith("No changes")


def test_edit_with_a_mistake_keeps_the_stored_debrief(run: Runner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    run("import", str(JP_FIRST_ROUND))
    before = run("show", "1", "--format", "json").json()
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "path.write_text(text.replace('country = \"JP\"', 'country = \"Japan\"'))"))

    result = run("edit", "1")

    assert result.exit_code == 2
    assert "interview.country" in result.stderr
    assert run("show", "1", "--format", "json").json() == before


def test_export_needs_an_id_or_all(run: Runner) -> None:
    assert run("export", "json").exit_code == 2
    assert run("export", "json", "1", "--all").exit_code == 2


def test_import_from_stdin(run: Runner) -> None:
    text = JP_FIRST_ROUND.read_text(encoding="utf-8")

    result = run("import", "-", input=text)

    assert result.exit_code == 0
    assert result.stdout.strip() == "1"


def test_now_must_have_an_offset(run: Runner) -> None:
    result = run("list", "--now", "2026-11-16T14:00:00")

    assert result.exit_code == 2
    assert "no UTC offset" in result.stderr


def test_help_lists_the_commands_with_examples(run: Runner) -> None:
    text = run("--help").stdout

    for command in ("import", "list", "show", "edit", "delete", "export", "new"):
        assert command in text
    assert "followthrough import debrief-tokyo.toml" in text


def test_the_projects_own_example_imports(run: Runner) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "debrief-berlin.toml"

    result = run("import", str(example))

    assert result.exit_code == 0, result.stderr
    shown = run("show", "1", "--format", "json").json()
    assert shown["interview"]["debrief"]["interview"]["region"] == "BE"  # type: ignore[index]


def test_now_applies_to_one_command_only(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough import clock

    run("list", "--now", "2020-01-01T00:00:00+00:00")

    assert clock.now().year != 2020
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2031-05-05T10:00:00+02:00")
    assert clock.now().year == 2031


def test_edit_reads_a_relative_file_from_the_debriefs_own_folder(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "interviews"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "note.pdf").write_bytes(b"%PDF-1.4\n")
    source = (PROJECT / "examples" / "debrief-berlin.toml").read_text("utf-8")
    start = source.index('file = "')
    end = source.index('"', start + len('file = "'))
    (folder / "debrief.toml").write_text(source[:start] + 'file = "files/note.pdf'
                                         + source[end:], encoding="utf-8")
    assert run("import", str(folder / "debrief.toml")).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("EDITOR", _editor_script(
        tmp_path, "path.write_text(text.replace('minutes = 75', 'minutes = 80'))"))

    result = run("edit", "1")

    assert result.exit_code == 0, result.stderr
    shown = run("show", "1", "--format", "json").json()
    debrief = shown["interview"]["debrief"]  # type: ignore[index]
    assert debrief["interview"]["minutes"] == 80
    assert debrief["promises"][0]["file"] == str(folder / "files" / "note.pdf")
