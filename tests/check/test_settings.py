"""Suppression outside the message: rules off by id or prefix, severities, allow-list, ignores."""

from __future__ import annotations

import pytest

from followthrough.check import CheckSettings, check, exit_status
from followthrough.errors import BadInput

TEXT = "Hey guys!!\n\nThx for the interveiw at [Company].\n\nCheers,\nMe"


def _rules(settings: CheckSettings | None = None, text: str = TEXT) -> list[str]:
    return [f.rule for f in check(text, settings=settings)]


def test_defaults_find_everything() -> None:
    rules = _rules()
    assert {"tone.familiar.greeting", "tone.familiar.slang", "spelling.word.unknown",
            "template.placeholder.bracket", "tone.familiar.closing"} <= set(rules)


def test_disable_one_rule_by_id() -> None:
    rules = _rules(CheckSettings(disabled=["tone.familiar.greeting"]))
    assert "tone.familiar.greeting" not in rules
    assert "tone.familiar.slang" in rules


def test_disable_by_dotted_prefix() -> None:
    rules = _rules(CheckSettings(disabled=["tone"]))
    assert not [rule for rule in rules if rule.startswith("tone.")]
    assert "template.placeholder.bracket" in rules


def test_disable_by_deeper_prefix_and_category() -> None:
    rules = _rules(CheckSettings(disabled=["tone.familiar", "spelling"]))
    assert not [rule for rule in rules if rule.startswith(("tone.familiar", "spelling"))]


def test_a_prefix_matches_whole_segments_only() -> None:
    with pytest.raises(BadInput):
        CheckSettings.from_mapping({"disabled": ["ton"]})


def test_severity_change_by_id_and_prefix() -> None:
    settings = CheckSettings(severities={"template": "warning",
                                         "tone.familiar.slang": "error"})
    findings = check(TEXT, settings=settings)
    bracket = next(f for f in findings if f.rule == "template.placeholder.bracket")
    slang = next(f for f in findings if f.rule == "tone.familiar.slang")
    assert bracket.severity == "warning"
    assert slang.severity == "error"


def test_the_most_specific_severity_wins() -> None:
    settings = CheckSettings(severities={"tone": "info", "tone.familiar.greeting": "error",
                                         "familiar-tone": "warning"})
    findings = check(TEXT, settings=settings)
    assert next(f for f in findings if f.rule == "tone.familiar.greeting").severity == "error"
    assert next(f for f in findings if f.rule == "tone.familiar.slang").severity == "info"


def test_severity_change_changes_the_exit_status() -> None:
    text = "Thank you for [Company]."
    assert exit_status({"a": check(text)}) == 1
    relaxed = CheckSettings(severities={"template.placeholder": "warning"})
    assert exit_status({"a": check(text, settings=relaxed)}) == 0


def test_allow_list_accepts_words() -> None:
    text = "I enjoyed the grooming session."
    assert "spelling.word.unknown" not in _rules(text=text)
    odd = "Our Kubernetes setup uses kustomize overlays."
    assert "spelling.word.unknown" in _rules(text=odd)
    assert "spelling.word.unknown" not in _rules(CheckSettings(allow_words=["Kustomize"]),
                                                 text=odd)


def test_ignore_one_finding_by_fingerprint() -> None:
    findings = check(TEXT)
    slang = next(f for f in findings if f.rule == "tone.familiar.slang")
    kept = check(TEXT, settings=CheckSettings(ignored={slang.fingerprint}))
    assert slang.fingerprint not in {f.fingerprint for f in kept}
    assert len(kept) == len(findings) - sum(f.fingerprint == slang.fingerprint for f in findings)


def test_from_mapping_reads_a_settings_table() -> None:
    settings = CheckSettings.from_mapping({
        "disabled": ["tone.familiar.greeting"], "severities": {"spelling": "info"},
        "allow_words": ["kustomize"], "ignored": ["0123456789abcdef"]})
    assert settings == CheckSettings(disabled=["tone.familiar.greeting"],
                                     severities={"spelling": "info"},
                                     allow_words=["kustomize"], ignored={"0123456789abcdef"})
    assert CheckSettings.from_mapping({}) == CheckSettings()


@pytest.mark.parametrize(("data", "path"), [
    ({"disable": ["tone"]}, "check.disable"),
    ({"disabled": "tone"}, "check.disabled"),
    ({"disabled": ["tone.nothing"]}, "check.disabled"),
    ({"severities": {"tone": "fatal"}}, "check.severities.tone"),
    ({"severities": {"nothing.here": "error"}}, "check.severities.nothing.here"),
    ({"severities": ["tone"]}, "check.severities"),
    ({"allow_words": [3]}, "check.allow_words"),
    ({"ignored": [""]}, "check.ignored"),
])
def test_from_mapping_names_the_bad_key(data: dict[str, object], path: str) -> None:
    with pytest.raises(BadInput) as caught:
        CheckSettings.from_mapping(data)
    assert [problem.path for problem in caught.value.problems] == [path]
