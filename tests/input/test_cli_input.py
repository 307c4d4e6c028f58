"""Bounded input through the CLI: every case exits 2 with a message in the
user's words that names the field (or the file), and nothing is stored."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Runner

BERLIN = (PROJECT / "examples" / "debrief-berlin.toml").read_text(encoding="utf-8")
STARTS = "starts = 2026-12-02T10:00:00+01:00"
NOW = "2026-12-01T09:00:00+01:00"


def _edited(old: str, new: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        assert old in BERLIN, old
        target = folder / "debrief-berlin.toml"
        target.write_text(BERLIN.replace(old, new, 1), encoding="utf-8")
        files = folder / "files"
        files.mkdir(exist_ok=True)
        (files / "offline-sync-design-note.pdf").write_bytes(b"%PDF-1.4\n")
        return target

    return write


def _written(name: str, text: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        target = folder / name
        target.write_text(text, encoding="utf-8")
        return target

    return write


DEEP = "[" * 5_000 + "]" * 5_000
# (case id, the file, what the message must say)
CASES: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("5,000-deep array in TOML", _written("deep.toml", f"a = {DEEP}\n"),
     ("deep.toml:1", "nest more than 32 levels")),
    ("5,000-deep array in JSON", _written("deep.json", '{"a": ' + DEEP + "}"),
     ("deep.json:1", "nest more than 32 levels")),
    ("5,000-deep export", _written("export.json", '{"interviews": ' + DEEP + "}"),
     ("nest more than 32 levels",)),
    ("5,000-deep dotted key", _written("dotted.toml", "a" + ".a" * 5_000 + " = 1\n"),
     ("nest more than 32 levels",)),
    ("5,000-digit number", _written("digits.toml", "a = " + "7" * 5_000 + "\n"),
     ("thousands of digits",)),
    ("localtime as their zone", _edited('timezone = "Europe/Berlin"', 'timezone = "localtime"'),
     ("interview.timezone", "whatever zone this computer is set to")),
    ("posixrules as the candidate's zone",
     _edited('timezone = "Europe/London"', 'timezone = "posixrules"'),
     ("candidate.timezone", "whatever zone this computer is set to")),
    ("a zone typo", _edited('timezone = "Europe/Berlin"', 'timezone = "Europe/Berln"'),
     ("interview.timezone", "did you mean 'Europe/Berlin'?")),
    ("a zone in the wrong case", _edited('timezone = "Europe/Berlin"',
                                         'timezone = "europe/berlin"'),
     ("interview.timezone", "did you mean 'Europe/Berlin'?")),
    ("a city for a zone", _edited('timezone = "Europe/Berlin"', 'timezone = "Berlin"'),
     ("interview.timezone", "did you mean 'Europe/Berlin'?")),
    ("a start without a zone", _edited(STARTS, "starts = 2027-03-25T16:00:00"),
     ("interview.starts", "a date and time without a zone (2027-03-25 16:00)")),
    ("an interview in year 1", _edited(STARTS, "starts = 0001-01-01T10:00:00+01:00"),
     ("interview.starts", "more than 5 years from today", "between 2021-12-01 and 2031-12-01")),
    ("an interview in year 9999", _edited(STARTS, "starts = 9999-12-31T10:00:00-05:00"),
     ("interview.starts", "more than 5 years from today")),
    ("an interview six years ago", _edited(STARTS, "starts = 2020-11-30T10:00:00+01:00"),
     ("interview.starts", "more than 5 years from today")),
    ("a decision in year 9999", _edited("decision_by = 2026-12-16", "decision_by = 9999-12-31"),
     ("interview.decision_by", "more than 2 years after the interview",
      "between 2026-12-02 and 2028-12-02")),
    ("a line break in the candidate's name", _edited('name = "Sam Okafor"',
                                                     'name = "Sam\\nOkafor"'),
     ("candidate.name", "a line break (U+000A); this field is one line")),
    ("a control character in the company", _edited('company = "Nordlicht Mobility GmbH"',
                                                   'company = "Nordlicht\\u0007Mobility"'),
     ("interview.company", "a control character (U+0007)")),
    ("a line separator in an interviewer's name", _edited('name = "Jonas Becker"',
                                                          'name = "Jonas\\u2028Becker"'),
     ("interviewers[0].name", "a line break (U+2028)")),
    ("a megabyte company name", _edited('company = "Nordlicht Mobility GmbH"',
                                        'company = "' + "N" * 900_000 + '"'),
     ("interview.company", "900000 characters long; at most 200 are allowed")),
    ("a 2 MB file", _written("big.toml", "# padding\n" * 200_000),
     ("at most 1,000,000 bytes",)),
]


@pytest.mark.parametrize(("make", "said"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_bad_input_is_refused_in_words_and_nothing_is_stored(
        run: Runner, tmp_path: Path, make: Callable[[Path], Path], said: tuple[str, ...]) -> None:
    result = run("--now", NOW, "import", str(make(tmp_path)))

    assert result.exit_code == 2, result.stdout + result.stderr
    for words in said:
        assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert "datetime.datetime" not in result.stderr
    assert _stored(run) == []


def _stored(run: Runner) -> list[object]:
    listed = run("list", "--format", "json").json()
    assert isinstance(listed, dict)
    interviews: list[object] = listed["interviews"]
    return interviews


def _cli(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, stopped after 60 s: a read that waits for a
    writer (a named pipe) or never ends (a device) fails the test, not hangs it."""
    return subprocess.run([sys.executable, "-m", "followthrough", *args], stdin=stdin,
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": str(PROJECT / "src")})


@pytest.mark.parametrize("command", ["import", "check", "plan"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path,
                                                              command: str) -> None:
    pipe = tmp_path / "debrief.toml"
    os.mkfifo(pipe)

    result = _cli(command, str(pipe))

    assert result.returncode == 2, result.stderr
    assert f"{pipe}: " in result.stderr
    assert "named pipe, not a file" in result.stderr


@pytest.mark.parametrize("command", ["import", "check", "plan"])
def test_a_device_is_refused_without_reading_it(command: str) -> None:
    result = _cli(command, "/dev/zero")

    assert result.returncode == 2, result.stderr
    assert "/dev/zero: " in result.stderr
    assert "a device, not a file" in result.stderr


@pytest.mark.parametrize(("command", "limit"), [("import", "1,000,000"), ("check", "200,000")])
def test_endless_standard_input_is_read_only_to_the_limit(command: str, limit: str) -> None:
    with open("/dev/zero", "rb") as zeros:
        result = _cli(command, "-", stdin=zeros.fileno())

    assert result.returncode == 2, result.stderr
    assert f"more than {limit} bytes" in result.stderr


def test_check_refuses_a_long_text_with_its_limit(run: Runner, tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("Thank you. " * 20_000, encoding="utf-8")

    result = run("check", str(text))

    assert result.exit_code == 2
    assert f"{text}: TEXTFILE: more than 200,000 bytes; a message is at most 200,000 bytes" \
        in result.stderr


def _editor(tmp_path: Path, old: str, new: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      f"path.write_text(path.read_text().replace({old!r}, {new!r}))\n",
                      encoding="utf-8")
    return f"{sys.executable} {script}"


@pytest.mark.parametrize(("old", "new", "said"), [
    ("decision_by = 2026-12-16", "decision_by = 9999-12-31", "interview.decision_by"),
    (STARTS, "starts = 0001-01-01T10:00:00+01:00", "interview.starts"),
    ('timezone = "Europe/Berlin"', 'timezone = "localtime"', "interview.timezone"),
    ('name = "Jonas Becker"', 'name = "Jonas\\rBecker"', "interviewers[0].name"),
])
def test_edit_refuses_the_same_input_and_keeps_the_stored_debrief(
        run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        old: str, new: str, said: str) -> None:
    assert run("--now", NOW, "import", str(_edited("x", "x")(tmp_path))).exit_code == 0
    before = run("show", "1", "--format", "json").json()
    monkeypatch.setenv("EDITOR", _editor(tmp_path, old, new))

    result = run("--now", NOW, "edit", "1")

    assert result.exit_code == 2, result.stdout + result.stderr
    assert said in result.stderr
    assert run("show", "1", "--format", "json").json() == before


def test_an_export_with_a_date_out_of_range_is_refused(run: Runner, tmp_path: Path) -> None:
    assert run("--now", NOW, "import", str(_edited("x", "x")(tmp_path))).exit_code == 0
    exported = run("export", "json", "--all").stdout
    run("delete", "1", "--yes")
    backup = tmp_path / "backup.json"
    backup.write_text(exported.replace('"2026-12-16"', '"9999-12-31"'), encoding="utf-8")

    result = run("--now", NOW, "import", str(backup))

    assert result.exit_code == 2, result.stdout + result.stderr
    assert "interviews[0].debrief.interview.decision_by: the decision date 9999-12-31" \
        in result.stderr
    assert _stored(run) == []


def test_settings_refuse_a_machine_zone_and_suggest_for_a_typo(
        run: Runner, private_home: Path, tmp_path: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(
        '[profiles.DE]\ntimezone = "localtime"\n\n[profiles.JP]\ntimezone = "Asia/Tokio"\n',
        encoding="utf-8")

    result = run("--now", NOW, "plan", str(_edited("x", "x")(tmp_path)))

    assert result.exit_code == 2, result.stdout + result.stderr
    assert "profiles.DE.timezone: 'localtime' means whatever zone this computer is set to" \
        in result.stderr
    assert "profiles.JP.timezone: 'Asia/Tokio' is not a time zone; did you mean " \
           "'Asia/Tokyo'?" in result.stderr


def _new_answers() -> list[str]:
    from tests.cli.test_new import ANSWERS

    return list(ANSWERS)


def test_new_asks_again_for_a_machine_zone_with_the_reason(run: Runner, tmp_path: Path) -> None:
    answers = _new_answers()
    answers[2] = "localtime"

    result = run("--now", "2026-11-16T15:05:00+09:00", "new", "-o", str(tmp_path / "n.toml"),
                 input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "'localtime' means whatever zone this computer is set to" in result.stdout


@pytest.mark.parametrize(("replaced", "answer", "said"), [
    ("2026-11-16 14:00", "0001-01-01 10:00",
     "interview.starts: the interview is dated 0001-01-01"),
    ("2026-11-30", "9999-12-31", "interview.decision_by: the decision date 9999-12-31"),
])
def test_new_refuses_a_date_out_of_range_before_storing(run: Runner, tmp_path: Path,
                                                        replaced: str, answer: str,
                                                        said: str) -> None:
    answers = _new_answers()
    answers[answers.index(replaced)] = answer
    target = tmp_path / "n.toml"

    result = run("--now", "2026-11-16T15:05:00+09:00", "new", "-o", str(target),
                 input="\n".join(answers) + "\n")

    assert result.exit_code == 2, result.stdout + result.stderr
    assert said in result.stderr
    assert not target.exists()
    assert _stored(run) == []


@pytest.mark.parametrize("command", [("plan",), ("draft",), ("check", "--context")])
def test_plan_draft_and_check_refuse_a_debrief_dated_year_9999(
        run: Runner, tmp_path: Path, command: tuple[str, ...]) -> None:
    debrief = _edited("decision_by = 2026-12-16", "decision_by = 9999-12-31")(tmp_path)
    note = tmp_path / "note.txt"
    note.write_text("Thank you for your time.", encoding="utf-8")
    args = [*command, str(debrief)] if command[0] != "check" else [
        "check", str(note), "--context", str(debrief)]

    result = run("--now", NOW, *args)

    assert result.exit_code == 2, result.stdout + result.stderr
    assert "interview.decision_by: the decision date 9999-12-31 is more than 2 years" \
        in result.stderr
    assert "OverflowError" not in result.stderr


@pytest.mark.parametrize("target", ["²", "٣", "9" * 5_000])
@pytest.mark.parametrize("command", [("plan",), ("draft",), ("check", "NOTE", "--context")])
def test_an_id_that_is_not_ascii_digits_is_read_as_a_file_name(
        run: Runner, tmp_path: Path, command: tuple[str, ...], target: str) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Thank you for your time.", encoding="utf-8")
    args = [str(note) if part == "NOTE" else part for part in command]

    result = run(*args, target)

    assert result.exit_code == 2, result.stdout + result.stderr
    assert "(file): " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_promised_file_that_is_a_named_pipe_is_refused_by_name(run: Runner,
                                                                 tmp_path: Path) -> None:
    debrief = _edited("x", "x")(tmp_path)
    pipe = tmp_path / "files" / "offline-sync-design-note.pdf"
    pipe.unlink()
    os.mkfifo(pipe)

    result = run("--now", NOW, "import", str(debrief))

    assert result.exit_code == 2, result.stdout + result.stderr
    assert "promises[0].file: this is a named pipe, not a file" in result.stderr
    assert _stored(run) == []
