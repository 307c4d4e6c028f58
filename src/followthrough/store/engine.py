"""Engines for SQLite (the embedded default) and PostgreSQL (team mode)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from followthrough import paths
from followthrough.errors import BadInput, Problem
from followthrough.store.quick import MIGRATION_LOCK as MIGRATION_LOCK
from followthrough.store.quick import sqlite_files as sqlite_files


def backend_name(url: str) -> str:
    """"sqlite", "postgresql", ... for a database URL (bad URLs are BadInput)."""
    try:
        return str(make_url(url).get_backend_name())
    except ArgumentError:
        raise BadInput([Problem("--db", f"{shown_url(url)} is not a database URL",
                                expected="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")]
                       ) from None


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput([Problem("--db", f"{shown_url(url)} is not a database URL",
                                expected="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")]
                       ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(_in_utc(parsed), pool_pre_ping=True)
        except (NoSuchModuleError, ImportError):
            raise BadInput([Problem("--db", "the PostgreSQL driver (psycopg) is not installed",
                                    expected="pip install 'followthrough[pg]' in the "
                                             "environment followthrough runs in")]) from None
    raise BadInput([Problem("--db", f"unsupported database {parsed.get_backend_name()}",
                            expected="sqlite or postgresql")])


SECRET_PARTS = ("pass", "secret", "token", "key")
"""A URL query parameter whose name holds one of these is masked when shown."""


def shown_url(url: str) -> str:
    """``url`` with its password (and any password-like query parameter) as ***,
    for printing; in text that is not a URL, whatever stands between a colon and
    an ``@`` is masked."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return re.sub(r"(?<=:)[^:/@]*@", "***@", url)
    hidden = {name: "***" for name in parsed.query
              if any(part in name.lower() for part in SECRET_PARTS)}
    shown = parsed.update_query_dict(hidden).render_as_string(hide_password=True)
    return shown.replace("=%2A%2A%2A", "=***")


def _in_utc(url: URL) -> URL:
    """The URL with the session time zone set to UTC (after any options of the
    user's own): timestamps then come back as ``datetime.UTC`` itself, which
    :class:`~followthrough.store.types.UTCDateTime` passes through as is."""
    given = url.query.get("options")
    mine = "-c timezone=UTC"
    options = f"{given} {mine}" if isinstance(given, str) and given else mine
    return url.update_query_dict({"options": options})


def sqlite_file(url: str | URL) -> Path | None:
    """The database file of a SQLite URL (``None`` in memory, for another backend
    or for text that is not a URL)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_engine(url: str, database: str | None) -> Engine:
    found = sqlite_file(url)
    if found is not None:
        paths.private_file(found)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # autocommit at the driver level, so that "begin" below issues a real
        # BEGIN and DDL (migrations) is transactional too
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(_begin_statement(connection))

    return engine


READ_ONLY = "followthrough_read_only"
"""Execution option of :func:`reader` connections: their transactions only read."""


def reader(engine: Engine) -> Engine:
    """The same engine for reading only: on SQLite its transactions are a plain
    (deferred) BEGIN, which never waits for a writer in WAL mode."""
    return engine.execution_options(**{READ_ONLY: True})


def _begin_statement(connection: Any) -> str:
    """BEGIN IMMEDIATE unless the connection only reads: a transaction that reads
    and then writes under a plain BEGIN cannot wait for another writer, SQLite
    answers "database is locked" at once, busy timeout or not."""
    explicit = connection.info.pop("begin_sql", None)
    if explicit:
        return str(explicit)
    return "BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
