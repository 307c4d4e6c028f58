"""A NUL character anywhere in a debrief is bad input with its path and line
(PostgreSQL cannot store one; no note needs one)."""

from __future__ import annotations

import pytest

from followthrough.debrief import parse_debrief
from followthrough.errors import BadInput
from tests.conftest import EXAMPLES


def test_a_nul_escape_in_toml_names_its_field_and_line() -> None:
    text = (EXAMPLES / "debrief-tokyo.toml").read_text(encoding="utf-8")
    text = text.replace('company = "Kumo Robotics K.K."', 'company = "Kumo\\u0000Robotics"')
    with pytest.raises(BadInput) as caught:
        parse_debrief(text, source="nul.toml")
    problem = caught.value.problems[0]
    assert problem.path == "interview.company"
    assert "NUL" in problem.message
    assert problem.line == 18
