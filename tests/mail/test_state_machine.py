"""Hypothesis drives the outbox through random approvals, clock steps, server
answers, crashes at every named point, cancels, restarts and resolutions.
Invariants after every step: a message is accepted at most once unless the
user chose to resend it; a ``sent`` row was accepted; a cancelled, failed or
expired row never was; nothing stays in flight after a restart (a killed pass leaves its claims to
their lease)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from followthrough import clock
from followthrough.app.planning import replan
from followthrough.debrief import read_debrief
from followthrough.errors import FollowthroughError
from followthrough.mail.outbox import cancel, recover, resolve, send_due
from followthrough.mail.smtp import Hook, Outcome, SendResult
from followthrough.store import open_store
from followthrough.store.outbox import OutboxStore
from tests.conftest import JP_FIRST_ROUND
from tests.mail.conftest import TOKYO_NOW, queue

KEYS = ("thank-you.daichi-mori", "thank-you.rina-ogawa", "promise.1",
        "recruiter-update")
ANSWERS = ("250", "250", "451", "550", "lost-after-data", "refused")
POINTS = ("claimed", "submitting", "data-sent", "replied-250")


class Crash(BaseException):
    """A simulated kill -9: nothing after it runs."""


class FakeServer:
    """A transport whose next answer the machine chooses; it records every
    Message-ID it accepted (including those whose 250 was lost)."""

    def __init__(self) -> None:
        self.accepted: Counter[str] = Counter()
        self.next = "250"

    def __call__(self, sender: str, recipients: Sequence[str], payload: bytes,
                 confirm: Callable[[], bool], hook: Hook) -> SendResult:
        answer = self.next
        if answer == "refused":
            return SendResult(Outcome.TEMPORARY, None, "refused", account_problem=True)
        if not confirm():
            return SendResult(Outcome.TEMPORARY, None, "claim lost")
        if answer == "451":
            return SendResult(Outcome.TEMPORARY, 451, "451 later")
        if answer == "550":
            return SendResult(Outcome.PERMANENT, 550, "550 no")
        self.accepted[_message_id(payload)] += 1
        hook("data-sent")
        if answer == "lost-after-data":
            return SendResult(Outcome.UNCERTAIN, None, "lost")
        hook("replied-250")
        return SendResult(Outcome.SENT, 250, "250 ok")


def _message_id(payload: bytes) -> str:
    for line in payload.split(b"\r\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise AssertionError("no Message-ID")


class OutboxMachine(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="ft-outbox-machine-")
        self.store = open_store(f"sqlite:///{Path(self.folder) / 'm.db'}")
        self.now = clock.parse_instant(TOKYO_NOW, field="now")
        with clock.frozen(self.now):
            interview_id, _ = self.store.add_interview(
                read_debrief(JP_FIRST_ROUND))
            replan(self.store, interview_id)
        self.server = FakeServer()
        self.resent_by_user: set[str] = set()
        self.user_said_sent: set[str] = set()
        self.in_flight_allowed = False

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.engine.dispose()
        if hasattr(self, "folder"):
            shutil.rmtree(self.folder, ignore_errors=True)

    @rule(key=st.sampled_from(KEYS))
    def approve(self, key: str) -> None:
        with clock.frozen(self.now), contextlib.suppress(FollowthroughError):
            queue(self.store, key)

    @rule(minutes=st.integers(min_value=0, max_value=600))
    def time_passes(self, minutes: int) -> None:
        self.now = self.now + timedelta(minutes=minutes)

    @rule(answer=st.sampled_from(ANSWERS))
    def a_pass(self, answer: str) -> None:
        self.server.next = answer
        with clock.frozen(self.now):
            send_due(self.store, self.server)

    @rule(answer=st.sampled_from(("250", "lost-after-data")), point=st.sampled_from(POINTS))
    def a_pass_killed(self, answer: str, point: str) -> None:
        self.server.next = answer

        def kill(reached: str) -> None:
            if reached == point:
                raise Crash

        with clock.frozen(self.now):
            try:
                send_due(self.store, self.server, hook=kill)
            except Crash:
                self.in_flight_allowed = True

    @rule()
    def restart(self) -> None:
        with clock.frozen(self.now):
            recover(self.store)
        self.in_flight_allowed = False

    @rule(key=st.sampled_from(KEYS))
    def user_cancels(self, key: str) -> None:
        with clock.frozen(self.now), contextlib.suppress(FollowthroughError):
            cancel(self.store, f"1.{key}")

    @rule(key=st.sampled_from(KEYS), verdict=st.sampled_from(("sent", "not-sent")))
    def user_resolves(self, key: str, verdict: str) -> None:
        with clock.frozen(self.now):
            try:
                row = resolve(self.store, f"1.{key}", verdict)
            except FollowthroughError:
                return
        if verdict == "not-sent":
            self.resent_by_user.add(row.message_id)
        else:
            self.user_said_sent.add(row.message_id)

    @invariant()
    def once_unless_the_user_chose(self) -> None:
        if not hasattr(self, "store"):
            return
        rows = OutboxStore(self.store).rows()
        for row in rows:
            count = self.server.accepted[row.message_id]
            if row.message_id not in self.resent_by_user:
                assert count <= 1, row
            if row.status == "sent" and row.message_id not in self.user_said_sent:
                assert count >= 1, row
            if row.status in ("cancelled", "failed", "expired") and \
                    row.message_id not in self.resent_by_user:
                assert count == 0, row
            if not self.in_flight_allowed:
                assert row.status not in ("claimed", "submitting"), row


OutboxMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("FT_STATEFUL_EXAMPLES", "40")), stateful_step_count=25,
    deadline=None)
TestOutboxMachine = OutboxMachine.TestCase

