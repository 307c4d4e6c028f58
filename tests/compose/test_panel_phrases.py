"""The sentences of a thank-you's topic paragraph come from families of phrasings
(a lead sentence, then a follow-up chosen by what the record holds, then missed
points), drawn for each person of a panel, and several of them in one note. No two
phrasings in those families share a run of three words of their own: otherwise
two notes of one panel read as one template ("familiar ground for me" to two
people), or one note repeats itself ("I was glad we got to talk about ... I was
glad I could tell you about ...")."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

PARTS = Path(__file__).parents[2] / "src/followthrough/compose/templates/parts/thank-you"
FAMILIES = ("lead", "missed-leads", "joined", "joined-told", "joined-shared", "also", "filler",
            "follow-strength", "follow-told", "follow-echo", "missed-on-topic",
            "missed-on-topic2", "missed", "ahead", "answer-now")
TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


GLUE = frozenset({"i", "you", "we", "it", "a", "an", "the", "to", "of", "at", "on", "in",
                  "for", "and", "but", "that", "is", "was", "did", "not", "then", "about",
                  "get"})
"""Words that only hold a sentence together: a run of them alone ("i did not") is
no one's phrasing."""


def _runs(template: str) -> set[str]:
    """Three-word runs of the template's own words (not across a variable), other
    than runs of glue words only."""
    runs: set[str] = set()
    for piece in TAGS.split(template):
        words = re.findall(r"[a-z']+", piece.casefold())
        runs |= {" ".join(words[i:i + 3]) for i in range(len(words) - 2)
                 if not GLUE.issuperset(words[i:i + 3])}
    return runs


PHRASINGS = [(f"{family}/{path.name}", _runs(path.read_text(encoding="utf-8")))
             for family in FAMILIES for path in sorted((PARTS / family).glob("*.txt.j2"))]


def test_every_family_has_phrasings() -> None:
    found = {name.split("/")[0] for name, _ in PHRASINGS}
    assert found == set(FAMILIES)


def test_no_two_phrasings_share_three_words() -> None:
    shared = {f"{one} and {two}": sorted(first & second)
              for (one, first), (two, second) in itertools.combinations(PHRASINGS, 2)
              if first & second}
    assert not shared, shared


def test_the_check_catches_a_shared_phrase_and_ignores_variables() -> None:
    one = _runs("{% if a %}It is familiar ground for me, as {{ x }}.{% endif %}")
    two = _runs("{{ clause }}, so what you described is familiar ground for me.")
    three = _runs("I enjoyed {{ topic }} a lot, and {{ topic }} a lot more. I did not.")

    assert one & two == {"is familiar ground", "familiar ground for", "ground for me"}
    assert "a lot and" in three
    assert not any("topic" in run for run in three)
    assert "i did not" not in three
