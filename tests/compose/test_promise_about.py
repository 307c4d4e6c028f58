"""A promise can name the recipient's topic it bears on: the message then says how
the thing meets that topic, not only what it is; a topic the person never discussed,
or a topic for someone who is not an interviewer, is refused with its line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.compose.test_missed_about import DEBRIEF as MISSED_DEBRIEF

from followthrough.compose import Draft, compose
from followthrough.debrief import Debrief, parse_debrief
from followthrough.errors import BadInput
from followthrough.plan import plan
from followthrough.plan.rules import PROMISE

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


def _debrief(about: str, to: str = "Evelyn Hart") -> Debrief:
    return parse_debrief(DEBRIEF.replace("{to}", to).replace("{about}", about),
                         files_from=Path.cwd())


def _drafts(debrief: Debrief, before: dict[str, str] | None = None) -> list[Draft]:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    actions = plan(debrief, now=end, before=before)
    drafts = compose(None, debrief, actions)
    assert not [d.findings for d in drafts if d.findings]
    return drafts


def _promise(about: str, to: str = "Evelyn Hart") -> str:
    """The promise as a message of its own (so planned before)."""
    drafts = _drafts(_debrief(about, to), before={"promise.1": PROMISE.id})
    notes = [d for d in drafts if d.kind == "promise"]
    assert [d.channel for d in notes] == ["email"]
    return notes[0].body


def test_a_promise_about_a_topic_says_how_it_bears_on_it_in_the_recipients_voice() -> None:
    body = _promise(f'about = "{REVIEW}"')

    assert "how your models are reviewed before the summer peak" in body
    assert "https://example.org/heat-day-backtests" in body


def test_a_promise_without_a_topic_only_delivers() -> None:
    body = _promise("")

    assert "summer peak" not in body
    assert "https://example.org/heat-day-backtests" in body


def test_a_promise_inside_the_thank_you_carries_its_link_and_its_topic() -> None:
    drafts = _drafts(_debrief(f'about = "{REVIEW}"'))

    promise = next(d for d in drafts if d.kind == "promise")
    thanks = next(d for d in drafts if d.kind == "thank-you")
    assert promise.channel == "self"
    assert "https://example.org/heat-day-backtests" in thanks.body
    assert "backtesting load forecasts" in thanks.body
    assert "separate" not in thanks.body


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
