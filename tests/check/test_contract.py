"""The finding format and the results document: exact keys, code-point offsets, exit status."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from followthrough.check import (
    FINDING_KEYS,
    RESULTS_VERSION,
    CheckSettings,
    Finding,
    check,
    exit_status,
    results_document,
)
from followthrough.check.engine import fingerprint

KEYS = ["rule", "category", "severity", "message", "suggestion", "start", "end", "line",
        "column", "match", "fingerprint"]


def test_finding_keys_are_exactly_the_documented_ones() -> None:
    finding = check("Dear [Name],\n\nThank you.")[0]
    assert list(finding.as_dict()) == KEYS
    assert list(FINDING_KEYS) == KEYS


def test_a_finding_the_checker_makes_is_one_the_dataclass_makes() -> None:
    made = check("Dear [Name],\n\nThank you.")[0]

    built = Finding(**made.as_dict())

    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert dataclasses.asdict(made) == made.as_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0  # type: ignore[misc]


def test_finding_values_have_the_documented_types() -> None:
    finding = check("Dear [Name],\n\nThank you.")[0].as_dict()
    assert finding == {
        "rule": "template.placeholder.bracket", "category": "placeholder", "severity": "error",
        "message": "'[Name]' is a template slot that was never filled in.",
        "suggestion": "Replace '[Name]' with the real detail, or delete it.",
        "start": 5, "end": 11, "line": 1, "column": 6, "match": "[Name]",
        "fingerprint": fingerprint("template.placeholder.bracket", "[Name]"),
    }
    assert re.fullmatch(r"[0-9a-f]{16}", finding["fingerprint"])


def test_offsets_count_code_points_after_emoji_and_accents() -> None:
    text = "Chère équipe 🙂👩🏽‍💻,\nMerci — I’m totally pumped.\nThank you for [Company]."
    findings = check(text)
    for finding in findings:
        assert text[finding.start:finding.end] == finding.match
    bracket = next(f for f in findings if f.rule == "template.placeholder.bracket")
    assert bracket.start == text.index("[Company]")
    assert bracket.end == bracket.start + len("[Company]")
    assert (bracket.line, bracket.column) == (3, len("Thank you for ") + 1)
    slang = next(f for f in findings if f.match == "pumped")
    assert slang.line == 2
    assert slang.column == text.splitlines()[1].index("pumped") + 1
    emoji = next(f for f in findings if f.rule == "tone.familiar.emoji")
    assert emoji.start == text.index("🙂") == 13


def test_offsets_are_not_utf16_units_or_bytes() -> None:
    text = "𝒜𝒷𝒸 😀😀 [Role]"
    finding = next(f for f in check(text) if f.rule == "template.placeholder.bracket")
    assert finding.start == 7
    assert len(text[:finding.start].encode("utf-16-le")) // 2 != finding.start
    assert len(text[:finding.start].encode("utf-8")) != finding.start


def test_column_restarts_on_each_line() -> None:
    text = "Hello,\n\n  TODO: add the topic."
    finding = next(f for f in check(text) if f.rule == "template.placeholder.marker")
    assert (finding.line, finding.column, finding.start) == (3, 3, 10)


def test_results_document_shape() -> None:
    results = {"a.txt": check("Thank you for [Company]."), "b.txt": []}
    document = results_document(results)
    assert list(document) == ["version", "results"]
    assert document["version"] == RESULTS_VERSION == 1
    assert [entry["file"] for entry in document["results"]] == ["a.txt", "b.txt"]
    assert [list(entry) for entry in document["results"]] == [["file", "findings"]] * 2
    assert document["results"][1]["findings"] == []
    assert list(document["results"][0]["findings"][0]) == KEYS
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_exit_status_counts_only_errors() -> None:
    warning_only = {"a": check("Hey there,\n\nThanks.")}
    assert all(f.severity != "error" for f in warning_only["a"])
    assert exit_status(warning_only) == 0
    assert exit_status({"a": check("Thank you for [Company].")}) == 1
    assert exit_status({}) == 0
    assert exit_status(check("Thank you for [Company].")) == 1


def test_findings_are_sorted_by_position() -> None:
    findings = check("Hey guys!! [Company] lol\n\nCheers,\nMe")
    starts = [(f.start, f.end) for f in findings]
    assert starts == sorted(starts)


def test_fingerprint_survives_edits_elsewhere() -> None:
    first = check("Thank you for [Company].")[0]
    second = check("Dear Ms Alvarez,\n\nThank you so much for [Company].")[0]
    assert first.fingerprint == second.fingerprint
    assert first.start != second.start


def test_finding_is_immutable() -> None:
    finding = check("Thank you for [Company].")[0]
    assert isinstance(finding, Finding)
    try:
        finding.start = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("Finding must be frozen")


def test_settings_default_is_empty() -> None:
    settings = CheckSettings()
    assert (settings.disabled, settings.severities, settings.allow_words, settings.ignored) == (
        [], {}, [], set())
