"""docs/planner.md is generated from rules(); the file must match the generator."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from followthrough.debrief.parse import read_debrief
from followthrough.plan import plan, rules
from followthrough.plan.docs import render_rules_markdown
from tests.plan.conftest import at, debrief_from
from tests.plan.test_outcome_notes import document
from tests.plan.test_plans_unchanged import DEBRIEFS, planner_plans

r = importlib.import_module("followthrough.plan.rules")
"""The rule data module (``followthrough.plan.rules`` is also the name of a function)."""
DOC = Path(__file__).parents[2] / "docs" / "planner.md"


def test_docs_match_the_generator() -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(), (
        "regenerate with: python -c 'from followthrough.plan.docs import "
        "render_rules_markdown as r; open(\"docs/planner.md\", \"w\").write(r())'")


def test_every_rule_has_a_unique_id_kind_and_source() -> None:
    found = rules()
    assert len({rule.id for rule in found}) == len(found)
    kinds = {"reflection", "thank-you", "promise", "recruiter-update", "reference-brief",
             "linkedin", "status-inquiry", "move-on", "keep-searching", "company-watch",
             "next-round-prep", "referee-thanks", "rejection-reply", "offer-reply",
             "withdrawal", "next-round-thanks"}
    assert kinds <= {rule.kind for rule in found}
    for rule in found:
        assert rule.id.split(".")[0] in kinds | {"timing", "channel"}
        assert rule.source[:3] in {"000", "001", "002", "003"}
        assert f"`{rule.id}`" in render_rules_markdown()


def test_every_timing_number_is_in_its_summary_and_the_docs() -> None:
    """Issue 14: docs/planner.md states the numbers, and they come from the rule data."""
    document = render_rules_markdown()
    numbered = [rule for rule in rules() if rule.numbers]
    assert len(numbered) >= 15
    for rule in numbered:
        assert "{" not in rule.summary, rule.id
        for number in rule.numbers:
            assert f"{{{number.name}}}" in rule.text, (rule.id, number.name)
            assert f"| `{rule.id}` | `{number.name}` | {number.value} " in document


def test_the_planner_reads_its_numbers_from_the_rule_data(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing a number in the rule data changes the plan (and the docs) with it."""
    debrief = debrief_from(document())
    now = at("2026-03-02T11:30:00-05:00")

    def weekly_gap() -> timedelta:
        searching = [a.due for a in plan(debrief, now=now + timedelta(days=9))
                     if a.kind == "keep-searching"]
        return searching[1] - searching[0]

    assert weekly_gap() == timedelta(days=7)
    numbers = tuple(replace(number, value=14) if number.name == "every_days" else number
                    for number in r.KEEP_SEARCHING.numbers)
    monkeypatch.setattr(r, "KEEP_SEARCHING", replace(r.KEEP_SEARCHING, numbers=numbers))
    assert weekly_gap() == timedelta(days=14)
    assert "Every 14 days while you wait" in r.KEEP_SEARCHING.summary


CHANGED = {"min_business_days": 9, "edge_min_days": 10}
"""Changes that show: the culture's patience (5 business days by default) hides this
floor of 3 raised by one, and no season in the examples lasts exactly 7 or 8 days
(Christmas to New Year lasts 9)."""


def _numbers() -> list[tuple[r.Rule, r.Number]]:
    return [(rule, number) for rule in rules() for number in rule.numbers]


@pytest.mark.parametrize(("rule", "number"), _numbers(),
                         ids=[f"{rule.id}.{number.name}" for rule, number in _numbers()])
def test_every_timing_number_is_read_by_the_planner(rule: r.Rule, number: r.Number) -> None:
    """No number in the rule data is only prose: changing it (the value itself, so a copy
    the planner took at import would not follow) changes a recorded plan."""
    debriefs = [read_debrief(path) for path in DEBRIEFS]
    before = [planner_plans(debrief) for debrief in debriefs]
    value = number.value
    object.__setattr__(number, "value", CHANGED.get(number.name, 1 if value > 50 else value + 1))
    try:
        after = [planner_plans(debrief) for debrief in debriefs]
    finally:
        object.__setattr__(number, "value", value)
    assert after != before, f"{rule.id}'s {number.name} changes no plan"
