"""Suggestions for the reader's culture: the "-san" form only in Japan, and the
form of address the record gives for a person before any culture default; every
word of the debrief is known to the spelling check."""

from __future__ import annotations

import pytest

from followthrough.check import check
from followthrough.check.context import prepared

from .conftest import load_context

REPOSITORY_CONTEXTS = ("berlin", "denver", "london", "singapore", "tel-aviv", "tokyo-payments")


@pytest.mark.parametrize("name", REPOSITORY_CONTEXTS)
def test_san_is_suggested_only_in_japan(name: str) -> None:
    debrief = load_context(name)
    in_japan = debrief.interview.country == "JP"

    for person in prepared(debrief).people:
        assert ("-san" in person.formal_greeting) == in_japan, (name, person)


@pytest.mark.parametrize(("to", "expected"), [
    ("Aylin Demir", "Dear Ms Demir"),  # the German form, no "-san"
    ("Jonas Becker", "Dear Jonas"),    # the recorded form: he asked for first names
])
def test_a_full_name_greeting_is_offered_the_recorded_or_cultural_form(to: str,
                                                                       expected: str) -> None:
    debrief = load_context("berlin")
    text = f"Dear {to},\n\nThank you for the talk about offline sync at Nordlicht."

    findings = check(text, context=debrief, kind="thank-you", to=to)

    suggestions = [f.suggestion for f in findings if f.rule == "formality.greeting.full-name"]
    assert suggestions == [f"Greet them as they are addressed: '{expected},'."]


def test_japan_suggests_the_family_name_with_san() -> None:
    debrief = load_context("tokyo-payments")
    text = "Dear Aiko,\n\nThank you for your time at Kasumi Payments."

    findings = check(text, context=debrief, kind="thank-you", to="Yamamoto Aiko")

    assert [f.suggestion for f in findings if f.category == "formality"] == [
        "Use the family name with an honorific: 'Yamamoto-san,'."]


def test_every_word_of_the_debrief_is_known() -> None:
    debrief = load_context("berlin")
    text = ("Hi Priyanka,\n\nAs my tech lead at Fieldwise you know the offline-first "
            "architecture work best. Thank you for doing this.\n\nSam")

    findings = check(text, context=debrief, kind="reference-brief", to="Priyanka Das")

    assert not [f for f in findings if f.category == "spelling"], findings


def test_the_recipient_is_found_by_the_whole_name_before_its_letters() -> None:
    """A name whose letters are another person's ("0¹" and "¹", found by hypothesis)
    still names its own person: the note to "0¹" is not checked as one to "¹"."""
    debrief = load_context("berlin")
    first, second = debrief.interviewers[:2]
    debrief = debrief.model_copy(update={"interviewers": [
        first.model_copy(update={"name": "¹"}), second.model_copy(update={"name": "0¹"}),
        *debrief.interviewers[2:]]})

    context = prepared(debrief)

    named = [context.person("0¹"), context.person("¹")]
    assert [person.name if person else None for person in named] == ["0¹", "¹"]
