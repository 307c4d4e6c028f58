"""The context cases of data/context_cases.toml, written the way people write and
checked with the repository's example debriefs: each gets exactly the categories
it lists at warning or error, the rules it names fire and the quiet ones do not."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from followthrough.check.model import KINDS

from .conftest import quality_bench

CASES_FILE = Path(__file__).parent / "data" / "context_cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]
QUALITY = quality_bench()
RECORDS = QUALITY.case_records()
RESULTS = QUALITY.run_cases(RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=[record["case"]["name"] for record in RECORDS])
def test_context_case(record: dict[str, Any]) -> None:
    case = record["case"]
    findings = RESULTS[record["id"]]
    flagged = {f.category for f in findings if f.severity in ("warning", "error")}
    hints = {f.category for f in findings if f.severity == "info"}
    fired = {f.rule for f in findings}
    shown = [(f.severity, f.rule, f.match) for f in findings]

    assert flagged == set(case["expect"]), shown
    assert set(case.get("info", ())) <= hints, shown
    assert set(case.get("rules", ())) <= fired, shown
    assert not set(case.get("quiet", ())) & fired, shown


def test_there_are_sixty_cases_over_every_message_kind() -> None:
    kinds = {str(case["kind"]).split(".")[0] for case in CASES}

    assert len(CASES) >= 60
    assert set(KINDS) - {"second-inquiry"} <= kinds


def test_a_german_and_a_japanese_note_get_one_language_note_and_no_spelling() -> None:
    for name in ("German thank-you: one language note, no spelling noise",
                 "Japanese thank-you: one language note"):
        record = next(r for r in RECORDS if r["case"]["name"] == name)
        findings = RESULTS[record["id"]]

        assert [f.rule for f in findings] == ["language.note.not-english"], findings
        assert findings[0].severity == "info"


def test_a_foreign_note_keeps_the_language_independent_findings() -> None:
    record = next(r for r in RECORDS
                  if r["case"]["name"] == "German note with a placeholder still gets it")
    rules = sorted(f.rule for f in RESULTS[record["id"]])

    assert rules == ["language.note.not-english", "template.placeholder.bracket"]


def test_scored_with_the_corpus_every_category_reaches_the_target() -> None:
    result = QUALITY.score(RECORDS, RESULTS, False)

    assert QUALITY.passes(result), QUALITY.report(0, 0, result)
