"""Versions: a newer database is refused in words, released migrations stay as
released, and the index 0007 gained after its release comes in 0009."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from followthrough.errors import NewerSchema
from followthrough.store import migrate, open_store
from followthrough.store.engine import make_engine
from tests.conftest import Runner
from tests.store.test_migrations import MIGRATIONS

RELEASED = {
    "0001_initial.py": "34d603dec3360c0e869133a5ed916eb46e995849b70182d91a08a265b539dd06",
    "0002_plan.py": "1ef7fac76bea4de357aea57939d39f8a52d73ac1195d74a222f1454b86a0878f",
    "0003_candidate_zone.py": "bf4a3f0028aee0ac18994775d677f5d18a4217e353c2402e31a3bca6d217b7ae",
    "0004_outbox.py": "27181b75dbaa2b442d23fc2b77f45d06f20dff10c62393787686a268610d2b03",
    "0005_documents.py": "5e03c3294f338553170f2ecc9365bd55bd41f00384b08d1706f3162e9eb630bf",
    "0006_team.py": "4a95e97789328e4c59f5bce8847b40de13d96b377543e32dad9c395a8c9bf1e1",
    "0007_share_listing.py": "b87f267711d5e99f0109034cd6108485ded13c55b7dc91f8a13cb23b21f59f69",
    "0008_outbox_attachments.py":
        "6fc103b9429c0d8640537e17a811de8819013a64eb2e924b69dcea6aae637d5a",
}
"""sha256 of each released migration as it was first committed (git log
--diff-filter=A); 0007 is back to its released text."""

INDEX = "ix_shares_consultant_candidate_state"


def _digest(name: str) -> str:
    return hashlib.sha256((MIGRATIONS / "versions" / name).read_bytes()).hexdigest()


def test_a_database_of_a_newer_version_is_refused_in_words(db_url: str) -> None:
    open_store(db_url).engine.dispose()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
    engine.dispose()

    with pytest.raises(NewerSchema, match=r"written by a newer followthrough \(schema "
                                          r"0042_future\); upgrade followthrough"):
        open_store(db_url)

    engine = make_engine(db_url)
    assert migrate.current_revision(engine) == "0042_future", "left as it was"
    engine.dispose()


def test_the_cli_says_so_without_a_traceback(run: Runner) -> None:
    assert run("list").exit_code == 0
    engine = make_engine(f"sqlite:///{Path(open_store().engine.url.database or '')}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
    engine.dispose()

    result = run("list")

    assert result.exit_code == 3
    assert "newer followthrough (schema 0042_future); upgrade followthrough" in result.stderr
    assert "Traceback" not in result.stderr
    assert "alembic" not in result.stderr.lower()


def test_databases_migrated_by_the_released_0007_get_the_missing_index(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0008_outbox_attachments")
    assert INDEX not in {i["name"] for i in inspect(engine).get_indexes("shares")}

    migrate.upgrade(engine)

    assert INDEX in {i["name"] for i in inspect(engine).get_indexes("shares")}
    engine.dispose()


def test_databases_migrated_by_the_edited_0007_upgrade_too(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0008_outbox_attachments")
    with engine.begin() as connection:
        connection.execute(text(f"CREATE INDEX {INDEX} ON shares "
                                "(consultant_id, candidate_id, state)"))

    migrate.upgrade(engine)

    assert migrate.current_revision(engine) == migrate.HEAD
    assert [i["name"] for i in inspect(engine).get_indexes("shares")].count(INDEX) == 1
    engine.dispose()


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_migrations_are_never_edited(name: str) -> None:
    assert _digest(name) == RELEASED[name], (
        f"{name} was released; put the change in a new migration instead")
