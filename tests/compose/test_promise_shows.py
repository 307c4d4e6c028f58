"""A promised file or link is introduced with what it shows, when the debrief says
(``promises[].shows``): reviewers asked in four rounds running for one line on
what the attachment holds, instead of its title said twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from followthrough.compose import compose
from followthrough.compose.facts import facts, recipient
from followthrough.compose.gallery import interview_end
from followthrough.debrief import read_debrief
from followthrough.plan import plan

ALL = sorted(EXAMPLES.glob("debrief-*.toml"))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
@pytest.mark.parametrize("separate", [False, True])
def test_the_note_that_delivers_a_promise_says_what_it_shows(path: Path,
                                                             separate: bool) -> None:
    debrief = read_debrief(path)
    promises = [p.model_copy(update={"separate": separate}) for p in debrief.promises]
    debrief = debrief.model_copy(update={"promises": promises})
    shown = [p for p in promises if p.shows]
    assert shown, "every example's promise says what it shows"
    drafts = compose(1, debrief, plan(debrief, now=interview_end(debrief)),
                     template_dir=Path("/nonexistent"))
    for promise in shown:
        kinds = ("promise",) if separate else ("thank-you",)
        carrying = [d for d in drafts if d.kind in kinds and d.to == promise.to
                    and promise.what.split()[-1] in d.body]
        assert carrying, promise.what
        assert any(f"show {promise.shows}" in d.body or f"shows {promise.shows}" in d.body
                   for d in carrying), [d.body for d in carrying]


def test_the_llm_prompt_gets_what_the_promise_shows() -> None:
    debrief = read_debrief(EXAMPLES / "debrief-berlin.toml")
    actions = plan(debrief, now=interview_end(debrief))
    promise = next(a for a in actions if a.kind == "promise")

    assert promise.to is not None
    values = facts(1, debrief, promise, recipient(debrief, promise.to), plan=actions)

    assert values["promise"]["shows"] == debrief.promises[0].shows
