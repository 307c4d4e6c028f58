"""The pieces of bounded input on their own: the nesting scan, values in
words, zone names, and the date bounds (property tests where they parse or
do time maths)."""

from __future__ import annotations

import json
import os
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough import clock
from followthrough.debrief import validate_debrief
from followthrough.debrief.parse import date_bounds, in_words
from followthrough.debrief.reading import (
    MAX_DEPTH,
    check_data_depth,
    check_nesting,
    load_json,
    read_file,
)
from followthrough.debrief.zones import known_zones, suggest_zone, zone_problem
from followthrough.errors import BadInput
from followthrough.plan import plan
from tests.conftest import PROJECT

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
NOW = datetime(2026, 11, 16, 6, 5, tzinfo=UTC)


def _nested(depth: int) -> Any:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


json_data = st.recursive(st.integers() | st.text(max_size=5) | st.none(),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                         max_leaves=80)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=json_data | st.integers(0, 2 * MAX_DEPTH).map(_nested))
def test_the_nesting_scan_refuses_exactly_what_is_too_deep(data: Any) -> None:
    text = json.dumps({"root": data})
    too_deep = _depth({"root": data}) > MAX_DEPTH

    try:
        check_nesting(text, "<test>")
    except BadInput:
        assert too_deep
    else:
        assert not too_deep


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.sampled_from('[]{}"\'#\\\n ax=')))
def test_brackets_in_strings_and_comments_do_not_count(noise: str) -> None:
    quoted = json.dumps("[" * 100 + noise)
    check_nesting(f"a = {quoted}\n# {'[' * 100}\nb = '{'{' * 100}'\n", "<test>")


def test_a_5000_deep_array_is_refused_with_its_line() -> None:
    with pytest.raises(BadInput) as refused:
        check_nesting("a = 1\n\nb = " + "[" * 5_000 + "]" * 5_000, "x.toml")

    assert refused.value.problems[0].line == 3
    assert "nest more than 32 levels" in str(refused.value)


def test_dotted_keys_nest_without_brackets_and_are_refused_too() -> None:
    data = tomllib.loads("a" + ".a" * 5_000 + " = 1\n")

    with pytest.raises(BadInput, match="tables nest more than 32 levels"):
        check_data_depth(data, "x.toml")


def test_json_with_a_huge_number_is_refused_in_words() -> None:
    with pytest.raises(BadInput, match="a number has thousands of digits"):
        load_json('{"a": ' + "9" * 5_000 + "}", "x.json")


def test_a_file_that_grew_past_its_limit_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    target.write_bytes(b"x" * 11)

    with pytest.raises(BadInput, match="more than 10 bytes; a message is at most 10 bytes"):
        read_file(target, 10, what="a message")
    assert read_file(target, 11) == b"x" * 11


@pytest.mark.parametrize(("value", "words"), [
    (datetime(2027, 3, 25, 16, 0), "a date and time without a zone (2027-03-25 16:00)"),  # noqa: DTZ001
    (datetime(2027, 3, 25, 16, 0, tzinfo=timezone(timedelta(hours=9))),
     "a date and time (2027-03-25 16:00+09:00)"),
    (date(2027, 3, 25), "a date (2027-03-25)"),
    (time(16, 0), "a time of day (16:00)"),
    (True, "true"), (12, "12"), (10**40, "a number of more than 18 digits"),
    (float("inf"), "an infinite number"), (float("nan"), "not a number (nan)"),
    ([1], "a list"), ({"a": 1}, "a table"), ("x" * 100, repr("x" * 57 + "...")),
])
def test_values_are_described_in_words(value: object, words: str) -> None:
    assert in_words(value) == words


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.datetimes(), st.dates(), st.times(), st.floats(), st.integers(),
                 st.booleans(), st.lists(st.integers(), max_size=2)))
def test_no_value_is_described_as_a_python_repr(value: object) -> None:
    words = in_words(value)

    assert "datetime." not in words
    assert "(" not in words or words.endswith(")")
    assert len(words) < 80


@pytest.mark.parametrize(("typed", "meant"), [
    ("Europe/Berln", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
    ("Asia/Tokio", "Asia/Tokyo"), ("America/New York", "America/New_York"),
    ("Berlin", "Europe/Berlin"), ("Amerca/Chicago", "America/Chicago"),
])
def test_a_zone_typo_gets_the_zone_meant(typed: str, meant: str) -> None:
    assert suggest_zone(typed) == meant
    assert f"did you mean '{meant}'?" in (zone_problem(typed) or "")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "posix/Europe/Berlin",
                                  "right/UTC", "Factory"])
def test_machine_zones_are_refused(name: str) -> None:
    assert zone_problem(name)
    assert name not in known_zones()


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(sorted(known_zones())))
def test_every_iana_zone_is_accepted(name: str) -> None:
    assert zone_problem(name) is None


def _debrief(starts: datetime, decision: date | None) -> Any:
    data = tomllib.loads((PROJECT / "examples" / "debrief-berlin.toml").read_text("utf-8"))
    for promise in data.get("promises", []):
        promise.pop("file", None)
    data["interview"]["starts"] = starts
    data["interview"].pop("decision_by", None)
    if decision is not None:
        data["interview"]["decision_by"] = decision
    return validate_debrief(data)


def _calendar_years(day: date, count: int) -> date:
    try:
        return day.replace(year=day.year + count)
    except ValueError:
        return day.replace(year=day.year + count, day=28)


@settings(max_examples=EXAMPLES, deadline=None)
@given(starts=st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30))  # noqa: DTZ001
       | st.datetimes(datetime(2020, 11, 1), datetime(2032, 1, 1)),  # noqa: DTZ001
       offset=st.integers(-14 * 60, 14 * 60), after=st.integers(-5, 3 * 366))
def test_the_bounds_keep_exactly_the_dates_the_planner_can_use(
        starts: datetime, offset: int, after: int) -> None:
    zone = timezone(timedelta(minutes=offset))
    start = starts.replace(tzinfo=zone)
    day = start.date()
    decision = None if after < 0 or day.year > 9990 else day + timedelta(days=after)
    debrief = _debrief(start, decision)
    today = NOW.date()
    in_range = _calendar_years(today, -5) <= day <= _calendar_years(today, 5) and (
        decision is None or decision <= _calendar_years(day, 2))

    with clock.frozen(NOW):
        problems = list(date_bounds(debrief))

    assert (not problems) == in_range
    if in_range:
        assert plan(debrief, now=NOW)  # no OverflowError anywhere in the plan
