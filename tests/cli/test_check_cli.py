"""`followthrough check` and `ignore`: files, context, exit codes, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import JP_FIRST_ROUND, Runner

TOKYO = str(JP_FIRST_ROUND)
CASUAL = "Hey Daichi!!\n\nThanks for the chat. I'm looking forward to starting my role.\n"
GOOD = (
    "Dear Mr Mori,\n\nThank you for the conversation about refreshing sales dashboards every "
    "few minutes at Tsubame Data K.K. Having replaced a nightly reporting batch with incremental "
    "dbt models, I would enjoy bringing that experience to the Senior Analytics Engineer "
    "role. I remain very interested in joining your team and hope to hear from you.\n\n"
    "Kind regards,\nMara Lindholm\n"
)


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_findings_as_versioned_json(run: Runner, tmp_path: Path) -> None:
    note = _write(tmp_path, "note.txt", CASUAL)

    result = run("check", note, "--format", "json")

    document = result.json()
    assert document["version"] == 1  # type: ignore[index]
    [entry] = document["results"]  # type: ignore[index]
    assert entry["file"] == note
    rules = {finding["rule"] for finding in entry["findings"]}
    assert "tone.familiar.greeting" in rules
    hey = next(f for f in entry["findings"] if f["rule"] == "tone.familiar.greeting")
    assert CASUAL[hey["start"]:hey["end"]] == hey["match"] == "Hey"
    assert (hey["line"], hey["column"]) == (1, 1)


def test_a_good_note_in_context_is_clean(run: Runner, tmp_path: Path) -> None:
    note = _write(tmp_path, "mori.txt", GOOD)

    result = run("check", note, "--context", TOKYO, "--kind", "thank-you", "--to",
                 "Daichi Mori", "--now", "2026-11-16T16:00:00+09:00")

    assert result.exit_code == 0
    assert "No findings in 1 message." in result.stdout


def test_error_findings_exit_1(run: Runner, tmp_path: Path) -> None:
    note = _write(tmp_path, "note.txt", "Dear [Name],\n\nThank you for your time at {company}.\n")

    result = run("check", note, "--format", "json")

    assert result.exit_code == 1
    severities = {f["severity"] for f in result.json()["results"][0]["findings"]}  # type: ignore[index]
    assert "error" in severities


def test_context_can_be_a_stored_interview(run: Runner, tmp_path: Path) -> None:
    run("import", TOKYO)
    note = _write(tmp_path, "note.txt", GOOD.replace("Mr Mori", "Mr Satoh"))

    result = run("check", note, "--context", "1", "--kind", "thank-you", "--format", "json")

    rules = {f["category"] for f in result.json()["results"][0]["findings"]}  # type: ignore[index]
    assert rules & {"spelling", "wrong-name"}


def test_recipient_must_be_in_the_record(run: Runner, tmp_path: Path) -> None:
    note = _write(tmp_path, "note.txt", GOOD)

    result = run("check", note, "--context", TOKYO, "--to", "Nobody Known")

    assert result.exit_code == 2
    assert "--to" in result.stderr


def test_missing_file_is_bad_input(run: Runner, tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "absent.txt"))

    assert result.exit_code == 2
    assert "absent.txt" in result.stderr


def test_stdin(run: Runner) -> None:
    result = run("check", "-", "--format", "json", input=CASUAL)

    assert result.json()["results"][0]["file"] == "<stdin>"  # type: ignore[index]


def test_two_near_identical_notes_are_caught(run: Runner, tmp_path: Path) -> None:
    mori = _write(tmp_path, "mori.txt", GOOD)
    rina = _write(tmp_path, "rina.txt", GOOD.replace("Mr Mori", "Ms Ogawa"))

    result = run("check", mori, rina, "--context", TOKYO, "--kind", "thank-you", "--format",
                 "json", "--now", "2026-11-16T16:00:00+09:00")

    categories = {f["category"] for entry in result.json()["results"]  # type: ignore[index]
                  for f in entry["findings"]}
    assert "duplicate-note" in categories


def test_ignored_fingerprint_is_not_reported_again(run: Runner, tmp_path: Path) -> None:
    note = _write(tmp_path, "note.txt", CASUAL)
    first = run("check", note, "--format", "json").json()["results"][0]["findings"]  # type: ignore[index]
    hey = next(f for f in first if f["rule"] == "tone.familiar.greeting")

    assert run("ignore", hey["fingerprint"]).exit_code == 0

    again = run("check", note, "--format", "json").json()["results"][0]["findings"]  # type: ignore[index]
    assert hey["fingerprint"] not in {f["fingerprint"] for f in again}
    assert len(again) == len(first) - 1


@pytest.mark.parametrize(("setting", "gone"), [
    ('disabled = ["tone"]', "tone.familiar.greeting"),
    ('disabled = ["familiar-tone"]', "tone.familiar.greeting"),
])
def test_settings_switch_rules_off(run: Runner, tmp_path: Path, private_home: Path,
                                   setting: str, gone: str) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text(f"[checker]\n{setting}\n", encoding="utf-8")
    note = _write(tmp_path, "note.txt", CASUAL)

    findings = run("check", note, "--format", "json").json()["results"][0]["findings"]  # type: ignore[index]

    assert gone not in {f["rule"] for f in findings}


def test_bad_settings_name_the_key(run: Runner, tmp_path: Path, private_home: Path) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "settings.toml").write_text("[checker]\ndisabeld = [\"tone\"]\n",
                                                encoding="utf-8")
    note = _write(tmp_path, "note.txt", CASUAL)

    result = run("check", note)

    assert result.exit_code == 2
    assert "checker.disabeld" in result.stderr
