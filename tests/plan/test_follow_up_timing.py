"""When the status inquiries and the move-on note go out, and to whom.

1. After a stated decision date: at least 3 business days and a week, more where
   the culture is patient (001 §2).
2. A timeline in words is read into a date; the first inquiry comes in the week
   after it, with the same patience (002).
3. Never in a slow season or closure; slow days do not count as waiting
   (Christmas to New Year, Chinese New Year in Singapore, ...).
4. When the recruiter runs the process, the inquiries and the move-on go to them
   (000 §4).
5. The second inquiry a week or two after the first, never sooner than 7 days;
   the move-on after the configured number of unanswered inquiries.

The debriefs are written out here; expectations are dates worked out by hand
(in the comments) or checked with the oracles in ``conftest`` (the ``holidays``
package and the profile values), not with the planner's calendar.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followthrough.culture import profile_for
from followthrough.debrief.model import Debrief
from followthrough.plan import Action, Event, plan, rules
from followthrough.plan.business import calendar_for
from tests.plan.conftest import at, debrief_from, in_period, is_working_day
from tests.plan.test_properties import SETTINGS, assert_in_business_time

WAITING = frozenset({"status-inquiry", "move-on"})


def document(*, starts: datetime, zone: str, country: str, region: str | None = None,
             **interview: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "candidate": {"name": "Mira Kovac", "email": "mira@example.com",
                      "timezone": "Europe/Vienna"},
        "interview": {"company": "Northwind Analytics", "role": "Data Engineer",
                      "starts": starts, "minutes": 60, "timezone": zone,
                      "country": country, "channel": "email", **interview},
        "interviewers": [
            {"name": "Sam Lee", "title": "Engineering Manager", "email": "sam@nw.example"},
            {"name": "Ruth Adler", "title": "Talent Partner", "email": "ruth@nw.example"}],
    }
    if region:
        base["interview"]["region"] = region
    return base


def build(**kwargs: Any) -> Debrief:
    return debrief_from(document(**kwargs))


def waiting(actions: list[Action]) -> tuple[list[Action], Action | None]:
    inquiries = [a for a in actions if a.kind == "status-inquiry"]
    moves = [a for a in actions if a.kind == "move-on"]
    return inquiries, moves[0] if moves else None


def local_day(action: Action) -> date:
    return action.due.date()  # due carries the recipient's zone


def berlin() -> Debrief:
    """Wednesday 2 Dec 2026 in Berlin; they will be in touch by Monday 14 Dec."""
    return build(starts=datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
                 zone="Europe/Berlin", country="DE", region="BE",
                 decision="they aim to decide within ten days",
                 decision_by=date(2026, 12, 14), they_will_contact=True)


def denver() -> Debrief:
    """Thursday 14 Jan 2027 in Denver; a decision by Friday 29 Jan."""
    return build(starts=datetime(2027, 1, 14, 9, 30, tzinfo=ZoneInfo("America/Denver")),
                 zone="America/Denver", country="US", region="CO",
                 decision_by=date(2027, 1, 29))


def singapore(decision: str | None = "within two weeks") -> Debrief:
    """Tuesday 2 Feb 2027, 16:00 in Singapore; Chinese New Year is 6-7 Feb (Saturday and
    Sunday, observed Monday 8 Feb)."""
    return build(starts=datetime(2027, 2, 2, 16, 0, tzinfo=ZoneInfo("Asia/Singapore")),
                 zone="Asia/Singapore", country="SG", decision=decision,
                 they_will_contact=True)


def london(runs_process: bool | None = True, channel: str = "email") -> Debrief:
    """Monday 23 Nov 2026 in London through a search consultant; feedback by Friday
    4 Dec."""
    doc = document(starts=datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/London")),
                   zone="Europe/London", country="GB",
                   decision="they will give feedback by Friday of next week",
                   decision_by=date(2026, 12, 4), they_will_contact=True, channel=channel)
    doc["recruiter"] = {"name": "Olivia Grant", "firm": "Thameside Search",
                        "email": "olivia.grant@thameside.example"}
    if runs_process is not None:
        doc["recruiter"]["runs_process"] = runs_process
    return debrief_from(doc)


def now_of(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes + 5)


# 1. Patience after a stated date ------------------------------------------------

def test_berlin_waits_a_week_after_the_date_they_gave() -> None:
    inquiries, _ = waiting(plan(berlin(), now=now_of(berlin())))
    first = inquiries[0]
    # Monday 14 Dec + 5 business days (15, 16, 17, 18, 21 Dec) = Monday 21 Dec; the
    # planner used to ask on Wednesday 16 Dec.
    assert first.due == at("2026-12-21T09:00:00+01:00")
    assert first.rule == "status-inquiry.they-will-contact"
    assert "14 December" in first.why
    assert "5 business days" in first.why


def test_denver_waits_a_week_after_a_friday_date() -> None:
    inquiries, _ = waiting(plan(denver(), now=now_of(denver())))
    # Friday 29 Jan + 5 business days = Friday 5 Feb (it used to be Monday 1 Feb).
    assert inquiries[0].due == at("2027-02-05T09:00:00-07:00")
    assert inquiries[0].rule == "status-inquiry.after-decision-date"


@pytest.mark.parametrize("country", ["US", "GB", "DE", "FR", "IN", "SG", "AE", "IL", "JP",
                                     "KR", None])
@pytest.mark.parametrize("weekday", range(7))
def test_at_least_three_business_days_and_a_week_after_the_date(
        country: str | None, weekday: int) -> None:
    zone = {"US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin",
            "FR": "Europe/Paris", "IN": "Asia/Kolkata", "SG": "Asia/Singapore",
            "AE": "Asia/Dubai", "IL": "Asia/Jerusalem", "JP": "Asia/Tokyo",
            "KR": "Asia/Seoul", None: "UTC"}[country]
    starts = datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo(zone))  # Monday 1 March 2027
    decided = date(2027, 3, 8) + timedelta(days=weekday)
    doc = document(starts=starts, zone=zone, country=country or "KR", decision_by=decided)
    if country is None:
        doc["interview"].pop("country")
    debrief = debrief_from(doc)
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    day = local_day(first)
    profile = profile_for(country)
    subdivision = profile.subdivision
    counted = [decided + timedelta(days=n) for n in range(1, (day - decided).days + 1)
               if is_working_day(decided + timedelta(days=n), profile, subdivision)]
    assert (day - decided).days >= 7
    assert len(counted) >= max(3, profile.patience_days)
    assert is_working_day(day, profile, subdivision)


def test_patience_is_about_a_week_by_default_and_longer_in_japan() -> None:
    default, japan = profile_for(None), profile_for("JP")
    assert default.patience_days == 5  # a working week
    assert japan.patience_days > default.patience_days
    for country in ("US", "GB", "DE", "FR", "SG", "AE", "IL"):
        assert profile_for(country).patience_days >= 5, country
    tokyo = build(starts=datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
                  zone="Asia/Tokyo", country="JP", decision_by=date(2027, 3, 8))
    london_like = build(starts=datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/London")),
                        zone="Europe/London", country="GB", decision_by=date(2027, 3, 8))
    # Monday 8 March: London asks Monday 15 March; Tokyo after 7 business days,
    # Wednesday 17 March.
    assert local_day(waiting(plan(london_like, now=now_of(london_like)))[0][0]) \
        == date(2027, 3, 15)
    assert local_day(waiting(plan(tokyo, now=now_of(tokyo)))[0][0]) == date(2027, 3, 17)


def test_a_lower_patience_setting_never_goes_below_the_rules_floor() -> None:
    debrief = denver()
    actions = plan(debrief, now=now_of(debrief), overrides={"US": {"patience_days": 1}})
    # Friday 29 Jan + 7 days = Friday 5 Feb, more than the 3 business days.
    assert waiting(actions)[0][0].due == at("2027-02-05T09:00:00-07:00")


# 2. A timeline in words ----------------------------------------------------------

def test_singapore_within_two_weeks_is_read_into_a_date() -> None:
    debrief = singapore()
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    # "within two weeks" of Tuesday 2 Feb is Tuesday 16 Feb; the week after it begins
    # on Monday 22 Feb, and 5 business days after 16 Feb is Tuesday 23 Feb. It used to
    # be Tuesday 9 Feb, a buffer that ignored their words and Chinese New Year.
    assert first.due == at("2027-02-23T09:00:00+08:00")
    assert first.rule == "status-inquiry.after-stated-timeline"
    assert "'within two weeks'" in first.why
    assert "16 February" in first.why


@pytest.mark.parametrize(("decision", "read_as", "earliest"), [
    # Interview Wednesday 2 Dec 2026 in Frankfurt.
    ("in about two weeks", date(2026, 12, 16), date(2026, 12, 23)),
    ("within ten days", date(2026, 12, 12), date(2026, 12, 19)),
    ("in 3 weeks", date(2026, 12, 23), date(2027, 1, 2)),
    ("by the end of next week", date(2026, 12, 11), date(2026, 12, 18)),
    ("by Friday of next week", date(2026, 12, 11), date(2026, 12, 18)),
    ("by the end of the month", date(2026, 12, 31), date(2027, 1, 2)),
    ("early January", date(2027, 1, 10), date(2027, 1, 17)),
    ("after the holidays", date(2027, 1, 8), date(2027, 1, 15)),
    ("before the year-end holidays", date(2026, 12, 23), date(2027, 1, 2)),
])
def test_words_give_the_date_and_the_inquiry_waits_past_it(
        decision: str, read_as: date, earliest: date) -> None:
    debrief = build(starts=datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
                    zone="Europe/Berlin", country="DE", decision=decision)
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    day = local_day(first)
    assert first.rule == "status-inquiry.after-stated-timeline"
    assert f"{read_as.day} {read_as:%B}" in first.why
    assert f"'{decision}'" in first.why or decision.split()[-1] in first.why
    # A week after the date they gave at the earliest, in the week after it, never in
    # Christmas to New Year (24 Dec - 1 Jan in Germany).
    assert day >= earliest
    assert day >= read_as + timedelta(days=7)
    assert not date(2026, 12, 24) <= day <= date(2027, 1, 1)


def test_a_stated_date_wins_over_the_words() -> None:
    debrief = berlin()  # "within ten days" and 14 Dec: the date counts
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    assert first.rule == "status-inquiry.they-will-contact"


def test_no_words_and_no_date_keeps_the_buffer() -> None:
    debrief = singapore(decision=None)
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    assert first.rule == "status-inquiry.buffer"


# 3. Slow seasons -------------------------------------------------------------------

def cny_slow_days(year: int) -> set[date]:
    """Chinese New Year from the holidays package, 2 days before to 3 days after."""
    found = holidays.country_holidays("SG", years=year)
    days = sorted(day for day, name in found.items() if "Chinese New Year" in name)
    return {days[0] + timedelta(days=n)
            for n in range(-2, (days[-1] - days[0]).days + 4)}


def test_chinese_new_year_is_slow_in_singapore_and_moves_every_year() -> None:
    profile = profile_for("SG")
    calendar = calendar_for(ZoneInfo("Asia/Singapore"), profile)
    # 2027: 6-7 Feb, observed 8 Feb -> slow 4-11 Feb; 2026: 17-18 Feb -> 15-21 Feb.
    assert cny_slow_days(2027) == {date(2027, 2, 4) + timedelta(days=n) for n in range(8)}
    for year in (2026, 2027, 2028):
        for day in cny_slow_days(year):
            assert calendar.is_slow(day), day
    assert not calendar.is_slow(date(2027, 2, 3))
    assert not calendar.is_slow(date(2027, 2, 12))
    assert not calendar.is_slow(date(2026, 2, 10))


def test_no_inquiry_in_chinese_new_year_and_its_days_do_not_count() -> None:
    # Monday 1 Feb 2027, no timeline: 4 business days that count are 2, 3 Feb, then
    # (4-11 Feb slow) 12 and 15 Feb. The planner used to ask on Friday 5 Feb.
    debrief = build(starts=datetime(2027, 2, 1, 10, 0, tzinfo=ZoneInfo("Asia/Singapore")),
                    zone="Asia/Singapore", country="SG")
    first = waiting(plan(debrief, now=now_of(debrief)))[0][0]
    assert first.due == at("2027-02-15T09:00:00+08:00")
    assert "Chinese New Year" in first.why


@pytest.mark.parametrize(("country", "slow"), [
    ("US", True), ("GB", True), ("DE", True), ("FR", True), ("SG", True), (None, True),
    ("KR", True), ("IL", False), ("IN", False), ("AE", False)])
def test_christmas_to_new_year_is_slow_where_it_is_observed(country: str | None,
                                                            slow: bool) -> None:
    profile = profile_for(country)
    calendar = calendar_for(ZoneInfo(profile.timezone), profile)
    for day in (date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 1)):
        assert calendar.is_slow(day) is slow, (country, day)
    assert not calendar.is_slow(date(2027, 1, 4))


def test_india_and_israel_have_their_own_slow_seasons() -> None:
    india = calendar_for(ZoneInfo("Asia/Kolkata"), profile_for("IN"))
    assert india.is_slow(date(2027, 10, 29))  # Diwali 2027
    israel = calendar_for(ZoneInfo("Asia/Jerusalem"), profile_for("IL"))
    assert israel.is_slow(date(2027, 10, 6))  # between Rosh Hashanah and Yom Kippur


def test_the_move_on_is_never_in_a_slow_season_and_slow_days_are_not_waiting() -> None:
    debrief = london(runs_process=None)
    inquiries, move_on = waiting(plan(debrief, now=now_of(debrief)))
    assert move_on is not None
    # Inquiries on Friday 11 and Friday 18 Dec; 7 waiting days after 18 Dec are
    # 19-23 Dec and (24 Dec - 1 Jan slow) 2-3 Jan, so the move-on would be Monday 4
    # Jan, the first day back, and is Tuesday 5 Jan. It used to be Tuesday 22 Dec.
    assert [local_day(a) for a in inquiries] == [date(2026, 12, 11), date(2026, 12, 18)]
    assert move_on.due == at("2027-01-05T09:00:00+00:00")
    assert "Christmas and New Year" in move_on.why


def test_a_second_inquiry_across_christmas_waits_a_week_of_waiting_days() -> None:
    inquiries, move_on = waiting(plan(berlin(), now=now_of(berlin())))
    # First Monday 21 Dec; then 22, 23 Dec and 2-6 Jan count: Wednesday 6 Jan (it used to
    # be 23 Dec), and the move-on a week later, Wednesday 13 Jan (it used to be 4 Jan).
    assert [local_day(a) for a in inquiries] == [date(2026, 12, 21), date(2027, 1, 6)]
    assert move_on is not None
    assert local_day(move_on) == date(2027, 1, 13)


# 4. The recruiter runs the process -------------------------------------------------

def test_when_the_recruiter_runs_the_process_they_get_the_inquiries_and_the_move_on() -> None:
    debrief = london(runs_process=True)
    inquiries, move_on = waiting(plan(debrief, now=now_of(debrief)))
    assert move_on is not None
    for action in [*inquiries, move_on]:
        # It used to go to Ruth Adler, the talent partner.
        assert action.to == "Olivia Grant"
        assert action.channel == "email"
        assert "runs the process" in action.why
        assert_in_business_time(debrief, action)
    # Friday 4 Dec + 5 business days = Friday 11 Dec, London time.
    assert inquiries[0].due == at("2026-12-11T09:00:00+00:00")


def test_without_runs_process_the_company_is_asked() -> None:
    for runs in (None, False):
        inquiries, move_on = waiting(plan(london(runs), now=now_of(london(runs))))
        assert move_on is not None
        assert {a.to for a in [*inquiries, move_on]} == {"Ruth Adler"}


def test_the_recruiter_channel_also_routes_through_the_recruiter() -> None:
    debrief = london(runs_process=None, channel="recruiter")
    inquiries, move_on = waiting(plan(debrief, now=now_of(debrief)))
    assert move_on is not None
    for action in [*inquiries, move_on]:
        assert (action.to, action.channel) == ("Olivia Grant", "recruiter")
        assert "reached through the recruiter" in action.why


def test_a_reply_still_stops_the_inquiries_to_the_recruiter() -> None:
    debrief = london(runs_process=True)
    reply = Event("reply", at("2026-12-07T10:00:00+00:00"), person="Olivia Grant")
    actions = plan(debrief, [reply], now=reply.at)
    assert not [a for a in actions if a.kind in WAITING]


# 5. Spacing and the number of inquiries ------------------------------------------------

def test_second_inquiry_one_to_two_weeks_after_the_first() -> None:
    debrief = denver()
    inquiries, move_on = waiting(plan(debrief, now=now_of(debrief)))
    assert move_on is not None
    # 5 Feb, 12 Feb, then the move-on 19 Feb: a week apart (the US profile: 7 days).
    assert [local_day(a) for a in [*inquiries, move_on]] == [
        date(2027, 2, 5), date(2027, 2, 12), date(2027, 2, 19)]


@pytest.mark.parametrize(("overrides", "notify", "expected"), [
    ({}, None, 2), ({"max_inquiries": 3}, None, 3), ({"max_inquiries": 1}, None, 1),
    ({}, False, 1)])
def test_move_on_after_the_configured_number_of_inquiries(
        overrides: dict[str, int], notify: bool | None, expected: int) -> None:
    doc = document(starts=datetime(2027, 1, 14, 9, 30, tzinfo=ZoneInfo("America/Denver")),
                   zone="America/Denver", country="US", decision_by=date(2027, 1, 29))
    if notify is not None:
        doc["interview"]["notify_on_rejection"] = notify
    debrief = debrief_from(doc)
    inquiries, move_on = waiting(plan(debrief, now=now_of(debrief),
                                      overrides={"US": overrides}))
    assert len(inquiries) == expected
    assert move_on is not None
    assert move_on.due - inquiries[-1].due >= timedelta(days=7)


@st.composite
def waiting_debriefs(draw: st.DrawFn) -> Debrief:
    country = draw(st.sampled_from(["US", "GB", "DE", "FR", "SG", "IN", "IL", "JP", "AE"]))
    zone = profile_for(country).timezone
    day = draw(st.dates(date(2025, 1, 1), date(2030, 6, 30)))
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo(zone))
    said = draw(st.sampled_from([None, "within two weeks", "in about 3 weeks",
                                 "by the end of next week", "by the end of the month",
                                 "early January", "after the holidays", "within ten days",
                                 "before the year-end holidays"]))
    decided = draw(st.one_of(st.none(), st.integers(0, 40)))
    doc = document(starts=starts, zone=zone, country=country,
                   decision=said, they_will_contact=draw(st.booleans()),
                   notify_on_rejection=draw(st.sampled_from([True, False, None])))
    if decided is not None:
        doc["interview"]["decision_by"] = day + timedelta(days=decided)
    if draw(st.booleans()):
        doc["recruiter"] = {"name": "Olivia Grant", "email": "olivia@search.example",
                            "runs_process": draw(st.booleans())}
    return debrief_from(doc)


def quiet(day: date, country: str) -> bool:
    """Slow or closed by the profile's dated periods, or within the days around its
    movable holidays (Chinese New Year, Diwali, Rosh Hashanah to Simchat Torah) found
    straight from the ``holidays`` package: an oracle without the planner's calendar."""
    profile = profile_for(country)
    if any(in_period(day, period) for period in (*profile.slow_periods, *profile.closures)):
        return True
    for season in profile.slow_holidays:
        found = {}
        for year in (day.year - 1, day.year, day.year + 1):
            found.update(holidays.country_holidays(country, years=year))
        matching = sorted(d for d, name in found.items()
                          if any(part in name for part in season.holidays))
        for first, last in itertools.combinations_with_replacement(matching, 2):
            if (last - first).days <= 31 and first - timedelta(days=season.before) <= day \
                    <= last + timedelta(days=season.after):
                return True
    return False


@SETTINGS
@given(waiting_debriefs())
def test_waiting_rules_hold_for_random_interviews(debrief: Debrief) -> None:
    country = debrief.interview.country or ""
    profile = profile_for(country)
    actions = plan(debrief, now=now_of(debrief))
    inquiries, move_on = waiting(actions)
    assert move_on is not None
    limit = 1 if debrief.interview.notify_on_rejection is False else profile.max_inquiries
    assert len(inquiries) == limit
    recruiter = debrief.recruiter
    expected_to = "Olivia Grant" if recruiter is not None and recruiter.runs_process \
        else "Ruth Adler"
    series = [*inquiries, move_on]
    for action in series:
        assert action.to == expected_to
        assert_in_business_time(debrief, action)
        assert not quiet(local_day(action), country), action
    stated = debrief.interview.decision_by
    if stated is not None:
        days_after = (local_day(inquiries[0]) - stated).days
        assert days_after >= 7
    for earlier, later in itertools.pairwise(series):
        gap = later.due.astimezone(UTC) - earlier.due.astimezone(UTC)
        assert gap >= timedelta(days=7)
        between = [earlier.due.date() + timedelta(days=n)
                   for n in range(1, (later.due.date() - earlier.due.date()).days)]
        public = holidays.country_holidays(country, years={day.year for day in between})
        if not any(quiet(day, country) or day in public for day in between):
            # No slow days or public holidays between: one to two weeks (the profile's
            # spacing, then the first business morning). Japan's Silver Week (three
            # holidays in a row) may push it to the 15th day.
            assert gap <= timedelta(days=14), (earlier, later)


def test_the_new_rules_are_documented_with_their_sources() -> None:
    ids = {rule.id: rule for rule in rules()}
    for rule_id, source in [("status-inquiry.after-stated-timeline", "002"),
                            ("status-inquiry.through-recruiter", "000 §4"),
                            ("status-inquiry.slow-season", "002"),
                            ("status-inquiry.after-decision-date", "001 §2")]:
        assert source in ids[rule_id].source
    assert "3 business days and 7 days" in ids["status-inquiry.after-decision-date"].summary
