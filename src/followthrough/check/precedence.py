"""One finding per mistake: where findings of two categories cover the same text
and one category explains the other, only the explaining finding is reported.

The order is data (``data/precedence.toml``), documented in ``docs/rules.md``:
each pair names the category that wins and the one it explains.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from followthrough.check.speed import cache as derived

if TYPE_CHECKING:
    from followthrough.check.model import Finding

PRECEDENCE_FILE = Path(__file__).parent / "data" / "precedence.toml"


@cache
def explains() -> tuple[tuple[str, str, str], ...]:
    """(winner, loser, why) for every pair, in file order; parsed once per change
    of the file and kept in the cache folder (importing tomllib costs a short
    process more than checking a note)."""
    text = PRECEDENCE_FILE.read_text("utf-8")
    name = f"precedence-{derived.digest(text)}.marshal"
    kept = derived.load(name)
    if isinstance(kept, tuple) and all(isinstance(pair, tuple) and len(pair) == 3
                                       for pair in kept):
        return kept
    import tomllib

    data = tomllib.loads(text)
    pairs = tuple((str(pair["wins"]), str(pair["over"]), str(pair["why"]))
                  for pair in data["pair"])
    derived.store(name, pairs)
    return pairs


@cache
def _losers() -> dict[str, frozenset[str]]:
    """Category -> the categories that explain it."""
    by_loser: dict[str, set[str]] = {}
    for winner, loser, _ in explains():
        by_loser.setdefault(loser, set()).add(winner)
    return {loser: frozenset(winners) for loser, winners in by_loser.items()}


def one_per_mistake(findings: Sequence[Finding]) -> list[Finding]:
    """The findings less those whose text another finding covers that explains them
    (spans that overlap; a message-level finding explains only one of the same span)."""
    losers = _losers()
    if not any(f.category in losers for f in findings):
        return list(findings)
    kept = []
    for finding in findings:
        winners = losers.get(finding.category)
        if winners and any(other.category in winners and _overlap(finding, other)
                           for other in findings):
            continue
        kept.append(finding)
    return kept


def _overlap(first: Finding, second: Finding) -> bool:
    return first.start < second.end and second.start < first.end
