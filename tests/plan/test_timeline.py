"""Reading what they said about the decision into a date (plan/timeline.py).

Every expected date is worked out by hand in the comments; the property tests
check that no text crashes the reader, that a reading is always after the
interview, and that more days, weeks or months never give an earlier date.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.plan import plan
from followthrough.plan.business import Season
from followthrough.plan.timeline import MAX_AHEAD_DAYS, read_timeline
from tests.plan.conftest import debrief_from
from tests.plan.test_outcome_notes import document

EXAMPLES = int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None)
WED_2_DEC_2026 = date(2026, 12, 2)
YEAR_END_2026 = Season("Christmas and New Year", date(2026, 12, 24), date(2027, 1, 1))


@pytest.mark.parametrize(("text", "expected", "said"), [
    # Lengths count from the interview day; the upper end of a range counts.
    ("within two weeks", date(2026, 12, 16), "within two weeks"),
    ("We will get back to you in about two weeks.", date(2026, 12, 16),
     "in about two weeks"),
    ("they aim to decide within ten days", date(2026, 12, 12), "within ten days"),
    ("in 3 weeks", date(2026, 12, 23), "in 3 weeks"),
    ("one to two weeks", date(2026, 12, 16), "one to two weeks"),
    ("1-2 weeks", date(2026, 12, 16), "1-2 weeks"),
    ("a week or two", date(2026, 12, 16), "a week or two"),
    ("a fortnight", date(2026, 12, 16), "a fortnight"),
    ("a couple of weeks", date(2026, 12, 16), "a couple of weeks"),
    ("within a month", date(2027, 1, 2), "within a month"),
    # 10 working days from Wednesday: Thu 3 ... Wed 16 Dec (two weekends skipped).
    ("within 10 working days", date(2026, 12, 16), "within 10 working days"),
    # Weeks: the interview's week runs Mon 30 Nov - Fri 4 Dec; next week 7-11 Dec.
    ("by the end of next week", date(2026, 12, 11), "by the end of next week"),
    ("they will give feedback by Friday of next week", date(2026, 12, 11),
     "Friday of next week"),
    ("next Friday", date(2026, 12, 11), "next Friday"),
    ("by Friday", date(2026, 12, 4), "by Friday"),
    ("by the end of this week", date(2026, 12, 4), "by the end of this week"),
    ("early next week", date(2026, 12, 8), "early next week"),
    ("the week after next", date(2026, 12, 18), "the week after next"),
    # Months.
    ("they expect to decide by the end of the month", date(2026, 12, 31),
     "by the end of the month"),
    ("by the end of next month", date(2027, 1, 31), "the end of next month"),
    ("early January", date(2027, 1, 10), "early January"),
    ("mid-January", date(2027, 1, 20), "mid-January"),
    ("in January", date(2027, 1, 31), "in January"),
    ("by January", date(2027, 1, 1), "by January"),
    ("early in the new year", date(2027, 1, 10), "early in the new year"),
    # Dates.
    ("by 14 December", date(2026, 12, 14), "14 December"),
    ("December 14th, 2026", date(2026, 12, 14), "December 14th, 2026"),
    ("on 2026-12-14", date(2026, 12, 14), "2026-12-14"),
    ("bis 14.12.2026", date(2026, 12, 14), "14.12.2026"),
    ("on the 14th", date(2026, 12, 14), "on the 14th"),
    # Seasons: the year-end one is 24 Dec - 1 Jan (Friday); the first working week
    # after it is Mon 4 - Fri 8 Jan.
    ("the hiring manager will decide after the holidays", date(2027, 1, 8),
     "after the holidays"),
    ("after Christmas", date(2027, 1, 8), "after Christmas"),
    ("they will reply before the year-end holidays", date(2026, 12, 23),
     "before the year-end holidays"),
    ("before the new year", date(2026, 12, 23), "before the new year"),
])
def test_phrases_are_read_from_the_interview_day(text: str, expected: date,
                                                  said: str) -> None:
    reading = read_timeline(text, WED_2_DEC_2026, seasons=[YEAR_END_2026])
    assert reading is not None, text
    assert reading.day == expected, text
    assert reading.said == said


@pytest.mark.parametrize(("text", "expected", "other"), [
    # Said on Wednesday 2 December: "next Friday" is Friday 4 December to some and
    # Friday 11 December to others; the later day is planned (001 §2: never early) and
    # the other is reported.
    ("they will decide by next Friday", date(2026, 12, 11), date(2026, 12, 4)),
    ("next Thursday", date(2026, 12, 10), date(2026, 12, 3)),
    ("next Sat", date(2026, 12, 12), date(2026, 12, 5)),
    # Clear: Monday and Wednesday of this week are past or today, and the week is named.
    ("next Monday", date(2026, 12, 7), None),
    ("next Wednesday", date(2026, 12, 9), None),
    ("Friday of next week", date(2026, 12, 11), None),
    ("next week, on Friday", date(2026, 12, 11), None),
    ("this Friday", date(2026, 12, 4), None),
])
def test_ambiguous_readings_say_what_else_they_can_mean(text: str, expected: date,
                                                        other: date | None) -> None:
    reading = read_timeline(text, WED_2_DEC_2026)
    assert reading is not None
    assert (reading.day, reading.alternative) == (expected, other)


def test_the_plan_reports_the_other_meaning() -> None:
    """The why of the first inquiry names both days (issue 14: ambiguous readings are
    reported, not silently merged)."""
    debrief = debrief_from({**document(), "interview": {
        **document()["interview"], "decision": "we will decide by next Friday"}})
    # Wednesday 4 March 2026: next Friday is 6 or 13 March.
    debrief = debrief.model_copy(update={"interview": debrief.interview.model_copy(
        update={"starts": datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("America/New_York"))})})
    actions = plan(debrief, now=debrief.interview.starts + timedelta(hours=2))
    first = next(a for a in actions if a.kind == "status-inquiry")
    assert "so about 13 March (it can also mean 6 March" in first.why
    assert first.due.date() > date(2026, 3, 13)


@pytest.mark.parametrize("text", [
    "", "   ", "soon", "they may decide soon", "two weeks ago we met",
    "after the second round", "no idea", "a day of interviews is next",
])
def test_words_without_a_timeline_give_no_date(text: str) -> None:
    reading = read_timeline(text, WED_2_DEC_2026)
    if text.startswith("a day"):  # a length, though an odd one: read, never earlier
        assert reading is not None
        assert reading.day > WED_2_DEC_2026
    else:
        assert reading is None, text


def test_the_latest_of_several_readings_wins() -> None:
    reading = read_timeline("a first answer within a week, a decision within three weeks",
                            WED_2_DEC_2026)
    assert reading is not None
    assert reading.day == date(2026, 12, 23)
    assert reading.said == "within three weeks"


def test_after_the_holidays_uses_the_recipients_own_season() -> None:
    # Japan closes 29 Dec - 3 Jan (a Sunday): the first working week is 4 - 8 Jan 2027.
    japan = Season("year-end and New Year holidays", date(2026, 12, 29), date(2027, 1, 3),
                   closed=True)
    reading = read_timeline("after the holidays", date(2026, 12, 11), seasons=[japan])
    assert reading is not None
    assert reading.day == date(2027, 1, 8)
    before = read_timeline("before the year-end holidays", date(2026, 12, 11),
                           seasons=[japan])
    assert before is not None
    assert before.day == date(2026, 12, 28)


def test_a_season_starting_soon_is_the_holidays_they_mean() -> None:
    # Singapore, 20 Jan 2027: Chinese New Year's slow days run 4 - 11 Feb (Thursday),
    # so "after the holidays" is the working week of 15 - 19 Feb.
    cny = Season("Chinese New Year", date(2027, 2, 4), date(2027, 2, 11))
    reading = read_timeline("after the holidays", date(2027, 1, 20), seasons=[cny])
    assert reading is not None
    assert reading.day == date(2027, 2, 19)
    named = read_timeline("after Chinese New Year", date(2027, 1, 20), seasons=[cny])
    assert named is not None
    assert named.day == date(2027, 2, 19)


def test_a_sunday_to_thursday_week() -> None:
    # Israel: the weekend is Friday and Saturday. Sunday 10 Jan 2027: next week runs
    # Sunday 17 - Thursday 21 Jan.
    reading = read_timeline("by the end of next week", date(2027, 1, 10), weekend=(4, 5))
    assert reading is not None
    assert reading.day == date(2027, 1, 21)


@SETTINGS
@given(st.text(max_size=300), st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_any_text_reads_without_crashing_and_after_the_interview(text: str,
                                                                 day: date) -> None:
    reading = read_timeline(text, day, seasons=[YEAR_END_2026])
    if reading is not None:
        assert day < reading.day <= day + timedelta(days=MAX_AHEAD_DAYS)
        assert reading.said.strip()


KNOWN = ["within two weeks", "by the end of next week", "early January",
         "after the holidays", "before the year-end holidays", "by 14 December",
         "next Friday", "by the end of the month", "mid-March", "on the 3rd"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(KNOWN), st.text(max_size=20)), max_size=6),
       st.sampled_from([(5, 6), (4, 5), (6,), ()]),
       st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_known_phrases_among_any_words_read_after_the_interview(
        parts: list[str], weekend: tuple[int, ...], day: date) -> None:
    reading = read_timeline(" ".join(parts), day, weekend=weekend)
    if reading is not None:
        assert reading.day > day


NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve"]


@SETTINGS
@given(st.integers(1, 300), st.sampled_from(["day", "week", "month", "working day"]),
       st.sampled_from(["within {n} {unit}s", "in about {n} {unit}s", "in {n} {unit}s",
                        "{n} {unit}s"]),
       st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_more_days_weeks_or_months_never_read_earlier(n: int, unit: str, form: str,
                                                      day: date) -> None:
    if unit == "month" and n > 24:
        n = n % 24 + 1
    shorter = read_timeline(form.format(n=n, unit=unit), day)
    longer = read_timeline(form.format(n=n + 1, unit=unit), day)
    if shorter is None:  # beyond two years: no reading rather than a wild one
        assert longer is None
        return
    if longer is None:
        assert (shorter.day + timedelta(days=31) - day).days > MAX_AHEAD_DAYS
        return
    assert shorter.day <= longer.day
    if unit in ("day", "week"):
        assert shorter.day < longer.day


@SETTINGS
@given(st.integers(1, 11), st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_number_words_read_like_digits(n: int, day: date) -> None:
    words = read_timeline(f"within {NUMBER_WORDS[n - 1]} weeks", day)
    digits = read_timeline(f"within {n} weeks", day)
    assert words is not None
    assert digits is not None
    assert words.day == digits.day == day + timedelta(weeks=n)


@pytest.mark.parametrize(("words", "reported"), [
    ("within two weeks", True),     # 18 March, two weeks after 4 March, not the 6th
    ("by Friday", False),           # Friday 6 March: the same as the date given
])
def test_a_date_and_words_that_disagree_are_reported(words: str, reported: bool) -> None:
    """The stated date wins (it is the more exact), and the why says the words read
    otherwise instead of merging the two silently (issue 14; 001 §2)."""
    base = document()
    debrief = debrief_from({**base, "interview": {
        **base["interview"], "starts": datetime(2026, 3, 4, 10, 0,
                                                tzinfo=ZoneInfo("America/New_York")),
        "decision": words, "decision_by": date(2026, 3, 6)}})
    actions = plan(debrief, now=debrief.interview.starts + timedelta(hours=2))
    first = next(a for a in actions if a.kind == "status-inquiry")
    assert first.rule == "status-inquiry.after-decision-date"
    assert ("the date is used; check which they meant" in first.why) is reported
