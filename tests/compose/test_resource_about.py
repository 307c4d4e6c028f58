"""A resource can name the recipient's topic it bears on: the thank-you then says why
it is worth their time; a topic they never discussed, or a topic for someone who is
not an interviewer, is refused with its path."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.conftest import JP_FIRST_ROUND

from followthrough.compose import compose
from followthrough.compose.voice import to_company
from followthrough.debrief import Debrief, parse_debrief
from followthrough.errors import BadInput
from followthrough.plan import plan

SOURCE = JP_FIRST_ROUND.read_text("utf-8")
RESOURCE = 'to = "Daichi Mori"\n'
"""The end of the tests' debrief's resource (a talk, for Daichi Mori)."""


def _debrief(about: str, to: str = "Daichi Mori") -> Debrief:
    assert SOURCE.count(RESOURCE) >= 1
    start = SOURCE.index("[[resources]]")
    end = SOURCE.index(RESOURCE, start) + len(RESOURCE)
    table = SOURCE[start:end].replace(RESOURCE, f'to = "{to}"\n{about}')
    return parse_debrief(SOURCE[:start] + table + SOURCE[end:], files_from=Path.cwd())


def _topics(debrief: Debrief) -> list[str]:
    person = debrief.interviewer("Daichi Mori")
    assert person is not None
    return person.topic_texts


def _thanks(debrief: Debrief) -> str:
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    notes = [d for d in compose(None, debrief, plan(debrief, now=end), kind="thank-you",
                                to="Daichi Mori")]
    assert len(notes) == 1
    assert not notes[0].findings, notes[0].findings
    return notes[0].body


def test_a_resource_about_the_second_topic_says_why_it_is_worth_their_time() -> None:
    plain = _debrief("")
    second = _topics(plain)[1]

    body = _thanks(_debrief(f'about = "{second}"\n'))

    line = next(line for line in body.splitlines() if "testing data models" in line)
    assert to_company(second) in line  # told to them, in their voice ("your teams")
    assert second not in line
    untied = next(line for line in _thanks(plain).splitlines() if "testing data models" in line)
    assert to_company(second) not in untied


def test_a_topic_the_person_never_discussed_is_refused() -> None:
    with pytest.raises(BadInput) as raised:
        _debrief('about = "how you feel about Mondays"\n')

    assert [p.path for p in raised.value.problems] == ["resources[0].about"]


def test_a_topic_for_a_resource_meant_for_the_recruiter_is_refused() -> None:
    topic = _topics(_debrief(""))[0]
    with pytest.raises(BadInput) as raised:
        _debrief(f'about = "{topic}"\n', to="Mei Hayashi")

    assert [p.path for p in raised.value.problems] == ["resources[0].about"]
    assert "not an interviewer" in raised.value.problems[0].message
