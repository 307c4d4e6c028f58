"""Drafts of the reference debriefs, planned just after each interview, with a
next round and a reference check recorded so that every kind is drafted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followthrough.compose import Draft, compose
from followthrough.debrief import Debrief, read_debrief
from followthrough.plan import Event, plan

SHARED_EXAMPLES = Path(__file__).parents[3] / "shared" / "examples"
PROJECT = Path(__file__).parents[2]
EXAMPLE_FILES = {
    "tokyo": SHARED_EXAMPLES / "debrief-tokyo.toml",
    "panel-us": SHARED_EXAMPLES / "debrief-panel-us.toml",
    "berlin": PROJECT / "examples" / "debrief-berlin.toml",
}
MESSAGE_KINDS = ("thank-you", "promise", "recruiter-update", "reference-brief",
                 "referee-thanks", "linkedin", "status-inquiry", "move-on")
SELF_KINDS = ("reflection", "next-round-prep", "keep-searching", "company-watch")


@dataclass(frozen=True)
class Drafted:
    name: str
    debrief: Debrief
    drafts: list[Draft]

    def of(self, kind: str) -> list[Draft]:
        return [draft for draft in self.drafts if draft.kind == kind]


def interview_end(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)


def drafts_for(debrief: Debrief) -> list[Draft]:
    """The waiting plan (inquiries, move-on) plus the plan after a next round and a
    reference check (next-round brief, referee thanks), drafted once each."""
    end = interview_end(debrief)
    now = end + timedelta(minutes=5)
    waiting = plan(debrief, now=now)
    later = plan(debrief, [Event(kind="reference-check", at=end + timedelta(days=2)),
                           Event(kind="outcome", at=end + timedelta(days=3),
                                 outcome="next-round")], now=now)
    extra = [action for action in later if action.kind in ("next-round-prep", "referee-thanks")]
    return compose(None, debrief, [*waiting, *extra])


@pytest.fixture(scope="session", params=sorted(EXAMPLE_FILES))
def drafted(request: pytest.FixtureRequest) -> Drafted:
    debrief = read_debrief(EXAMPLE_FILES[request.param])
    return Drafted(request.param, debrief, drafts_for(debrief))


@pytest.fixture(scope="session")
def all_drafted() -> dict[str, Drafted]:
    result = {}
    for name, path in EXAMPLE_FILES.items():
        debrief = read_debrief(path)
        result[name] = Drafted(name, debrief, drafts_for(debrief))
    return result
