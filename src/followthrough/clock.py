"""The one place that reads the current time.

Everything time-dependent asks :func:`now`. The CLI's ``--now`` option, the
``FOLLOWTHROUGH_NOW`` environment variable and the tests' :func:`frozen` all
pin it, so any result can be reproduced later.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from followthrough.errors import BadInput, Problem

_pinned: ContextVar[datetime | None] = ContextVar("followthrough_now", default=None)


def now() -> datetime:
    """The current instant, always time-zone aware (UTC unless pinned otherwise)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    from_env = os.environ.get("FOLLOWTHROUGH_NOW")
    if from_env:
        return parse_instant(from_env, field="FOLLOWTHROUGH_NOW")
    return datetime.now(UTC)


def pin(instant: datetime) -> None:
    """Pin the clock until :func:`unpin` (the CLI's ``--now``, for one command)."""
    _require_aware(instant, field="--now")
    _pinned.set(instant)


def unpin() -> None:
    _pinned.set(None)


@contextmanager
def frozen(instant: datetime) -> Iterator[datetime]:
    """Freeze the clock inside a ``with`` block (tests, benchmarks)."""
    _require_aware(instant, field="now")
    token = _pinned.set(instant)
    try:
        yield instant
    finally:
        _pinned.reset(token)


def parse_instant(text: str, *, field: str) -> datetime:
    """Parse an ISO 8601 date-time that carries its UTC offset (``Z`` allowed)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            [Problem(field, f"{text!r} is not an ISO 8601 date-time",
                     expected="a date-time with offset, like 2026-11-16T15:05:00+09:00")]
        ) from None
    _require_aware(value, field=field)
    return value


def _require_aware(value: datetime, *, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadInput(
            [Problem(field, f"{value.isoformat()} has no UTC offset",
                     expected="a date-time with offset, like 2026-11-16T15:05:00+09:00")]
        )
