"""Events as a small state machine with undo.

- Every event can be taken back by a compensating ``undo`` event: the history keeps
  both, and the plan is the plan as if the event had never been recorded (issue 14,
  acceptance 4).
- Outcomes follow each other only where that makes sense: a rejection or a
  withdrawal ends the process (002, knowing when to move on: after it nothing more
  is sent but the reply to it); an offer can still be declined or taken back.
- Recording what is already recorded changes nothing and says so (issue 16 item 3).
- A reply from one of the candidate's own references is not the company's news, so
  the inquiries go on (002, handling silence: only the company's answer ends the
  wait).
- A reply that gives a new decision date starts the inquiries again from it, with
  the patience of a stated date (001 §2: about a week after the expected date).
- ``reference-checked`` plans a thank-you to each reference contacted (003 §3).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Event, plan
from tests.conftest import Runner
from tests.plan.conftest import at, debrief_from, is_working_day
from tests.plan.test_outcome_notes import TOML, document

NOW = at("2026-03-05T10:00:00-05:00")
"""Thursday after the Monday 2 March 2026 interview in New York."""
LATER = at("2026-03-09T11:00:00-04:00")


@pytest.fixture(scope="module")
def harbor() -> Debrief:
    return debrief_from(document())


def event(kind: str, when: str = "2026-03-05T09:30:00-05:00", number: int = 1,
          **fields: Any) -> Event:
    return Event(kind, at(when), id=number, **fields)  # type: ignore[arg-type]


def undo_of(number: int, own: int) -> Event:
    return Event("undo", at("2026-03-06T12:00:00-05:00"), id=own, undoes=number)


EVENTS = {
    "done": event("done", action="thank-you.grace-okafor"),
    "skipped": event("skipped", action="promise.1"),
    "reply": event("reply", person="Grace Okafor"),
    "reply-with-date": event("reply", person="Grace Okafor", until=date(2026, 3, 20)),
    "reply-from-a-reference": event("reply", person="Lena Fischer"),
    "offer": event("outcome", outcome="offer", person="Tom Reyes"),
    "rejected": event("outcome", outcome="rejected"),
    "next-round": event("outcome", outcome="next-round"),
    "withdrawn": event("outcome", outcome="withdrawn"),
    "reference-check": event("reference-check", person="Lena Fischer"),
}
EARLIER = [Event("done", at("2026-03-02T12:10:00-05:00"), id=1, action="thank-you.tom-reyes")]


@pytest.mark.parametrize("name", sorted(EVENTS))
@pytest.mark.parametrize("now", [NOW, LATER], ids=["same-week", "week-after"])
def test_an_event_and_its_undo_leave_the_plan_as_before(harbor: Debrief, name: str,
                                                        now: Any) -> None:
    """Acceptance 4: for each event kind, the plan after the event and its undo equals
    the plan before it, also with an earlier event in force."""
    recorded = Event(**{**EVENTS[name].__dict__, "id": 2})
    before = plan(harbor, EARLIER, now=now)
    with_event = plan(harbor, [*EARLIER, recorded], now=now)
    after = plan(harbor, [*EARLIER, recorded, undo_of(2, 3)], now=now)
    if name != "reply-from-a-reference":
        assert with_event != before, "the event must change the plan for the test to mean much"
    assert after == before


def test_undoing_an_undo_restores_the_event(harbor: Debrief) -> None:
    rejected = EVENTS["rejected"]
    with_rejection = plan(harbor, [rejected], now=LATER)
    assert plan(harbor, [rejected, undo_of(1, 2), undo_of(2, 3)], now=LATER) == with_rejection
    assert plan(harbor, [rejected, undo_of(1, 2)], now=LATER) == plan(harbor, now=LATER)


@pytest.mark.parametrize("result", ["withdrawn", "rejected"])
def test_no_thank_you_stays_pending_after_a_closing_outcome(harbor: Debrief,
                                                           result: str) -> None:
    """After withdrawing or a rejection a pending thank-you ('my interest has only
    grown') would contradict the news (002: professional tone; don't assume)."""
    closing = event("outcome", "2026-03-02T11:30:00-05:00", outcome=result)
    actions = plan(harbor, [closing], now=at("2026-03-02T11:31:00-05:00"))
    assert not [a for a in actions if a.kind == "thank-you" and a.status == "pending"]
    assert not [a for a in actions if a.kind in {"status-inquiry", "move-on", "linkedin"}]


def test_a_reply_from_a_reference_is_not_the_companys(harbor: Debrief) -> None:
    """Lena Fischer is the candidate's reference: her reply says nothing about the
    company's decision, so the plan is the plan without it (002, handling silence)."""
    assert plan(harbor, [EVENTS["reply-from-a-reference"]], now=NOW) == plan(harbor, now=NOW)
    company = plan(harbor, [EVENTS["reply"]], now=NOW)
    assert not [a for a in company if a.kind == "status-inquiry"]


def business_days_after(day: date, through: date) -> int:
    profile = profile_for("US")
    count = 0
    while day < through:
        day += timedelta(days=1)
        count += is_working_day(day, profile, profile.subdivision)
    return count


def test_a_reply_with_a_new_date_starts_the_inquiries_again_after_it(harbor: Debrief) -> None:
    """They replied on 5 March that they would decide by Friday 20 March: the first
    inquiry waits as after any stated date, at least 3 business days and about a week
    (001 §2), and the move-on comes after the inquiries again (002)."""
    actions = plan(harbor, [EVENTS["reply-with-date"]], now=NOW)
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    assert inquiries, "a new date means waiting again, and asking after it"
    first = inquiries[0]
    day = first.due.date()
    assert first.rule == "status-inquiry.after-new-date"
    assert day >= date(2026, 3, 27)
    assert business_days_after(date(2026, 3, 20), day) >= 3
    assert "20 March" in first.why
    moves = [a for a in actions if a.kind == "move-on"]
    assert len(moves) == 1
    assert moves[0].due - inquiries[-1].due >= timedelta(days=7)


def test_a_new_date_keeps_the_inquiry_already_sent_and_numbers_on(harbor: Debrief) -> None:
    sent = Event("done", at("2026-03-13T10:00:00-04:00"), id=1, action="status-inquiry.1")
    reply = Event("reply", at("2026-03-16T10:00:00-04:00"), id=2, until=date(2026, 3, 27))
    actions = plan(harbor, [sent, reply], now=at("2026-03-16T11:00:00-04:00"))
    inquiries = [(a.key, a.status) for a in actions if a.kind == "status-inquiry"]
    assert inquiries[0] == ("status-inquiry.1", "done")
    assert inquiries[1][0] == "status-inquiry.2"
    (second,) = [a for a in actions if a.key == "status-inquiry.2"]
    assert second.status == "pending"
    assert second.due.date() >= date(2026, 4, 3)  # a week after Friday 27 March


def test_an_outcome_after_a_new_date_stops_the_new_inquiries(harbor: Debrief) -> None:
    offer = event("outcome", "2026-03-06T10:00:00-05:00", 2, outcome="offer")
    actions = plan(harbor, [EVENTS["reply-with-date"], offer], now=LATER)
    assert not [a for a in actions if a.kind in {"status-inquiry", "move-on"}]


# Through the CLI: the store keeps the history, the commands say what changed.

@pytest.fixture
def stored(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    path = tmp_path / "debrief.toml"
    path.write_text(TOML + REFERENCE, encoding="utf-8")
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-05T10:00:00-05:00")
    assert run("import", str(path)).stdout.strip() == "1"
    return run


REFERENCE = """
[[references]]
name = "Lena Fischer"
email = "lena@example.org"
"""


def plan_json(run: Runner) -> list[dict[str, Any]]:
    document = run("plan", "1", "--format", "json").json()
    assert isinstance(document, dict)
    return list(document["actions"])


def history_json(run: Runner) -> list[dict[str, Any]]:
    document = run("history", "1", "--format", "json").json()
    assert isinstance(document, dict)
    return list(document["events"])


@pytest.mark.parametrize("command", [
    ("done", "1.thank-you.grace-okafor"),
    ("skip", "1.thank-you.tom-reyes"),
    ("reply", "1", "--from", "Grace Okafor"),
    ("reply", "1", "--until", "2026-03-20"),
    ("reply", "1", "--said", "we will decide next week"),
    ("reply", "1", "--from", "Lena Fischer"),
    ("outcome", "1", "offer"),
    ("outcome", "1", "rejected"),
    ("outcome", "1", "next-round"),
    ("outcome", "1", "withdrawn"),
    ("reference-checked", "1"),
])
def test_undo_through_the_cli_restores_the_plan_and_keeps_history(stored: Runner,
                                                                  command: tuple[str, ...]
                                                                  ) -> None:
    before = plan_json(stored)
    result = stored(*command)
    assert result.exit_code == 0, result.stderr
    undone = stored("undo", "1")
    assert undone.exit_code == 0, undone.stderr
    assert "Undid event 1" in undone.stdout
    assert plan_json(stored) == before
    kinds = [(entry["kind"], entry["in_force"]) for entry in history_json(stored)]
    assert kinds[-1] == ("undo", True)
    assert kinds[0][1] is False


def test_done_twice_records_once_and_says_so(stored: Runner) -> None:
    assert stored("done", "1.thank-you.grace-okafor").exit_code == 0
    again = stored("done", "1.thank-you.grace-okafor")
    assert again.exit_code == 0
    assert "already done; nothing changed" in again.stdout
    as_json = stored("done", "1.thank-you.grace-okafor", "--format", "json").json()
    assert as_json == {"action": "1.thank-you.grace-okafor", "status": "done",
                       "changed": False}
    assert [entry["kind"] for entry in history_json(stored)] == ["done"]


def test_undo_of_an_action_takes_back_its_mark(stored: Runner) -> None:
    stored("done", "1.thank-you.grace-okafor")
    stored("reply", "1", "--from", "Tom Reyes")
    assert stored("undo", "1.thank-you.grace-okafor").exit_code == 0
    statuses = {a["id"]: a["status"] for a in plan_json(stored)}
    assert statuses["1.thank-you.grace-okafor"] == "pending"
    assert [(e["kind"], e["in_force"]) for e in history_json(stored)] == [
        ("done", False), ("reply", True), ("undo", True)]
    nothing = stored("undo", "1.thank-you.grace-okafor")
    assert nothing.exit_code == 2
    assert "has no event to undo" in nothing.stderr


def test_a_closed_process_takes_no_other_outcome_until_undone(stored: Runner) -> None:
    assert stored("outcome", "1", "rejected").exit_code == 0
    refused = stored("outcome", "1", "offer")
    assert refused.exit_code == 2
    assert "OUTCOME" in refused.stderr
    assert "already rejected" in refused.stderr
    assert "followthrough undo 1" in refused.stderr
    again = stored("outcome", "1", "rejected")
    assert again.exit_code == 0
    assert "already recorded; nothing changed" in again.stdout
    assert stored("undo", "1").exit_code == 0
    assert stored("outcome", "1", "offer").exit_code == 0
    # An offer can still be declined: withdrawing after it is allowed.
    assert stored("outcome", "1", "withdrawn").exit_code == 0
    pending = {a["kind"] for a in plan_json(stored) if a["status"] == "pending"}
    assert "thank-you" not in pending
    assert "withdrawal" in pending


def test_reference_checked_plans_referee_thanks_once(stored: Runner) -> None:
    assert stored("reference-checked", "1", "--from", "lena fischer").exit_code == 0
    thanks = [a for a in plan_json(stored) if a["kind"] == "referee-thanks"]
    assert [(a["to"], a["rule"]) for a in thanks] == [("Lena Fischer",
                                                       "referee-thanks.after-check")]
    again = stored("reference-checked", "1")
    assert "already recorded; nothing changed" in again.stdout
    stranger = stored("reference-checked", "1", "--from", "Grace Okafor")
    assert stranger.exit_code == 2
    assert "not one of the references" in stranger.stderr


def test_a_reply_from_a_reference_keeps_the_inquiries(stored: Runner) -> None:
    before = [a for a in plan_json(stored) if a["kind"] == "status-inquiry"]
    result = stored("reply", "1", "--from", "Lena Fischer")
    assert result.stdout.endswith("it is now awaiting.\n")
    assert "reference" in result.stdout
    assert "inquiries go on" in result.stdout
    assert [a for a in plan_json(stored) if a["kind"] == "status-inquiry"] == before
    refused = stored("reply", "1", "--from", "Lena Fischer", "--until", "2026-03-20")
    assert refused.exit_code == 2


def test_a_reply_in_words_sets_the_new_date(stored: Runner) -> None:
    """'We will decide next week', said on Thursday 5 March: next week ends Friday
    13 March; the first inquiry waits at least 3 business days and a week after it."""
    result = stored("reply", "1", "--said", "we will decide next week", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == {"interview": 1, "state": "replied", "until": "2026-03-13",
                             "from_reference": False}
    inquiries = [a for a in plan_json(stored) if a["kind"] == "status-inquiry"]
    assert inquiries[0]["due"] >= "2026-03-20"
    unreadable = stored("reply", "1", "--said", "soon enough")
    assert unreadable.exit_code == 2
    assert "--said" in unreadable.stderr
    assert "--until" in unreadable.stderr


def test_a_new_date_in_the_past_is_refused(stored: Runner) -> None:
    refused = stored("reply", "1", "--until", "2026-03-01")
    assert refused.exit_code == 2
    assert "--until" in refused.stderr
    assert "2026-03-01" in refused.stderr


def test_events_undo_and_rounds_on_each_database(db_url: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps each event's number (for undo) and finds the interviews at one
    company, on SQLite and PostgreSQL alike."""
    from followthrough.app.planning import history, mark, record_reply, same_company_ids, undo
    from followthrough.app.records import import_files
    from followthrough.store import open_store

    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-05T10:00:00-05:00")
    store = open_store(db_url)
    first, second = tmp_path / "1.toml", tmp_path / "2.toml"
    first.write_text(TOML + REFERENCE, encoding="utf-8")
    second.write_text(TOML.replace("Harbor Labs", "HARBOR LABS").replace(
        "2026-03-02T10:00:00-05:00", "2026-03-04T10:00:00-05:00"), encoding="utf-8")
    one, two = (item.id for item in import_files(store, [first, second]))
    assert same_company_ids(store, one) == [two]
    assert mark(store, f"{one}.thank-you.grace-okafor", "done")[1] is True
    assert mark(store, f"{one}.thank-you.grace-okafor", "done")[1] is False
    record_reply(store, one, "Grace Okafor", date(2026, 3, 20))
    numbers = [entry.event.id for entry in history(store, one)]
    assert len(numbers) == 2
    assert None not in numbers
    _, undone = undo(store, str(one))
    assert undone.kind == "reply"
    assert undone.until == date(2026, 3, 20)
    assert [entry.in_force for entry in history(store, one)] == [True, False, True]


def test_done_at_once_from_several_processes_records_one_event(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 item 3: eight 'done' at the same moment (each with its own connection,
    as separate processes have) record one done event; the others change nothing."""
    import threading

    from followthrough.app.planning import history, mark
    from followthrough.app.records import import_files
    from followthrough.store import open_store

    monkeypatch.setenv("FOLLOWTHROUGH_NOW", "2026-03-05T10:00:00-05:00")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    path = tmp_path / "debrief.toml"
    path.write_text(TOML, encoding="utf-8")
    number = import_files(open_store(url), [path])[0].id
    start = threading.Barrier(8)
    changed: list[bool] = []

    def press_done() -> None:
        store = open_store(url)
        start.wait()
        changed.append(mark(store, f"{number}.thank-you.grace-okafor", "done")[1])

    workers = [threading.Thread(target=press_done) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(changed) == [False] * 7 + [True]
    assert [entry.event.kind for entry in history(open_store(url), number)] == ["done"]
