"""A NUL character anywhere in a debrief is bad input with its path and line
(PostgreSQL cannot store one; no note needs one)."""

from __future__ import annotations

import pytest

from followthrough.debrief import parse_debrief
from followthrough.errors import BadInput
from tests.conftest import JP_FIRST_ROUND


def test_a_nul_escape_in_toml_names_its_field_and_line() -> None:
    text = JP_FIRST_ROUND.read_text(encoding="utf-8")
    assert 'company = "Tsubame Data K.K."' in text
    text = text.replace('company = "Tsubame Data K.K."', 'company = "Tsubame\\u0000Data"')
    with pytest.raises(BadInput) as caught:
        parse_debrief(text, source="nul.toml")
    problem = caught.value.problems[0]
    assert problem.path == "interview.company"
    assert "NUL" in problem.message
    assert problem.line == 22
