"""A promise to an interviewer goes inside the thank-you to them, one message
(rule promise.with-thank-you), and is done when that thank-you is; it stays a
message of its own when the thank-you was skipped or had already gone before the
promise was recorded, and when a stored plan had it on its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followthrough.debrief import Debrief, parse_debrief
from followthrough.plan import Action, Event, plan
from followthrough.plan.rules import PROMISE, PROMISE_WITH_THANKS
from tests.conftest import JP_FIRST_ROUND

RECRUITER_PROMISE = ('\n[[promises]]\nwhat = "my notes on hiring"\nto = "Mei Hayashi"\n'
                     'url = "https://example.org/hiring-notes"\n')
DEBRIEF = JP_FIRST_ROUND.read_text("utf-8") + RECRUITER_PROMISE
"""The tests' Japanese first round: promise 1 to the interviewer Daichi Mori, and a
promise to the recruiter, Mei Hayashi."""
THANKS = "thank-you.daichi-mori"


@pytest.fixture(scope="module")
def debrief() -> Debrief:
    return parse_debrief(DEBRIEF, files_from=Path.cwd())


def _end(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)


def _plan(debrief: Debrief, *events: Event, before: dict[str, str] | None = None
          ) -> dict[str, Action]:
    now = _end(debrief) + timedelta(hours=3)
    return {a.key: a for a in plan(debrief, list(events), now=now, before=before)}


def _done(debrief: Debrief, key: str, kind: str = "done", hours: int = 2) -> Event:
    return Event(kind, _end(debrief) + timedelta(hours=hours), action=key)  # type: ignore[arg-type]


def test_a_promise_to_an_interviewer_goes_inside_their_thank_you(debrief: Debrief) -> None:
    actions = _plan(debrief)

    inside, thanks = actions["promise.1"], actions[THANKS]
    assert (inside.rule, inside.channel, inside.status) == (PROMISE_WITH_THANKS.id, "self",
                                                             "pending")
    assert inside.due == thanks.due
    assert "thank-you to Daichi Mori" in inside.why


def test_a_promise_to_someone_without_a_thank_you_is_its_own_message(debrief: Debrief) -> None:
    recruiter = _plan(debrief)["promise.2"]

    assert (recruiter.rule, recruiter.channel) == (PROMISE.id, "email")


def test_it_is_done_when_the_thank_you_is_and_pending_again_after_an_undo(
        debrief: Debrief) -> None:
    done = _done(debrief, THANKS)
    assert _plan(debrief, done, before={"promise.1": PROMISE_WITH_THANKS.id}
                 )["promise.1"].status == "done"

    undone = Event("undo", done.at + timedelta(minutes=5), undoes=1)
    again = _plan(debrief, Event("done", done.at, action=THANKS, id=1), undone,
                  before={"promise.1": PROMISE_WITH_THANKS.id})["promise.1"]
    assert (again.rule, again.status) == (PROMISE_WITH_THANKS.id, "pending")


def test_a_skipped_thank_you_leaves_the_promise_to_go_on_its_own(debrief: Debrief) -> None:
    alone = _plan(debrief, _done(debrief, THANKS, "skipped"),
                  before={"promise.1": PROMISE_WITH_THANKS.id})["promise.1"]

    assert (alone.rule, alone.status) == (PROMISE.id, "pending")
    assert alone.channel != "self"


def test_a_promise_the_record_keeps_separate_is_its_own_message(debrief: Debrief) -> None:
    separate = parse_debrief(DEBRIEF.replace('to = "Daichi Mori"\n', 'to = "Daichi Mori"\n'
                                             'separate = true\n', 1), files_from=Path.cwd())

    alone = _plan(separate)["promise.1"]
    assert (alone.rule, alone.status) == (PROMISE.id, "pending")


def test_a_restored_backup_finds_a_delivered_promise_done_without_a_stored_plan(
        debrief: Debrief) -> None:
    """A fresh home has no stored plan: the thank-you's done event alone says the
    promise inside it went."""
    restored = _plan(debrief, _done(debrief, THANKS))["promise.1"]

    assert (restored.rule, restored.status) == (PROMISE_WITH_THANKS.id, "done")


def test_a_promise_planned_on_its_own_before_stays_on_its_own(debrief: Debrief) -> None:
    kept = _plan(debrief, before={"promise.1": PROMISE.id})["promise.1"]

    assert kept.rule == PROMISE.id
    assert kept.channel != "self"


def test_a_promise_marked_itself_is_its_own_line_with_its_own_status(debrief: Debrief) -> None:
    marked = _plan(debrief, _done(debrief, "promise.1"),
                   before={"promise.1": PROMISE_WITH_THANKS.id})["promise.1"]

    assert (marked.rule, marked.status) == (PROMISE.id, "done")
