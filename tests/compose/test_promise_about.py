"""A promise can name the recipient's topic it bears on: the message then says how
the thing meets that topic, not only what it is; a topic the person never discussed,
or a topic for someone who is not an interviewer, is refused with its line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.compose.test_missed_about import DEBRIEF as MISSED_DEBRIEF

from followthrough.compose import compose
from followthrough.debrief import parse_debrief
from followthrough.errors import BadInput
from followthrough.plan import plan

DEBRIEF = MISSED_DEBRIEF.split("[[interviewers]]")[0] + """[recruiter]
name = "Dana Ruiz"
email = "dana@search.example"
[[interviewers]]
name = "Evelyn Hart"
honorific = "Dr."
email = "evelyn.hart@prairiecurrent.example"
topics = ["how your models are reviewed before the summer peak"]
[[promises]]
what = "my write-up of backtesting load forecasts on extreme-heat days"
to = "{to}"
url = "https://example.org/heat-day-backtests"
{about}
"""
REVIEW = "how your models are reviewed before the summer peak"


def _promise(about: str, to: str = "Evelyn Hart") -> str:
    text = DEBRIEF.replace("{to}", to).replace("{about}", about)
    debrief = parse_debrief(text, files_from=Path.cwd())
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    notes = [d for d in compose(None, debrief, plan(debrief, now=end)) if d.kind == "promise"]
    assert len(notes) == 1
    assert not notes[0].findings, notes[0].findings
    return notes[0].body


def test_a_promise_about_a_topic_says_how_it_meets_it_in_the_recipients_voice() -> None:
    body = _promise(f'about = "{REVIEW}"')

    assert "how your models are reviewed before the summer peak" in body
    assert "https://example.org/heat-day-backtests" in body


def test_a_promise_without_a_topic_only_delivers() -> None:
    body = _promise("")

    assert "summer peak" not in body
    assert "https://example.org/heat-day-backtests" in body


def test_a_topic_the_person_never_discussed_is_refused_with_a_hint() -> None:
    with pytest.raises(BadInput) as raised:
        _promise('about = "how your models are reviewed before summer"')

    problem = raised.value.problems[0]
    assert problem.path == "promises[0].about"
    assert "did you mean" in problem.message
    assert problem.line == DEBRIEF.splitlines().index("{about}") + 1


def test_a_topic_for_a_promise_to_the_recruiter_is_refused() -> None:
    with pytest.raises(BadInput) as raised:
        _promise(f'about = "{REVIEW}"', to="Dana Ruiz")

    assert [p.path for p in raised.value.problems] == ["promises[0].about"]
    assert "not an interviewer" in raised.value.problems[0].message
