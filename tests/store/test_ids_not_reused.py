"""Interview numbers and uids are never handed out twice, on SQLite and PostgreSQL,
in a new database and in one upgraded from before 0010_interview_uids."""

from __future__ import annotations

import re

from sqlalchemy import text

from followthrough.debrief import read_debrief
from followthrough.store import Restored, migrate, open_store
from followthrough.store.engine import make_engine
from tests.conftest import EXAMPLES, JP_FIRST_ROUND, US_PANEL

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


def test_deleting_the_newest_interviews_frees_neither_number_nor_uid(db_url: str) -> None:
    store = open_store(db_url)
    first = [store.add_interview(read_debrief(path))[0] for path in EXAMPLE_FILES[:3]]
    uids = {store.get_interview(number).uid for number in first}
    store.delete_interview(first[2])
    store.delete_interview(first[1])

    later = [store.add_interview(read_debrief(path))[0] for path in EXAMPLE_FILES[3:5]]

    assert later == [first[2] + 1, first[2] + 2]
    later_uids = {store.get_interview(number).uid for number in later}
    assert not later_uids & uids
    assert all(re.fullmatch(r"[0-9a-f]{32}", uid) for uid in uids | later_uids)
    store.engine.dispose()


def test_a_restored_uid_is_kept_unless_another_interview_has_it(db_url: str) -> None:
    store = open_store(db_url)
    jp, _ = store.add_interview(read_debrief(JP_FIRST_ROUND))
    taken = store.get_interview(jp).uid
    times = store.get_interview(jp).created_at
    fresh = "0123456789abcdef0123456789abcdef"

    us, _ = store.add_interview(read_debrief(US_PANEL), None, Restored(fresh, times, times))
    again, _ = store.add_interview(read_debrief(EXAMPLE_FILES[0]), None,
                                   Restored(taken, times, times))

    assert store.get_interview(us).uid == fresh
    assert store.get_interview(again).uid not in {taken, fresh}
    store.engine.dispose()


def test_upgrading_gives_each_stored_interview_its_own_uid_and_stops_reuse(db_url: str
                                                                           ) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0009_share_candidate_index")
    t = "2026-01-05 10:00:00+00"
    with engine.begin() as connection:
        for company in ("A", "B", "C"):
            connection.execute(text(
                "INSERT INTO interviews (owner_id, company, role, starts_at, state, digest,"
                " created_at, updated_at) VALUES (1, :c, 'R', :t, 'awaiting', :c, :t, :t)"),
                {"c": company, "t": t})
            connection.execute(text(
                "INSERT INTO interview_documents (interview_id, debrief) "
                "SELECT max(id), '{}' FROM interviews"))
        connection.execute(text("DELETE FROM interviews WHERE id = 3"))

    migrate.upgrade(engine)

    with engine.begin() as connection:
        uids = connection.execute(text("SELECT uid FROM interviews ORDER BY id")).scalars().all()
        documents = connection.execute(text("SELECT count(*) FROM interview_documents")).scalar()
        connection.execute(text("DELETE FROM interviews WHERE id = 2"))
        connection.execute(text(
            "INSERT INTO interviews (owner_id, company, role, starts_at, state, digest,"
            " created_at, updated_at, uid) VALUES (1, 'D', 'R', :t, 'awaiting', 'D', :t, :t,"
            " 'ffffffffffffffffffffffffffffffff')"), {"t": t})
        newest = connection.execute(text("SELECT max(id) FROM interviews")).scalar()
    engine.dispose()
    assert len(uids) == len(set(uids)) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", uid) for uid in uids)
    assert documents == 2, "rebuilding the table must not cascade-delete its documents"
    # #2, deleted after the upgrade, is not handed out again; #3, deleted before it,
    # is on SQLite (nothing there remembers it), not on PostgreSQL (its sequence does)
    assert newest == (3 if db_url.startswith("sqlite") else 4)
