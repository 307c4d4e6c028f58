"""The outbox against a real SMTP server on 127.0.0.1: sent once, 4xx retried
with backoff, 5xx failed, stale expired, lost-after-data uncertain and never
resent, cancel/resolve, and the worker lease."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from followthrough import clock
from followthrough.app.mail import PLAN
from followthrough.mail.outbox import (
    OutboxError,
    Policy,
    cancel,
    recover,
    resolve,
    send_due,
)
from followthrough.mail.worker import Worker, WorkerBusy, smtp_transport
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore
from tests.mail.conftest import Sink, queue

THANKS = "thank-you.daichi-mori"


def _at(store: Store, key: str, plus: timedelta = timedelta(0)) -> Any:
    return clock.frozen(store.find_action(f"1.{key}").due + plus)


def _status(store: Store, key: str = THANKS) -> str:
    return OutboxStore(store).get(f"1.{key}").status


def test_a_due_message_goes_out_once_and_the_action_is_done(store: Store, sink: Sink) -> None:
    row = queue(store, THANKS)
    with _at(store, THANKS):
        first = send_due(store, smtp_transport(sink.settings()))
        second = send_due(store, smtp_transport(sink.settings()))

    assert first.sent == [f"1.{THANKS}"]
    assert second.sent == []
    assert sink.handler.message_ids() == {row.message_id: 1}
    assert _status(store) == "sent"
    assert store.find_action(f"1.{THANKS}").status == "done"
    got = sink.handler.messages()[0]
    assert got["To"] == "Daichi Mori <d.mori@tsubame.example>"


def test_nothing_goes_out_before_its_time(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    with _at(store, THANKS, -timedelta(minutes=1)):
        report = send_due(store, smtp_transport(sink.settings()))

    assert report.sent == []
    assert sink.handler.received == []
    assert _status(store) == "scheduled"


def test_a_4xx_is_retried_with_backoff_and_the_same_message_id(store: Store, sink: Sink
                                                               ) -> None:
    row = queue(store, THANKS)
    sink.handler.script = ["451 4.3.0 try again later", "421 4.7.0 busy"]
    policy = Policy(backoff=(timedelta(minutes=1), timedelta(minutes=5)))
    due = store.find_action(f"1.{THANKS}").due
    with clock.frozen(due):
        assert send_due(store, smtp_transport(sink.settings()), policy).retrying
    waiting = OutboxStore(store).get(f"1.{THANKS}")
    assert (waiting.status, waiting.send_at, waiting.smtp_code) == (
        "retry_wait", due + timedelta(minutes=1), 451)
    with clock.frozen(due + timedelta(seconds=59)):
        assert send_due(store, smtp_transport(sink.settings()), policy).retrying == []
    with clock.frozen(due + timedelta(minutes=1)):
        send_due(store, smtp_transport(sink.settings()), policy)
    assert OutboxStore(store).get(f"1.{THANKS}").send_at == due + timedelta(minutes=6)
    with clock.frozen(due + timedelta(minutes=6)):
        assert send_due(store, smtp_transport(sink.settings()), policy).sent

    assert sink.handler.message_ids() == {row.message_id: 1}
    assert OutboxStore(store).get(f"1.{THANKS}").attempts == 3


def test_a_5xx_fails_at_once_and_is_never_retried(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    sink.handler.script = ["550 5.1.1 no such user"]
    with _at(store, THANKS):
        report = send_due(store, smtp_transport(sink.settings()))
    with _at(store, THANKS, timedelta(hours=5)):
        send_due(store, smtp_transport(sink.settings()))

    assert report.failed == [f"1.{THANKS}"]
    assert "550" in report.notices[0]
    assert _status(store) == "failed"
    assert sink.handler.received == []


def test_a_refused_connection_is_temporary_and_stops_the_pass(store: Store) -> None:
    queue(store, THANKS)
    queue(store, "thank-you.rina-ogawa", to_addr="r.ogawa@tsubame.example")
    from followthrough.mail.accounts import MailSettings, Server
    from tests.mail.conftest import free_port

    dead = MailSettings(None, None, Server("smtp", "127.0.0.1", free_port(), None, "none", 2.0),
                        None, None, {})
    with _at(store, THANKS):
        report = send_due(store, smtp_transport(dead))

    assert report.retrying == [f"1.{THANKS}"]
    assert any("stopped this pass" in n for n in report.notices)
    assert _status(store, "thank-you.rina-ogawa") == "scheduled"


def test_a_stale_thank_you_is_expired_not_sent_and_the_user_told(store: Store, sink: Sink
                                                                 ) -> None:
    """The worker was down past the note's latest time (the late policy)."""
    queue(store, THANKS)
    latest = store.find_action(f"1.{THANKS}").latest
    with clock.frozen(latest + timedelta(minutes=1)):
        report = send_due(store, smtp_transport(sink.settings()))

    assert report.expired == [f"1.{THANKS}"]
    assert "latest sensible time" in report.notices[0]
    assert _status(store) == "expired"
    assert sink.handler.received == []


def test_late_but_within_the_window_is_still_sent(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    with _at(store, THANKS, timedelta(hours=3)):
        assert send_due(store, smtp_transport(sink.settings())).sent == [f"1.{THANKS}"]


def test_temporary_failures_never_push_past_the_deadline(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    latest = store.find_action(f"1.{THANKS}").latest
    sink.handler.script = ["451 later"]
    with clock.frozen(latest - timedelta(seconds=30)):
        report = send_due(store, smtp_transport(sink.settings()))

    assert report.expired == [f"1.{THANKS}"]
    assert sink.handler.received == []


def test_lost_after_the_data_is_uncertain_and_never_resent(store: Store, sink: Sink) -> None:
    """The server answers 250 only after the client gave up (RFC 1047)."""
    row = queue(store, THANKS)
    sink.handler.script = ["stall"]
    with _at(store, THANKS):
        report = send_due(store, smtp_transport(sink.settings(timeout=1.0)))
    with _at(store, THANKS, timedelta(hours=1)):
        again = send_due(store, smtp_transport(sink.settings()))
        recover(store)
        again.merge(send_due(store, smtp_transport(sink.settings())))

    assert report.uncertain == [f"1.{THANKS}"]
    assert "resolve" in report.notices[0]
    assert again.sent == []
    assert _status(store) == "uncertain"
    assert sink.handler.message_ids() == {row.message_id: 1}


def test_a_crash_after_submitting_is_uncertain_at_restart(store: Store, sink: Sink) -> None:
    class Crash(BaseException):
        pass

    def crash_at_250(point: str) -> None:
        if point == "replied-250":
            raise Crash

    row = queue(store, THANKS)
    with _at(store, THANKS), pytest.raises(Crash):
        send_due(store, smtp_transport(sink.settings()), hook=crash_at_250)
    assert _status(store) == "submitting"
    with _at(store, THANKS, timedelta(minutes=1)):
        restarted = recover(store)
        send_due(store, smtp_transport(sink.settings()))

    assert restarted.uncertain == [f"1.{THANKS}"]
    assert sink.handler.message_ids() == {row.message_id: 1}
    with _at(store, THANKS, timedelta(minutes=2)):
        assert resolve(store, f"1.{THANKS}", "sent").status == "sent"
    assert store.find_action(f"1.{THANKS}").status == "done"


def test_a_crash_after_the_claim_is_safe_to_retry(store: Store, sink: Sink) -> None:
    class Crash(BaseException):
        pass

    def crash_at_claim(point: str) -> None:
        if point == "claimed":
            raise Crash

    row = queue(store, THANKS)
    with _at(store, THANKS), pytest.raises(Crash):
        send_due(store, smtp_transport(sink.settings()), hook=crash_at_claim)
    assert _status(store) == "claimed"
    with _at(store, THANKS, timedelta(minutes=1)):
        recover(store)
        assert send_due(store, smtp_transport(sink.settings())).sent

    assert sink.handler.message_ids() == {row.message_id: 1}


def test_an_expired_claim_lease_is_taken_over_without_a_restart(store: Store, sink: Sink
                                                                ) -> None:
    class Crash(BaseException):
        pass

    def crash_at_claim(point: str) -> None:
        if point == "claimed":
            raise Crash

    queue(store, THANKS)
    policy = Policy(lease=timedelta(minutes=5))
    with _at(store, THANKS), pytest.raises(Crash):
        send_due(store, smtp_transport(sink.settings()), policy, hook=crash_at_claim)
    with _at(store, THANKS, timedelta(minutes=4)):
        assert send_due(store, smtp_transport(sink.settings()), policy).sent == []
    with _at(store, THANKS, timedelta(minutes=6)):
        assert send_due(store, smtp_transport(sink.settings()), policy).sent


def test_not_sent_after_checking_queues_it_again(store: Store, sink: Sink) -> None:
    row = queue(store, THANKS)
    sink.handler.script = ["stall"]
    with _at(store, THANKS):
        send_due(store, smtp_transport(sink.settings(timeout=1.0)))
        resolve(store, f"1.{THANKS}", "not-sent")
        assert send_due(store, smtp_transport(sink.settings())).sent
    assert sink.handler.message_ids() == {row.message_id: 2}  # the user chose a resend


def test_cancel_wins_over_a_send_that_has_not_begun(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    cancel(store, f"1.{THANKS}")
    with _at(store, THANKS):
        assert send_due(store, smtp_transport(sink.settings())).sent == []
    assert sink.handler.received == []
    with pytest.raises(OutboxError):
        cancel(store, f"1.{THANKS}")


def test_a_sent_message_cannot_be_cancelled(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    with _at(store, THANKS):
        send_due(store, smtp_transport(sink.settings()))
    with pytest.raises(OutboxError, match="sent"):
        cancel(store, f"1.{THANKS}")


def test_a_row_whose_action_is_no_longer_pending_is_cancelled_at_claim(store: Store,
                                                                      sink: Sink) -> None:
    from followthrough.app.planning import mark_action

    queue(store, THANKS)
    mark_action(store, f"1.{THANKS}", "skipped")
    with _at(store, THANKS):
        report = send_due(store, smtp_transport(sink.settings()))

    assert report.cancelled == [f"1.{THANKS}"]
    assert sink.handler.received == []


def test_approving_twice_queues_once(store: Store) -> None:
    first = queue(store, THANKS)
    second = queue(store, THANKS)

    assert first.message_id == second.message_id
    assert len(OutboxStore(store).rows()) == 1


def test_a_second_worker_refuses_to_start(store: Store, sink: Sink) -> None:
    first = Worker(store, sink.settings(), plan=PLAN)
    second = Worker(store, sink.settings(), plan=PLAN)
    first.heartbeat()

    with pytest.raises(WorkerBusy, match="another worker"):
        second.run(once=True)
    with clock.frozen(clock.now() + first.lease_ttl + timedelta(seconds=1)):
        second.run(once=True)  # the first one's lease ran out


def test_the_worker_sends_and_releases_its_lease(store: Store, sink: Sink) -> None:
    queue(store, THANKS)
    with _at(store, THANKS):
        report = Worker(store, sink.settings(), plan=PLAN).run(once=True)
        Worker(store, sink.settings(), plan=PLAN).run(once=True)

    assert report.sent == [f"1.{THANKS}"]
    assert len(sink.handler.received) == 1


def test_workers_racing_for_a_fresh_lease_leave_exactly_one_holder(store: Store, sink: Sink,
                                                                   db_url: str) -> None:
    import threading

    from followthrough.store import open_store

    pinned = clock.now()
    results: list[str | None] = []
    barrier = threading.Barrier(4)

    def contend(n: int) -> None:
        own = open_store(db_url)
        try:
            barrier.wait()
            with clock.frozen(pinned):
                results.append(OutboxStore(own).acquire_lease(f"w{n}", pinned,
                                                              timedelta(minutes=5)))
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(None) == 1
