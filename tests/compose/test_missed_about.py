"""A missed point can name the topic it bears on: the note then makes it in
that topic's paragraph, and a topic the person never discussed is refused."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from followthrough.compose import compose
from followthrough.debrief import parse_debrief
from followthrough.errors import BadInput
from followthrough.plan import plan

DEBRIEF = """schema = 1
[candidate]
name = "Nora Lindqvist"
email = "nora@example.com"
timezone = "America/Denver"
[interview]
company = "Prairie Current Energy"
role = "Senior Data Scientist"
starts = 2027-01-14T09:30:00-07:00
minutes = 90
timezone = "America/Denver"
country = "US"
[[interviewers]]
name = "Rachel Kim"
email = "rachel.kim@prairiecurrent.example"
topics = ["how your operators read forecast uncertainty on the control-room dashboard",
          "the trade-off between a model your operators trust and the one that scores best"]
[[missed]]
point = "that I trained 40 control-room operators to read forecast fan charts"
to = "Rachel Kim"
about = "{about}"
"""
DASHBOARD = "how your operators read forecast uncertainty on the control-room dashboard"


def _thank_you_paragraphs(about: str) -> list[str]:
    debrief = parse_debrief(DEBRIEF.replace("{about}", about), files_from=Path.cwd())
    end = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)
    notes = [d for d in compose(None, debrief, plan(debrief, now=end)) if d.kind == "thank-you"]
    assert len(notes) == 1
    return notes[0].body.split("\n\n")


def test_a_point_about_a_topic_is_made_in_that_topics_paragraph() -> None:
    paragraphs = _thank_you_paragraphs(DASHBOARD)

    holding = [p for p in paragraphs if "40 control-room operators" in p]
    assert len(holding) == 1
    assert DASHBOARD in holding[0]
    start = holding[0].index(DASHBOARD)
    between = holding[0][start:holding[0].index("40 control-room")]
    # the point is made in its topic's sentence, as in "When we talked about ..., I
    # did not have the chance to add that ..." (rounds 99-100: three of four reviewers
    # of the Berlin-Denver-London group asked for it, with that note as the model;
    # rounds 86-89 had read such sentences as a label, and a cool reader still gets
    # the topic's sentence first)
    assert between.count(". ") == 0
    # (rounds 114-117: "I did not manage to mention", "I left out that" and "I would
    # have liked to mention" read as apologies; three reviewers asked for "One thing I
    # did not mention when we discussed ...: ...")
    assert holding[0][:start].endswith("One thing I did not mention when we discussed ")
    assert re.match(": I trained", between[len(DASHBOARD):])


def test_a_point_without_a_topic_stands_on_its_own() -> None:
    paragraphs = _thank_you_paragraphs(DASHBOARD)
    unlinked = parse_debrief(DEBRIEF.replace('about = "{about}"\n', ""), files_from=Path.cwd())
    end = unlinked.interview.starts + timedelta(minutes=unlinked.interview.minutes)
    note = next(d for d in compose(None, unlinked, plan(unlinked, now=end))
                if d.kind == "thank-you")

    holding = [p for p in note.body.split("\n\n") if "40 control-room operators" in p]
    assert len(holding) == 1
    assert paragraphs != note.body.split("\n\n")


def test_a_topic_the_person_never_discussed_is_refused_with_the_closest() -> None:
    with pytest.raises(BadInput) as raised:
        parse_debrief(DEBRIEF.replace("{about}", "how your operators read uncertainty"),
                      source="debrief.toml", files_from=Path.cwd())

    problem = raised.value.problems[0]
    assert problem.path == "missed[0].about"
    assert problem.line == 21
    assert "Rachel Kim's topics" in problem.message
    assert DASHBOARD in problem.message
