"""Engines: PostgreSQL sessions run in UTC, keeping the user's own options."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import literal, select

from followthrough.store.engine import make_engine
from followthrough.store.types import UTCDateTime


@pytest.mark.postgres
def test_a_postgresql_session_is_in_utc_and_keeps_given_options(pg_url: str) -> None:
    engine = make_engine(f"{pg_url}?options=-c%20statement_timeout%3D4321")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW timezone").scalar() == "UTC"
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "4321ms"
    finally:
        engine.dispose()


def test_instants_come_back_as_utc_whatever_offset_went_in(db_url: str) -> None:
    engine = make_engine(db_url)
    written = datetime(2026, 11, 16, 15, 5, tzinfo=timezone(timedelta(hours=9)))
    try:
        with engine.connect() as connection:
            value = connection.scalar(select(literal(written, UTCDateTime())))
    finally:
        engine.dispose()
    assert value == written
    assert value.tzinfo is UTC
