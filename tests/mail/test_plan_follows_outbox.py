"""The plan follows the outbox: a send and its action's status commit together,
so whenever a worker is killed the agenda agrees with the outbox (nothing sent
shows as pending; uncertain and failed messages are listed as things to do).
The worker is a real ``followthrough worker`` process sending to an aiosmtpd
sink on 127.0.0.1, killed with SIGKILL at random points."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from followthrough import clock
from followthrough.app.agenda import agenda
from followthrough.store import Store
from followthrough.store.outbox import OutboxStore
from followthrough.vocabulary import IN_FLIGHT, NEEDS_YOU, OPEN
from tests.mail.conftest import Sink, queue_many, smtp_settings_file

MESSAGES = 150
KILLS = 12
CRASH_POINTS = ("claimed", "submitting", "data-sent", "replied-250")


def _mismatches(store: Store) -> list[str]:
    """Where the agenda and the outbox disagree (empty when they agree)."""
    found = agenda(store, everything=True)
    pending = {item.row.action.id: item.outbox
               for items in (found.overdue, found.today, found.upcoming) for item in items}
    needs_you = {item.action_id: item.status for item in found.needs_you}
    wrong: list[str] = []
    for row in OutboxStore(store).rows(limit=10_000):
        shown = (pending.get(row.action_id, "absent"), needs_you.get(row.action_id))
        if row.status == "sent" and shown != ("absent", None):
            wrong.append(f"{row.action_id} was sent but the agenda shows {shown}")
        if row.status in NEEDS_YOU and needs_you.get(row.action_id) != row.status:
            wrong.append(f"{row.action_id} is {row.status} but not among the things to do")
        if row.status in (*OPEN, *IN_FLIGHT) and pending.get(row.action_id) != row.status:
            wrong.append(f"{row.action_id} is {row.status} but the agenda shows {shown}")
    wrong += [f"{action_id} is listed as {status} without a matching message"
              for action_id, status in needs_you.items()
              if OutboxStore(store).get(action_id).status != status]
    return wrong


def _worker(db_url: str, env: dict[str, str], crash_at: str | None = None, *,
            once: bool = True) -> subprocess.Popen[bytes]:
    """``worker --once`` (one pass: at most 50 messages), or a worker that runs
    until it is killed."""
    child = {**env, "FOLLOWTHROUGH_CRASH_AT": crash_at} if crash_at else env
    runs = ["--once"] if once else ["--poll", "0.05", "--ticks", "400"]
    return subprocess.Popen([sys.executable, "-m", "followthrough", "worker", *runs,
                             "--db", db_url],
                            env=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_mid_send(process: subprocess.Popen[bytes], sink: Sink, rng: random.Random) -> int:
    """SIGKILL once the worker has delivered something (not while Python starts)."""
    before = sum(sink.handler.message_ids().values())
    deadline = time.monotonic() + 15
    while sum(sink.handler.message_ids().values()) == before and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, 0.02))
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=30)


def _until_done(store: Store, step: Callable[[], int]) -> None:
    for _ in range(20):
        assert step() in (0, 1)
        if not OutboxStore(store).due(clock.now()):
            return
    pytest.fail("the outbox never drained")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*login_data.*:DeprecationWarning")
def test_after_every_kill_and_restart_the_agenda_equals_the_outbox(
        store: Store, sink: Sink, db_url: str, private_home: Path) -> None:
    queue_many(store, MESSAGES)
    smtp_settings_file(private_home, sink)
    env = {**os.environ, "FOLLOWTHROUGH_HOME": str(private_home),
           "FOLLOWTHROUGH_NOW": clock.now().isoformat()}
    rng = random.Random(16)
    kills = 0
    for attempt in range(3 * KILLS):
        if kills >= KILLS or not OutboxStore(store).due(clock.now()):
            break
        if attempt % 2:
            ended = _worker(db_url, env, f"{rng.choice(CRASH_POINTS)}:{rng.randint(1, 4)}"
                            ).wait(timeout=60)
        else:
            ended = _kill_mid_send(_worker(db_url, env, once=False), sink, rng)
        assert ended in (0, 1, -signal.SIGKILL)
        kills += ended == -signal.SIGKILL
        assert _mismatches(store) == [], f"after kill {kills}"

    _until_done(store, lambda: _worker(db_url, env).wait(timeout=120))

    rows = OutboxStore(store).rows(limit=10_000)
    ids = sink.handler.message_ids()
    assert kills >= KILLS - 2
    assert _mismatches(store) == []
    assert {row.status for row in rows} <= {"sent", "uncertain"}
    assert max(ids.values()) == 1
    assert all(ids[row.message_id] == 1 for row in rows if row.status == "sent")
    print(f"\nplan-follows-outbox: {len(rows)} messages, {kills} kills, "
          f"{sum(row.status == 'sent' for row in rows)} sent, "
          f"{sum(row.status == 'uncertain' for row in rows)} uncertain, 0 mismatches")
