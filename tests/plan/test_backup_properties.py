"""Properties of the backup's events (hypothesis).

1. Parser round trip (FT_HYPOTHESIS_EXAMPLES, default 200): any history of stored
   events (undos of earlier events and of undos included) written as a backup,
   read back and stored under new ids, is written as the same backup.
2. Whole round trip (FT_BACKUP_EXAMPLES, default 15: each example is two
   databases): any sequence of done, skip, reply, outcome and undo recorded at
   random times through the tracking functions gives a plan, a state and an
   export that an import into a fresh database reproduces exactly.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough import clock
from followthrough.app.backup import BackupExtras, event_entry, stored_event
from followthrough.app.planning import (
    OUTCOMES,
    UNDO_PREFIX,
    mark,
    record_outcome,
    record_reply,
    replan,
    undo,
)
from followthrough.app.records import export_document, import_files
from followthrough.errors import BadInput, NotFound
from followthrough.store import StoredEvent, open_store
from tests.conftest import JP_FIRST_ROUND

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
DATABASE_EXAMPLES = int(os.environ.get("FT_BACKUP_EXAMPLES", "15"))
START = datetime(2026, 11, 16, 6, 0, tzinfo=UTC)

instants = st.integers(min_value=0, max_value=60 * 24 * 90).map(
    lambda minutes: START + timedelta(minutes=minutes))
people = st.none() | st.sampled_from(["Rina Ogawa", "Daichi Mori", "佐藤 博"])


@st.composite
def histories(draw: st.DrawFn) -> list[StoredEvent]:
    """Stored events with ids that grow (not by one), an undo naming an earlier one."""
    events: list[StoredEvent] = []
    number = draw(st.integers(min_value=1, max_value=50))
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        number += draw(st.integers(min_value=1, max_value=5))
        kind = draw(st.sampled_from(["done", "skipped", "reply", "outcome",
                                     "reference-check"] + (["undo"] if events else [])))
        action = outcome = person = None
        if kind == "undo":
            action = f"{UNDO_PREFIX}{draw(st.sampled_from(events)).id}"
        elif kind in ("done", "skipped"):
            action = draw(st.sampled_from(["thank-you.rina-ogawa", "promise.1", "move-on"]))
            person = draw(people)
        elif kind == "outcome":
            outcome = draw(st.sampled_from(OUTCOMES))
            person = draw(people)
        elif kind == "reply":
            person = draw(people)
            day = draw(st.none() | st.dates(date(2026, 11, 17), date(2028, 11, 16)))
            outcome = day.isoformat() if day else None
        events.append(StoredEvent(kind=kind, at=draw(instants), action_key=action,
                                  person=person, outcome=outcome, id=number,
                                  created_at=draw(instants)))
    return events


def _entries(events: list[StoredEvent]) -> list[dict[str, Any]]:
    places = {event.id: index for index, event in enumerate(events)}
    return [event_entry(event, places) for event in events]


@settings(max_examples=EXAMPLES, deadline=None)
@given(events=histories(), first_new_id=st.integers(min_value=1, max_value=10**6))
def test_a_history_reads_back_as_the_same_backup(events: list[StoredEvent],
                                                 first_new_id: int) -> None:
    written = _entries(events)

    parsed = BackupExtras.model_validate({"events": written}).events or []
    new_ids: list[int] = []
    restored = []
    for event in parsed:
        new_ids.append(first_new_id + len(new_ids))
        restored.append(replace(stored_event(event, new_ids[:-1]), id=new_ids[-1]))

    assert _entries(restored) == written


ACTIONS = ["thank-you.rina-ogawa", "thank-you.daichi-mori", "promise.1", "reflection",
           "linkedin.daichi-mori", "recruiter-update", "status-inquiry.1"]
steps = st.one_of(
    st.tuples(st.sampled_from(["done", "skipped"]), st.sampled_from(ACTIONS)),
    st.tuples(st.just("reply"), st.sampled_from(["Rina Ogawa", "Takahashi Kenta"])),
    st.tuples(st.just("outcome"), st.sampled_from(OUTCOMES)),
    st.tuples(st.just("undo"), st.just("1")),
)


def _apply(store: Any, step: tuple[str, str]) -> None:
    """Record one step as the commands do; steps the state does not allow are skipped."""
    kind, what = step
    try:
        if kind in ("done", "skipped"):
            mark(store, f"1.{what}", kind)
        elif kind == "reply":
            record_reply(store, 1, what if what != "Takahashi Kenta" else None)
        elif kind == "outcome":
            record_outcome(store, 1, what)
        else:
            undo(store, what)
    except (BadInput, NotFound):
        pass


def _plan(store: Any) -> list[tuple[str, str, str, str]]:
    return [(row.key, row.status, row.due.isoformat(), row.rule)
            for row in store.plan_of(1)]


@settings(max_examples=DATABASE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(script=st.lists(st.tuples(st.integers(min_value=1, max_value=60 * 24 * 40), steps),
                       max_size=8))
def test_any_recorded_history_is_restored_exactly(tmp_path_factory: Any,
                                                  script: list[tuple[int, Any]]) -> None:
    folder: Path = tmp_path_factory.mktemp("backup")
    store = open_store(f"sqlite:///{folder / 'first.db'}")
    fresh = open_store(f"sqlite:///{folder / 'second.db'}")
    try:
        with clock.frozen(START):
            import_files(store, [JP_FIRST_ROUND])
        elapsed = 0
        for minutes, step in script:
            elapsed += minutes
            with clock.frozen(START + timedelta(minutes=elapsed)):
                _apply(store, step)
        with clock.frozen(START + timedelta(minutes=elapsed + 60)):
            first = export_document(store, None)
            (folder / "backup.json").write_text(json.dumps(first), encoding="utf-8")
            import_files(fresh, [folder / "backup.json"])
            second = export_document(fresh, None)
            replan(store, 1)

            assert second == first
            assert _plan(fresh) == _plan(store)
    finally:
        store.engine.dispose()
        fresh.engine.dispose()
