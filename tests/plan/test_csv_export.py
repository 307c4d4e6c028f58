"""`export csv`, which the design lists: one row per planned action (or per
interview) for spreadsheets, the same values `plan --format json` gives, UTF-8
with a BOM in a file, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from followthrough.app.exports import ACTION_COLUMNS, INTERVIEW_COLUMNS
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, US_PANEL, Runner

BERLIN = EXAMPLES / "debrief-berlin.toml"
NOW = "2026-12-22T09:00:00+00:00"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_action_as_plan_gives_it(run: Runner) -> None:
    assert run("import", str(BERLIN), str(JP_FIRST_ROUND), "--now", NOW).exit_code == 0
    assert run("done", "1.thank-you.aylin-demir", "--now", NOW).exit_code == 0

    answer = run("export", "csv", "--all", "--now", NOW)

    assert answer.exit_code == 0, answer.stderr
    assert answer.stdout.splitlines()[0] == ",".join(ACTION_COLUMNS)
    rows = _rows(answer.stdout)
    planned = [action for number in (1, 2) for action in run(
        "plan", str(number), "--format", "json", "--now", NOW).json()["actions"]]  # type: ignore[index]
    assert [(r["action"], r["status"], r["due"], r["latest"], r["to"], r["why"]) for r in rows] == [
        (a["id"], a["status"], a["due"], a["latest"], a["to"] or "", a["why"]) for a in planned]
    done = next(row for row in rows if row["action"] == "1.thank-you.aylin-demir")
    assert done["status"] == "done"
    assert done["company"] == "Nordlicht Mobility GmbH"
    assert done["due_yours"].endswith("+00:00")  # the candidate is in London
    assert done["due"].endswith("+01:00")  # Aylin Demir is in Berlin


def test_one_row_per_interview_counts_its_actions(run: Runner, tmp_path: Path) -> None:
    assert run("import", str(BERLIN), "--now", NOW).exit_code == 0
    assert run("skip", "1.linkedin.jonas-becker", "--now", NOW).exit_code == 0
    target = tmp_path / "interviews.csv"

    answer = run("export", "csv", "1", "--rows", "interviews", "-o", str(target), "--now", NOW)

    assert answer.exit_code == 0, answer.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet then reads UTF-8
    (row,) = _rows(raw.decode("utf-8-sig"))
    assert list(row) == list(INTERVIEW_COLUMNS)
    assert row["skipped"] == "1"
    assert int(row["pending"]) + int(row["done"]) + 1 == int(row["actions"])
    assert row["timezone"] == "Europe/Berlin"


def test_text_that_looks_like_a_formula_is_not_one(run: Runner, tmp_path: Path) -> None:
    source = US_PANEL.read_text(encoding="utf-8").replace(
        'company = "Bellhaven Clinics"', 'company = "=HYPERLINK(\\"http://x.example\\")"')
    debrief = tmp_path / "formula.toml"
    debrief.write_text(source, encoding="utf-8")
    assert run("import", str(debrief), "--now", NOW).exit_code == 0

    rows = _rows(run("export", "csv", "1", "--now", NOW).stdout)

    assert {row["company"] for row in rows} == {"'=HYPERLINK(\"http://x.example\")"}


def test_an_id_or_all_is_needed(run: Runner) -> None:
    for arguments in ((), ("1", "--all")):
        answer = run("export", "csv", *arguments)
        assert answer.exit_code == 2
        assert "give an interview id or --all" in answer.stderr
