"""Culture profiles: data files, defaults, overrides."""

from __future__ import annotations

from datetime import date, time

import pytest

from followthrough.culture import available_profiles, profile_fields, profile_for
from followthrough.errors import BadInput


def test_required_countries_have_files() -> None:
    assert {"JP", "US", "GB", "DE", "FR", "IN", "SG", "AE", "IL", "DEFAULT"} <= set(
        available_profiles())


def test_japan_is_formal_and_patient() -> None:
    japan, default = profile_for("JP"), profile_for(None)
    assert japan.formality == "formal"
    assert japan.patience_days > default.patience_days
    assert japan.buffer_days > default.buffer_days
    assert any(date(2026, 12, 31) in closure for closure in japan.closures)
    assert any(date(2027, 1, 3) in closure for closure in japan.closures)
    assert not any(date(2027, 1, 4) in closure for closure in japan.closures)
    names = {period.name for period in japan.slow_periods}
    assert {"Golden Week", "Obon"} <= names


def test_defaults_for_unknown_and_missing_countries() -> None:
    assert profile_for(None).profile == "default"
    korea = profile_for("kr")
    assert korea.profile == "default"
    assert korea.country == "KR"  # its public holidays still apply
    assert korea.business_start == time(9)
    assert korea.business_end == time(18)
    assert 3 <= korea.buffer_days <= 4
    assert korea.inquiry_gap_days >= 7
    assert korea.max_inquiries == 2


def test_great_britain_defaults_to_england_for_easter_monday() -> None:
    assert profile_for("GB").subdivision == "ENG"


def test_every_field_can_be_overridden() -> None:
    values = {"name": "Mine", "timezone": "Europe/Paris", "business_start": "08:30",
              "business_end": "17:00", "weekend": ["fri", "sat"], "subdivision": "ENG",
              "closures": [{"name": "x", "from": "08-01", "to": "08-02"}],
              "slow_periods": [], "slow_holidays": [], "patience_days": 2, "buffer_days": 3,
              "inquiry_gap_days": 14, "max_inquiries": 1, "formality": "formal",
              "salutation": "first-name", "open_questions": "later"}
    assert set(values) == set(profile_fields())
    profile = profile_for("GB", values)
    assert profile.business_start == time(8, 30)
    assert profile.weekend == (4, 5)
    assert profile.max_inquiries == 1
    assert profile.open_questions == "later"
    assert profile.as_data()["weekend"] == ["fri", "sat"]


@pytest.mark.parametrize(("key", "value"), [
    ("inquiry_gap_days", 6), ("max_inquiries", 0), ("business_start", "9 am"),
    ("formality", "casual"), ("weekend", ["funday"]), ("timezone", "Mars/Base"),
    ("closures", [{"name": "x", "from": "13-01", "to": "01-01"}]), ("no_such_key", 1),
])
def test_bad_override_names_the_key(key: str, value: object) -> None:
    with pytest.raises(BadInput) as caught:
        profile_for("JP", {key: value})
    assert [problem.path for problem in caught.value.problems] == [key]


def test_closing_must_follow_opening() -> None:
    with pytest.raises(BadInput, match="business_end"):
        profile_for("US", {"business_start": "18:00", "business_end": "09:00"})


def test_japan_offers_an_open_question_for_later_and_others_ask_it() -> None:
    assert profile_for("JP").open_questions == "later"
    assert {profile_for(code).open_questions for code in available_profiles()
            if code not in ("JP", "DEFAULT")} == {"ask"}
    assert profile_for(None).open_questions == "ask"
