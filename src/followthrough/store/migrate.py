"""Schema migrations: named, ordered Alembic revisions in ``migrations/versions``,
each applied in its own transaction. Opening a store brings it up to date."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from followthrough.errors import NewerSchema
from followthrough.store.engine import MIGRATION_LOCK, reader, sqlite_file
from followthrough.store.revision import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD", "current_revision", "ensure_current", "revisions", "upgrade"]

SCRIPTS = "followthrough.store:migrations"


def alembic_config(connection: Connection | None = None, scripts: str = SCRIPTS) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", scripts)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The applied revision, read without importing Alembic (it costs ~0.3 s)."""
    with reader(engine).connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        versions = list(found)
    return versions[0] if len(versions) == 1 else None


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(engine: Engine, target: str = "head", scripts: str = SCRIPTS) -> None:
    from alembic import command

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to drop a column; with foreign keys on, dropping
            # the old table would cascade-delete every row that refers to it
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            command.upgrade(alembic_config(connection, scripts), target)
            connection.commit()
            if sqlite:
                _require_consistent_keys(connection)
        finally:
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, statement: str) -> None:
    """Run a PRAGMA outside any transaction (inside one SQLite ignores it)."""
    connection.connection.dbapi_connection.execute(statement)  # type: ignore[union-attr]


def _require_consistent_keys(connection: Connection) -> None:
    broken = connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
        "PRAGMA foreign_key_check").fetchall()
    if broken:
        from followthrough.errors import StoreError

        raise StoreError(f"the migration left {len(broken)} rows pointing at nothing")


def ensure_current(engine: Engine) -> bool:
    """Migrate if needed; whether it did. Cheap when already at :data:`HEAD` (one
    query). Processes that open a new database at once take turns: the first
    migrates, the others find it done. A database of a newer version is
    refused, never touched."""
    if current_revision(engine) == HEAD:
        return False
    with _one_migrator(engine):
        found = current_revision(engine)
        if found == HEAD:
            return False
        if found is not None and found not in revisions():
            raise NewerSchema(found)
        upgrade(engine)
    return True


PG_LOCK_KEY = 0x666F6C6C6F77
"""The PostgreSQL advisory lock migrations hold ("follow" in ASCII)."""


@contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": PG_LOCK_KEY})
        return
    database = sqlite_file(engine.url)
    if database is None:
        yield
        return
    with _file_lock(database.with_name(database.name + MIGRATION_LOCK)):
        yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (created 0600), held for the block; waits for
    another holder. Without ``fcntl`` (Windows) the block runs unlocked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - POSIX here
        yield
        return
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
