"""The quick reader (stdlib sqlite3) answers as the store (SQLAlchemy) does: the
same records from the same database, and byte for byte the same output of
`list`, `agenda` and `plan ID`; it stands aside for a database to migrate or
repair and for any URL but a plain SQLite file."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough import clock
from followthrough.app.core import open_core
from followthrough.mail.message import new_message_id
from followthrough.paths import default_database_url
from followthrough.store import Store, StoredInterview, open_store
from followthrough.store import quick as quick_module
from followthrough.store.outbox import NewMessage, OutboxStore
from followthrough.store.quick import QuickStore, bound, instant, open_quick, sqlite_path
from tests.conftest import EXAMPLES, PROJECT, Runner, us_panels_at

NOW = "2026-12-04T09:30:00+00:00"
"""After the Berlin and London interviews, before the others: every section of the
agenda holds something."""
LATER = "2026-12-22T08:00:00+00:00"
"""Late enough that stored plans no longer stand (inquiries are due, weeks passed)."""
COMMANDS = (("list",), ("agenda",), ("agenda", "--all"))


@pytest.fixture
def filled(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """The default database with every example, two rounds at one company, events
    of every kind and messages in the outbox, some needing the user."""
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", NOW)
    files = sorted(EXAMPLES.glob("debrief-*.toml"))
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    files += us_panels_at(tmp_path / "one", {"Acme Health": 10})
    files += us_panels_at(tmp_path / "two", {"ACME health": 17})
    for file in files:
        assert run("import", str(file)).exit_code == 0
    _record_events(run)
    _queue_messages()
    return run


def _actions(run: Runner, interview: int) -> list[dict[str, Any]]:
    document = run("plan", str(interview), "--format", "json").json()
    assert isinstance(document, dict)
    actions: list[dict[str, Any]] = document["actions"]
    return actions


def _first(run: Runner, interview: int, kind: str) -> str:
    return str(next(a["id"] for a in _actions(run, interview) if a["kind"] == kind))


def _record_events(run: Runner) -> None:
    berlin, london, first_round = 1, 3, 7
    for args in (("done", _first(run, berlin, "thank-you")),
                 ("skip", _first(run, berlin, "linkedin")),
                 ("reference-checked", str(berlin)),
                 ("reply", str(london), "--until", "2026-12-10"),
                 ("outcome", str(first_round), "next-round"),
                 ("done", _first(run, london, "reflection")),
                 ("undo", _first(run, london, "reflection"))):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)


def _queue_messages() -> None:
    store = open_store()
    box = OutboxStore(store)
    pending = [row for row in store.plan_of(1) + store.plan_of(3)
               if row.status == "pending" and row.recipient][:3]
    for row, status in zip(pending, ("failed", "uncertain", "scheduled"), strict=True):
        queued, _ = box.enqueue(NewMessage(
            interview_id=row.interview_id, action_key=row.key, kind=row.kind,
            message_id=new_message_id("ana@example.net"), from_name="Ana",
            from_addr="ana@example.net", to_name=row.recipient or "", to_addr="x@example.net",
            subject=f"About {row.key}", body="Hello\n", send_at=row.due, latest_at=row.latest,
            zone=row.zone), clock.now())
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?",
                (status, f"said {status}" if status != "scheduled" else None, queued.id))
    store.engine.dispose()


@pytest.fixture
def both() -> Iterator[tuple[Store, QuickStore]]:
    store = open_store()
    quick = open_quick()
    assert quick is not None
    yield store, quick
    quick.close()
    store.engine.dispose()


def _ids(store: Store) -> list[int]:
    return [summary.id for summary in store.list_interviews()]


def test_the_records_are_the_stores(filled: Runner, both: tuple[Store, QuickStore]) -> None:
    store, quick = both
    ids = _ids(store)
    assert len(ids) == 8
    for state in (None, "awaiting", "replied", "next-round", "offer"):
        assert quick.list_interviews(state) == store.list_interviews(state)
    assert quick.list_interviews(limit=3, offset=2) == store.list_interviews(limit=3, offset=2)
    for number in ids:
        assert _as_read(quick.get_interview(number)) == _as_read(store.get_interview(number))
        assert quick.events_of(number) == store.events_of(number)
        assert quick.plan_of(number) == store.plan_of(number)
        assert quick.same_company(number) == store.same_company(number)
    statuses = {row.status for number in ids for row in store.plan_of(number)}
    assert {"pending", "done", "skipped"} <= statuses
    assert any(store.same_company(number) for number in ids)
    assert any(store.events_of(number) for number in ids)


def _as_read(stored: StoredInterview) -> tuple[object, ...]:
    """A stored interview's columns and document (the quick reader's debrief is a
    view, the store's the model: tests/debrief/test_view.py holds them equal)."""
    return (stored.as_dict(), stored.source, stored.created_at, stored.updated_at,
            stored.debrief.zone_name)


def test_the_agenda_reads_are_the_stores(filled: Runner,
                                         both: tuple[Store, QuickStore]) -> None:
    store, quick = both
    action_ids = [row.id for number in _ids(store) for row in store.plan_of(number)]
    now = clock.parse_instant(NOW, field="now")
    for low, high in ((now - timedelta(days=30), now), (now, now + timedelta(days=8)),
                      (now - timedelta(days=400), now + timedelta(days=400))):
        assert quick.count_pending(low, high) == store.count_pending(low, high)
        assert quick.agenda(now, low, high, 3, 2) == store.agenda(now, low, high, 3, 2)
        assert quick.agenda(now, low, high) == store.agenda(now, low, high)
        for kind in ("keep-searching", "thank-you"):
            for status in ("pending", "done"):
                assert (quick.pending_of_kind(kind, low, high, status)
                        == store.pending_of_kind(kind, low, high, status))
    assert quick.outbox_statuses(action_ids) == store.outbox_statuses(action_ids)
    assert len(quick.outbox_statuses(action_ids)) == 3
    assert quick.needing_you() == store.needing_you()
    assert {row.status for row, _company in quick.needing_you()} == {"failed", "uncertain"}
    assert quick.unplanned_among_newest(100) == store.unplanned_interviews(100) == []


def _outputs(run: Runner, commands: list[tuple[str, ...]]) -> list[tuple[int, str, str]]:
    found = []
    for command in commands:
        for form in ("text", "json"):
            result = run(*command, "--format", form)
            found.append((result.exit_code, result.stdout, result.stderr))
    return found


def _commands(run: Runner) -> list[tuple[str, ...]]:
    return [*COMMANDS, *(("plan", str(number)) for number in range(1, 9)), ("plan", "99")]


def _opened_quickly(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each opening of a core's reader was quick."""
    seen: list[bool] = []
    real = quick_module.open_quick

    def spy(*args: Any, **kwargs: Any) -> QuickStore | None:
        found = real(*args, **kwargs)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(quick_module, "open_quick", spy)
    return seen


def _without_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick_module, "open_quick", lambda *args, **kwargs: None)


def test_the_commands_print_the_same_either_way(filled: Runner,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _commands(filled)
    seen = _opened_quickly(monkeypatch)
    quick = _outputs(filled, commands)
    assert seen
    assert all(seen)
    _without_quick(monkeypatch)

    assert _outputs(filled, commands) == quick
    assert "Needs you" in quick[2][1]
    assert quick[-1][0] == 2


def test_a_plan_that_changed_is_stored_and_printed_the_same(
        filled: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        private_home: Path) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_NOW", LATER)
    database = private_home / "followthrough.db"
    copy = tmp_path / "copy.db"
    _backup(database, copy)
    quick = _outputs(filled, [("plan", str(number)) for number in range(1, 9)])
    written = _rows(database)
    _backup(copy, database)
    _without_quick(monkeypatch)

    assert _outputs(filled, [("plan", str(number)) for number in range(1, 9)]) == quick
    assert _rows(database) == written


def _backup(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)


def _rows(database: Path) -> list[tuple[Any, ...]]:
    """The stored plans and states (not the rows' ids, which a rewrite renews)."""
    with sqlite3.connect(database) as connection:
        return [*connection.execute(
            "SELECT interview_id, key, kind, recipient, channel, due_at, latest_at, zone, why, "
            "rule, status FROM actions ORDER BY interview_id, key"),
                *connection.execute("SELECT id, state FROM interviews ORDER BY id")]


def test_a_stored_plan_that_stands_is_not_written(filled: Runner,
                                                  private_home: Path) -> None:
    database = private_home / "followthrough.db"
    before = _action_row_ids(database)

    assert filled("plan", "1").exit_code == 0
    assert _action_row_ids(database) == before


def _action_row_ids(database: Path) -> list[int]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM actions ORDER BY id")]


def test_a_database_to_migrate_is_left_to_the_store(filled: Runner,
                                                    private_home: Path) -> None:
    with sqlite3.connect(private_home / "followthrough.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0013_earlier'")

    assert open_quick() is None


def test_a_missing_database_is_left_to_the_store(run: Runner) -> None:
    assert open_quick() is None
    assert run("list").exit_code == 0
    assert open_quick() is not None


def test_a_plan_to_repair_is_left_to_the_store(filled: Runner, private_home: Path) -> None:
    with sqlite3.connect(private_home / "followthrough.db") as connection:
        connection.execute("DELETE FROM actions WHERE interview_id = 8")
    core = open_core()

    assert isinstance(core.reader, Store)
    assert core.store.plan_of(8)


def test_the_local_user_must_be_there(filled: Runner, private_home: Path) -> None:
    with sqlite3.connect(private_home / "followthrough.db") as connection:
        connection.execute("UPDATE users SET handle = 'someone' WHERE handle = 'local'")

    assert open_quick() is None


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:////home/ana/followthrough.db", "/home/ana/followthrough.db"),
    ("sqlite+pysqlite:////srv/f.db", "/srv/f.db"),
    ("sqlite:///relative/f.db", "relative/f.db"),
    ("sqlite:////srv/a%20b/f.db", None),
    ("sqlite:////srv/f.db?mode=ro", None),
    ("sqlite:///:memory:", None),
    ("sqlite://", None),
    ("sqlite:///file:f.db", None),
    ("postgresql+psycopg://ana@localhost/followthrough", None),
    ("not a url", None),
], ids=["absolute", "driver", "relative", "quoted", "query", "memory", "empty", "uri", "server",
        "text"])
def test_only_plain_sqlite_files_are_read_quickly(url: str, path: str | None) -> None:
    assert sqlite_path(url) == (Path(path) if path else None)


def test_the_default_database_is_a_plain_sqlite_file(private_home: Path) -> None:
    assert sqlite_path(default_database_url()) == private_home / "followthrough.db"


OFFSETS = st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
aware = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31),  # noqa: DTZ001 - hypothesis's bounds are naive
                     timezones=OFFSETS.map(timezone))
"""Instants at fixed offsets (a zone's repeated hour compares unequal across zones)."""


@given(aware, aware)
def test_bound_instants_order_as_the_instants_do(first: datetime, second: datetime) -> None:
    assert (bound(first) < bound(second)) == (first < second)
    assert instant(bound(first)) == first
    assert instant(bound(first)).tzinfo is UTC  # type: ignore[union-attr]


def test_reading_quickly_imports_no_sqlalchemy(filled: Runner, private_home: Path) -> None:
    probe = ("import sys\nfrom followthrough.cli import main\n"
             "for args in (['list'], ['agenda'], ['plan', '1'],\n"
             "             ['plan', '1', '--format', 'json']):\n"
             "    try:\n        main(args)\n    except SystemExit as end:\n"
             "        assert not end.code, end.code\n"
             "print(sorted(name for name in sys.modules if name.split('.')[0] == 'sqlalchemy'))\n"
             "print(sorted(name for name in sys.modules if name.startswith('holidays.countries.')"
             " or name == 'email_validator'))\n")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, cwd=PROJECT,
                           env={"FOLLOWTHROUGH_HOME": str(private_home),
                                "FOLLOWTHROUGH_NOW": NOW, "PATH": "/usr/bin:/bin"})

    *_, sqlalchemy, holidays = found.stdout.strip().splitlines()
    assert sqlalchemy == "[]"
    assert 1 <= len(ast.literal_eval(holidays)) <= 3  # a country's module, not all 250


def test_a_stored_debrief_is_read_without_validating_it_again(
        filled: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick reader trusts what was validated as it was stored; the store
    validates as it reads."""
    import followthrough.debrief

    validated: list[str] = []
    real = followthrough.debrief.validate_debrief

    def spy(*args: Any, **kwargs: Any) -> Any:
        validated.append(str(kwargs.get("source")))
        return real(*args, **kwargs)

    monkeypatch.setattr(followthrough.debrief, "validate_debrief", spy)
    quick = open_quick()
    assert quick is not None
    read = quick.get_interview(1)
    quick.close()
    assert validated == []
    store = open_store()
    assert _as_read(store.get_interview(1)) == _as_read(read)
    store.engine.dispose()
    assert validated == ["stored interview #1"]


def test_only_printing_a_plan_takes_the_view(filled: Runner) -> None:
    """A use case that goes on to draft or check gets the validated model; ``plan
    ID`` may print from the view."""
    from followthrough.debrief import Debrief
    from followthrough.debrief.view import is_view

    core = open_core()
    model, actions = core.plan_of("1")
    view, same_actions = core.plan_of("1", view=True)

    assert isinstance(core.reader, QuickStore)
    assert isinstance(model.debrief, Debrief)
    assert is_view(view.debrief)
    assert _as_read(model) == _as_read(view)
    assert actions == same_actions
    assert filled("draft", "1", "--format", "json").exit_code == 0
