"""Arbitrary text never crashes the checker, and every span lies inside the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.check import check, check_many
from followthrough.check.model import KINDS
from followthrough.debrief.model import Debrief

WORDS = st.sampled_from([
    "Dear", "Hi", "Hey", "Mori-san", "Mr", "Morri", "Grace", "[Company]", "{{name}}", "<Role>",
    "thank", "you", "attached", "!!", "🙂", "lol", "the", "the", "é", "\n", "\n\n", ",", ".",
    "Best regards,", "Subject:", "interveiw", "Tsubame", "Robtics", "join", "Northwind", "’",
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


def _assert_spans(text: str, findings: list) -> None:  # type: ignore[type-arg]
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.match
        assert finding.line >= 1
        assert finding.column >= 1
        assert finding.line == text.count("\n", 0, finding.start) + 1
        line_start = text.rfind("\n", 0, finding.start) + 1
        assert finding.column == finding.start - line_start + 1


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, kind=st.none() | st.sampled_from(KINDS))
def test_any_text_without_context(text: str, kind: str | None) -> None:
    _assert_spans(text, check(text, kind=kind))


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, kind=st.none() | st.sampled_from(KINDS),
       to=st.none() | st.sampled_from(["Daichi Mori", "Rina Ogawa", "Mei Hayashi",
                                       "Nobody Here", ""]),
       hours=st.none() | st.floats(min_value=-100, max_value=1000))
def test_any_text_with_context(tokyo: Debrief, text: str, kind: str | None, to: str | None,
                               hours: float | None) -> None:
    from .conftest import sent_at

    when = sent_at(tokyo, hours) if hours is not None else None
    _assert_spans(text, check(text, context=tokyo, kind=kind, to=to, sent_at=when))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXTS, min_size=2, max_size=4))
def test_any_batch(panel: Debrief, texts: list[str]) -> None:
    named = {f"note{i}.txt": text for i, text in enumerate(texts)}
    results = check_many(named, context=panel, kind="thank-you")
    assert list(results) == list(named)
    for name, findings in results.items():
        _assert_spans(named[name], findings)


@pytest.mark.parametrize("company", ["K.K.", "GmbH", "!!!", "Ltd.", "の", "M."])
def test_a_company_name_without_core_words_does_not_crash(company: str) -> None:
    from followthrough.debrief import validate_debrief

    data = {"candidate": {"name": "A B", "email": "a@example.org", "timezone": "UTC"},
            "interview": {"company": company, "role": "Engineer",
                          "starts": datetime(2026, 1, 5, 10, tzinfo=UTC)},
            "interviewers": [{"name": "C D"}]}
    text = (f"Dear C,\n\nI would love to join Acme Widgets as an engineer at {company} "
            "Your team impressed me.\n\nBest,\nA")

    findings = check(text, context=validate_debrief(data), kind="thank-you", to="C D")

    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
    other = [f.match for f in findings if f.rule == "names.company.other"]
    assert all(company.rstrip(".") not in match for match in other), other
