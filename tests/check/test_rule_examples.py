"""Every rule's examples are its tests: each fail example fires the rule, no pass example does."""

from __future__ import annotations

import pytest

from followthrough.check import Rule, all_rules, check, check_many
from followthrough.check.model import CATEGORIES, Example

from .conftest import example_arguments

RULES = all_rules()


def _fires(rule: Rule, example: Example) -> bool:
    arguments = example_arguments(example)
    if example.together_with:
        texts = {"this": example.text} | {f"other-{i}": text
                                          for i, text in enumerate(example.together_with)}
        findings = check_many(texts, context=arguments["context"],  # type: ignore[arg-type]
                              kind=example.kind)["this"]
    else:
        findings = check(example.text, **arguments)  # type: ignore[arg-type]
    return any(finding.rule == rule.id for finding in findings)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_has_examples(rule: Rule) -> None:
    assert rule.examples["pass"], f"{rule.id} has no pass example"
    assert rule.examples["fail"], f"{rule.id} has no fail example"


CASES = [(rule, side, index, example) for rule in RULES for side in ("pass", "fail")
         for index, example in enumerate(rule.examples[side])]


@pytest.mark.parametrize(("rule", "side", "index", "example"), CASES,
                         ids=[f"{rule.id}-{side}-{index}" for rule, side, index, _ in CASES])
def test_rule_example(rule: Rule, side: str, index: int, example: Example) -> None:
    del index
    fired = _fires(rule, example)
    if side == "fail":
        assert fired, f"{rule.id} misses its fail example: {example.text!r}"
    else:
        assert not fired, f"{rule.id} fires on its pass example: {example.text!r}"


def test_every_category_has_rules() -> None:
    covered = {rule.category for rule in RULES}
    assert covered == set(CATEGORIES)


def test_rule_ids_are_dotted_and_start_with_their_family() -> None:
    for rule in RULES:
        parts = rule.id.split(".")
        assert len(parts) >= 3, rule.id
        assert parts[0] == rule.family
        assert all(part and part == part.lower() for part in parts), rule.id


def test_every_rule_cites_an_article() -> None:
    for rule in RULES:
        assert any(code in rule.source for code in ("000", "001", "002", "003")), rule.id
