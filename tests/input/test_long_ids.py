"""Ids of any length: a 5,000-digit id (Python's int() refuses past 4,300
digits) or one beyond the database's range names nothing, and says so with
exit code 4 like any unknown id (2 for an action id that cannot be one), never
a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import Runner

HUGE = "9" * 5_000


@pytest.mark.parametrize("args", [
    ("undo", HUGE),
    ("undo", "99999999999999999999"),
    ("undo", f"{HUGE}.thank-you.jonas-becker"),
    ("done", f"{HUGE}.thank-you.jonas-becker"),
])
def test_an_id_too_long_to_exist_is_not_found(run: Runner, args: tuple[str, ...]) -> None:
    result = run(*args)
    said = (result.stdout + result.stderr).lower()
    assert result.exit_code in (2, 4), result
    assert "traceback" not in said
    assert "no interview" in said or "not an action id" in said
