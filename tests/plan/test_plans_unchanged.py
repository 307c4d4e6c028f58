"""Plans do not change by accident: every debrief of the repository (``examples/`` and
``tests/data``), planned by ``plan FILE --now T --format json`` at fixed moments and
by the planner after each kind of event, gives the plan recorded in
``tests/data/plans/<debrief>.json``.

Only what the planner decides is compared (each action, and how the decision words
read), not the debrief echoed back, so an edit to a field the planner does not read
leaves these files alone. When a plan is meant to change, rewrite the files with
``FOLLOWTHROUGH_UPDATE_PLANS=1`` set and review their diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief
from followthrough.plan import Event, plan
from tests.conftest import EXAMPLES, PROJECT, Runner

RECORDED = PROJECT / "tests" / "data" / "plans"
UPDATE = "FOLLOWTHROUGH_UPDATE_PLANS"
DEBRIEFS = sorted([*EXAMPLES.glob("debrief-*.toml"),
                   *(PROJECT / "tests" / "data").glob("debrief-*.toml")])
MOMENTS: Mapping[str, timedelta] = {
    "a day before": timedelta(days=-1),
    "an hour after": timedelta(hours=1),
    "four days after": timedelta(days=4),
    "six weeks after": timedelta(days=42),
}
"""When each debrief is planned from its file, counted from the interview's end."""


def _scenarios(debrief: Debrief) -> Mapping[str, list[Event]]:
    """Events after the interview's end that bring in every rule with numbers."""
    end = _end(debrief)
    first = debrief.interviewers[0].name
    thanked = Event("done", end + timedelta(hours=3), action=_thank_you_key(debrief))
    return {
        "thanked, then a reply with a new date": [
            thanked, Event("reply", end + timedelta(days=2), person=first,
                           until=(end + timedelta(days=12)).date())],
        "reference checked, then a next round": [
            Event("reference-check", end + timedelta(days=3)),
            Event("outcome", end + timedelta(days=5), outcome="next-round")],
        "an offer": [thanked, Event("outcome", end + timedelta(days=8), outcome="offer")],
        "a rejection": [Event("outcome", end + timedelta(days=9), outcome="rejected")],
        "withdrawn": [Event("outcome", end + timedelta(days=6), person=first,
                            outcome="withdrawn")],
        "the thank-you skipped": [Event("skipped", end + timedelta(hours=2),
                                        action=_thank_you_key(debrief))],
    }


def _variants(debrief: Debrief) -> Mapping[str, Debrief]:
    """The debrief changed where its own values leave a rule unused: an interview
    ending on a Saturday afternoon (the late thank-you, whose ceiling falls on Monday)
    or near midnight (the reflection's last hour), and a decision date given with no
    promise to call."""
    interview = debrief.interview
    saturday = interview.starts + timedelta(days=(5 - interview.starts.weekday()) % 7)
    return {
        "on a Saturday afternoon": _ending(debrief, saturday.replace(hour=13, minute=0)),
        "near midnight": _ending(debrief, interview.starts.replace(hour=23, minute=30)),
        "a decision date, no call promised": debrief.model_copy(update={
            "interview": interview.model_copy(update={
                "decision_by": interview.decision_by or (_end(debrief) + timedelta(days=10))
                .date(), "they_will_contact": False})}),
    }


def _ending(debrief: Debrief, end: datetime) -> Debrief:
    interview = debrief.interview
    starts = end - timedelta(minutes=interview.minutes)
    return debrief.model_copy(update={"interview": interview.model_copy(
        update={"starts": starts})})


def _end(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)


def _thank_you_key(debrief: Debrief) -> str:
    from followthrough.plan import thank_you_key

    key = thank_you_key(debrief, debrief.interviewers[0].name)
    assert key is not None
    return key


def _from_the_cli(run: Runner, path: Path, now: datetime) -> dict[str, Any]:
    result = run("plan", str(path), "--now", now.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    return {"timing": document["interview"]["timing"], "actions": document["actions"]}


def _planned(debrief: Debrief, events: Sequence[Event], now: datetime) -> list[dict[str, Any]]:
    return [action.as_dict("file") for action in plan(debrief, events, now=now)]


def _after_events(debrief: Debrief, events: Sequence[Event]) -> list[dict[str, Any]]:
    return _planned(debrief, events, max(event.at for event in events) + timedelta(hours=1))


def _plans(run: Runner, path: Path) -> dict[str, Any]:
    debrief = read_debrief(path)
    return {"from the file": {name: _from_the_cli(run, path, _end(debrief) + offset)
                              for name, offset in MOMENTS.items()},
            **planner_plans(debrief)}


def planner_plans(debrief: Debrief) -> dict[str, Any]:
    """The plans made by the planner itself: after events, for changed debriefs and
    beside another round."""
    end = _end(debrief)
    return {
        "after events": {name: _after_events(debrief, events)
                         for name, events in _scenarios(debrief).items()},
        "changed": {name: _planned(changed, [], _end(changed) + timedelta(hours=1))
                    for name, changed in _variants(debrief).items()},
        "beside another round": {"an hour after": [action.as_dict("file") for action in plan(
            debrief, now=end + timedelta(hours=1), asked_elsewhere=1,
            busy=[end + timedelta(days=days) for days in (9, 16, 30)])]},
    }


def _differences(recorded: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
    found = []
    for group, cases in planned.items():
        for case, value in cases.items():
            if recorded.get(group, {}).get(case) != value:
                found.append(f"{group}, {case}")
    return found


def test_every_debrief_has_a_recorded_plan() -> None:
    assert len(DEBRIEFS) >= 9
    names = {path.stem for path in DEBRIEFS}
    assert names <= {path.stem for path in RECORDED.glob("*.json")} or os.environ.get(UPDATE)


@pytest.mark.parametrize("path", DEBRIEFS, ids=lambda path: path.stem)
def test_the_plan_is_the_recorded_one(path: Path, run: Runner) -> None:
    planned = _plans(run, path)
    file = RECORDED / f"{path.stem}.json"
    if os.environ.get(UPDATE):
        file.parent.mkdir(exist_ok=True)
        file.write_text(json.dumps(planned, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    assert file.exists(), f"no recorded plan for {path.name}: run with {UPDATE}=1 once"
    recorded = json.loads(file.read_text(encoding="utf-8"))
    changed = _differences(recorded, planned)
    assert not changed, (f"the plan of {path.name} changed ({'; '.join(changed)}); if that "
                         f"is meant, rerun with {UPDATE}=1 and review the diff of {file}")
