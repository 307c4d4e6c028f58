"""Engines for SQLite (the embedded default) and PostgreSQL (team mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from followthrough.errors import BadInput, Problem


def backend_name(url: str) -> str:
    """"sqlite", "postgresql", ... for a database URL (bad URLs are BadInput)."""
    try:
        return str(make_url(url).get_backend_name())
    except ArgumentError:
        raise BadInput([Problem("--db", f"{url!r} is not a database URL",
                                expected="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")]
                       ) from None


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput([Problem("--db", f"{url!r} is not a database URL",
                                expected="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")]
                       ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(_in_utc(parsed), pool_pre_ping=True)
        except NoSuchModuleError:
            raise BadInput([Problem("--db", "the PostgreSQL driver is not installed",
                                    expected="pip install 'followthrough[pg]'")]) from None
    raise BadInput([Problem("--db", f"unsupported database {parsed.get_backend_name()!r}",
                            expected="sqlite or postgresql")])


def _in_utc(url: URL) -> URL:
    """The URL with the session time zone set to UTC (after any options of the
    user's own): timestamps then come back as ``datetime.UTC`` itself, which
    :class:`~followthrough.store.types.UTCDateTime` passes through as is."""
    given = url.query.get("options")
    mine = "-c timezone=UTC"
    options = f"{given} {mine}" if isinstance(given, str) and given else mine
    return url.update_query_dict({"options": options})


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
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
        connection.exec_driver_sql(connection.info.pop("begin_sql", "BEGIN"))

    return engine
