"""A festival's wishes on its eve: an outcome note sent one to three days before
Chinese New Year (Singapore), Diwali (India) or the autumn holidays (Israel) closes
with them (round 87: Ms Tan's next-round reply went out on the eve of Chinese New
Year without a word of it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import AHEAD_DAYS, _season_ahead
from followthrough.culture import profile_for
from followthrough.debrief import read_debrief
from followthrough.plan import Event, plan

SINGAPORE = EXAMPLES / "debrief-singapore-phone.toml"
ZONE = ZoneInfo("Asia/Singapore")
WISH = "I wish you and your family a happy Chinese New Year."


def _reply_on(day: date) -> str:
    debrief = read_debrief(SINGAPORE)
    at = datetime.combine(day, time(16, 45), tzinfo=ZONE)
    actions = plan(debrief, [Event(kind="outcome", at=at, outcome="next-round")], now=at)
    drafts = compose(None, debrief, actions, template_dir=Path("/nonexistent"))
    return next(d.body for d in drafts if d.kind == "next-round-thanks")


def _new_year(year: int) -> date:
    return next(day for day, name in sorted(holidays.country_holidays("SG", years=year).items())
                if "Chinese New Year" in name)


@pytest.mark.parametrize(("day", "wished"), [
    (date(2027, 2, 5), True),    # the eve: Chinese New Year is Saturday 6 February
    (date(2027, 2, 3), True),
    (date(2027, 2, 1), False),   # five days before
    (date(2027, 2, 10), False),  # after it: that is the inquiries' "I hope you had"
])
def test_a_next_round_reply_on_the_eve_sends_the_wishes(day: date, wished: bool) -> None:
    reply = _reply_on(day)

    assert (WISH in reply) is wished, reply
    if wished:  # a line of its own, before the sign-off
        assert f"\n\n{WISH}\n\n" in reply


@given(day=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_the_wishes_go_one_to_three_days_ahead_and_never_else(day: date) -> None:
    debrief = read_debrief(SINGAPORE)
    sending = datetime.combine(day, time(10), tzinfo=ZONE)
    action = SimpleNamespace(kind="next-round-thanks", due=sending)
    ahead = (_new_year(day.year) - day).days
    if ahead <= 0:
        ahead = (_new_year(day.year + 1) - day).days

    wish = _season_ahead(debrief, action, sending, profile_for("SG"))  # type: ignore[arg-type]

    assert (wish == WISH) is (1 <= ahead <= AHEAD_DAYS)


@pytest.mark.parametrize("kind", ["thank-you", "status-inquiry", "move-on"])
def test_other_notes_do_not_send_them(kind: str) -> None:
    debrief = read_debrief(SINGAPORE)
    sending = datetime.combine(_new_year(2027) - timedelta(days=1), time(10), tzinfo=ZONE)
    action = SimpleNamespace(kind=kind, due=sending)

    assert _season_ahead(debrief, action, sending, profile_for("SG")) is None  # type: ignore[arg-type]
