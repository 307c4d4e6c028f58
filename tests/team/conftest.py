"""Team tests hash with cheap argon2 parameters and share a store fixture."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from followthrough import clock
from followthrough.store import open_store
from followthrough.store.team import TeamStore
from followthrough.team import admin
from followthrough.team.passwords import FAST_HASHES_ENV

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
ANA_PASSWORD = "a quiet orange harbour"  # noqa: S105 - test users
KEN_PASSWORD = "tea kettle over moonlight"  # noqa: S105


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_HASHES_ENV, "1")


@pytest.fixture
def team(db_url: str) -> Iterator[TeamStore]:
    """A team store with consultant ana and candidate ken of firm Northwind."""
    store = open_store(db_url)
    team = TeamStore(store.engine)
    with clock.frozen(START):
        admin.add_user(team, "ana", "consultant", "Northwind", ANA_PASSWORD, name="Ana Silva",
                       email="ana.silva@example.com")
        admin.add_user(team, "ken", "candidate", "Northwind", KEN_PASSWORD, name="Ken Mori")
    yield team
    store.engine.dispose()
