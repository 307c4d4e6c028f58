"""Migrations: named, ordered, transactional, and they end at the declared schema."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import OperationalError

import followthrough.store
from followthrough.store import migrate, open_store
from followthrough.store.engine import make_engine
from followthrough.store.schema import SEARCH_ONLY, metadata

MIGRATIONS = Path(followthrough.store.__file__).parent / "migrations"


def _schema(engine: Engine) -> dict[str, Any]:
    """Tables, columns (name, type, nullability), indexes and unique constraints."""
    found: dict[str, Any] = {}
    inspector = inspect(engine)
    for table in sorted(inspector.get_table_names()):
        found[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"])
                        for c in inspector.get_columns(table)],
            "indexes": sorted((i["name"], tuple(i["column_names"]))
                              for i in inspector.get_indexes(table)),
            "unique": sorted(tuple(u["column_names"])
                             for u in inspector.get_unique_constraints(table)),
            "foreign_keys": sorted((tuple(f["constrained_columns"]), f["referred_table"])
                                   for f in inspector.get_foreign_keys(table)),
        }
    return found


def test_revisions_are_named_and_ordered() -> None:
    names = migrate.revisions()

    assert names == sorted(names)
    assert names[0] == "0001_initial"
    assert names[-1] == migrate.HEAD
    assert len(set(names)) == len(names)


def test_fresh_and_step_by_step_databases_have_the_same_schema(db_url: str, tmp_path: Any
                                                               ) -> None:
    fresh = make_engine(db_url)
    migrate.upgrade(fresh, "head")
    fresh_schema = _schema(fresh)
    fresh.dispose()

    stepwise_url = (f"sqlite:///{tmp_path / 'stepwise.db'}" if db_url.startswith("sqlite")
                    else db_url)
    if not db_url.startswith("sqlite"):
        reset = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with reset.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        reset.dispose()
    stepwise = make_engine(stepwise_url)
    for revision in migrate.revisions():
        migrate.upgrade(stepwise, revision)
        assert migrate.current_revision(stepwise) == revision
    assert _schema(stepwise) == fresh_schema
    stepwise.dispose()


def test_migrated_schema_matches_the_declared_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _declared})
        differences = compare_metadata(context, metadata)

    assert differences == []
    engine.dispose()


def _declared(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
    """Not one of the full-text objects the metadata leaves to the migrations."""
    qualified = f"{parents.get('table_name')}.{name}" if kind == "column" else (name or "")
    return not qualified.startswith(SEARCH_ONLY)


def test_opening_a_store_migrates_once(db_url: str) -> None:
    open_store(db_url).engine.dispose()
    engine = make_engine(db_url)

    assert migrate.current_revision(engine) == migrate.HEAD
    with engine.connect() as connection:
        users = connection.execute(text("SELECT handle FROM users")).scalars().all()
    assert users == ["local"]
    open_store(db_url).engine.dispose()
    engine.dispose()


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    """Each migration runs in one transaction: a failure midway rolls back its DDL
    and its revision is not recorded."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_broken.py").write_text(
        f"import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '0099_broken'\ndown_revision = {migrate.HEAD!r}\n"
        "def upgrade():\n"
        "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    op.execute('SELECT * FROM no_such_table')\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'broken.db'}")

    with pytest.raises(OperationalError, match="no_such_table"):
        migrate.upgrade(engine, scripts=str(scripts))

    assert "half_done" not in inspect(engine).get_table_names()
    assert "actions" in inspect(engine).get_table_names()
    assert migrate.current_revision(engine) == migrate.HEAD
    engine.dispose()


def test_upgrading_keeps_stored_debriefs_and_fills_the_candidate_zone(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0002_plan")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO interviews (owner_id, company, role, starts_at, state, debrief, digest,"
            " created_at, updated_at) VALUES (1, 'C', 'R', :t, 'awaiting', :d, 'x', :t, :t)"),
            {"t": "2026-01-05 10:00:00+00", "d": '{"candidate": {"timezone": "Asia/Tokyo"}}'})
        connection.execute(text(
            "INSERT INTO events (interview_id, kind, at, created_at) VALUES (1, 'reply', :t, :t)"),
            {"t": "2026-01-06 10:00:00+00"})
        connection.execute(text(
            "INSERT INTO actions (interview_id, owner_id, key, kind, channel, due_at, latest_at,"
            " zone, why, rule, status) VALUES (1, 1, 'k', 'thank-you', 'email', :t, :t, 'UTC',"
            " 'w', 'r', 'pending')"), {"t": "2026-01-06 10:00:00+00"})

    migrate.upgrade(engine)

    with engine.connect() as connection:
        zone = connection.execute(text("SELECT candidate_zone FROM interviews")).scalar()
        document = connection.execute(text("SELECT debrief FROM interview_documents")).scalar()
        dependants = [connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("events", "actions")]
    assert zone == "Asia/Tokyo"
    assert "Asia/Tokyo" in (document if isinstance(document, str) else str(document))
    assert dependants == [1, 1], "rebuilding a table must not cascade-delete its dependants"
    engine.dispose()


def test_upgrading_copies_owner_state_and_start_onto_existing_shares(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0006_team")
    t = "2026-01-05 10:00:00+00"
    with engine.begin() as connection:
        for handle, role in (("cand", "candidate"), ("cons", "consultant")):
            connection.execute(text(
                "INSERT INTO users (handle, display_name, role, created_at)"
                " VALUES (:h, :h, :r, :t)"), {"h": handle, "r": role, "t": t})
        ids = dict(connection.execute(text("SELECT handle, id FROM users")).all())
        connection.execute(text(
            "INSERT INTO interviews (owner_id, company, role, starts_at, state, digest,"
            " created_at, updated_at, candidate_zone) VALUES (:o, 'C', 'R', :s, 'replied', 'x',"
            " :t, :t, 'UTC')"), {"o": ids["cand"], "s": "2026-01-04 09:30:00+00", "t": t})
        interview = connection.execute(text("SELECT id FROM interviews")).scalar()
        connection.execute(text(
            "INSERT INTO shares (interview_id, consultant_id, include_reflection, created_at)"
            " VALUES (:i, :c, :r, :t)"), {"i": interview, "c": ids["cons"], "r": True, "t": t})

    migrate.upgrade(engine)

    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT candidate_id, state, starts_at, include_reflection FROM shares")).one()
    engine.dispose()
    assert row[0] == ids["cand"]
    assert row[1] == "replied"
    assert str(row[2]).startswith("2026-01-04 09:30:00")
    assert bool(row[3]) is True
