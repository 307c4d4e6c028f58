"""One finding per mistake: for every category pair of data/precedence.toml, a text
in which both fire (the losing one shows when the winner is switched off), and
only the winner is reported."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from followthrough.check import CheckSettings, check
from followthrough.check.precedence import explains
from followthrough.debrief import read_debrief

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _debrief(name: str) -> Any:
    return read_debrief(EXAMPLES / name)


BERLIN = "debrief-berlin.toml"
TOKYO = "debrief-tokyo-payments.toml"
OVERLAPS: dict[tuple[str, str], dict[str, Any]] = {
    ("placeholder", "wrong-name"): {
        "text": "Dear [Interviewer],\n\nThank you for the conversation.", "context": BERLIN},
    ("placeholder", "spelling"): {
        "text": "Thank you for the conversation about [teh offline cahce].", "context": None},
    ("wrong-name", "spelling"): {
        "text": "Dear Ms Demir,\n\nI would love to join Demirr Labs.", "context": BERLIN},
    ("wrong-name", "formality"): {
        "text": "Dear Yamamoto Aiko,\n\nThank you for your time.", "context": TOKYO,
        "to": "Takahashi Kenta"},
    ("familiar-tone", "spelling"): {
        "text": "Thank you, tbh I will prepare the design note tonight.", "context": None},
    ("formality", "familiar-tone"): {
        "text": "Hey Takahashi-san,\n\nThank you for your time.", "context": TOKYO},
    ("missing-attachment", "unrequested-attachment"): {
        "text": "Thank you for your time. I've attached my portfolio.", "context": None,
        "attachments": []},
}


def _check(case: dict[str, Any], settings: CheckSettings | None = None) -> list[Any]:
    debrief = _debrief(case["context"]) if case["context"] else None
    sent_at = None
    if debrief is not None:
        sent_at = debrief.interview.starts + timedelta(minutes=debrief.interview.minutes,
                                                       hours=3)
    return check(case["text"], context=debrief, to=case.get("to"), sent_at=sent_at,
                 attachments=case.get("attachments"), settings=settings)


def test_every_pair_has_an_overlap_text() -> None:
    assert {(winner, loser) for winner, loser, _ in explains()} == set(OVERLAPS)


@pytest.mark.parametrize(("pair", "case"), OVERLAPS.items(),
                         ids=[f"{w}-over-{lo}" for w, lo in OVERLAPS])
def test_the_explaining_finding_is_the_one_reported(pair: tuple[str, str],
                                                    case: dict[str, Any]) -> None:
    winner, loser = pair
    alone = _check(case, CheckSettings(disabled=[winner]))
    both = _check(case)

    loser_spans = [(f.start, f.end) for f in alone if f.category == loser]
    assert loser_spans, f"{loser} does not fire on its own: {alone}"
    winners = [f for f in both if f.category == winner]
    assert any(f.start < end and start < f.end for f in winners for start, end in loser_spans)
    assert not [f for f in both if f.category == loser
                and any(w.start < f.end and f.start < w.end for w in winners)], both
