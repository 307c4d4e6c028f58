"""The register of a note to someone the candidate is on easy terms with: the
contractions people use when they write to a colleague they get on with ("I'm",
"I'd", "didn't"), which the templates spell out for every other reader."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PARTICIPLES = ("been|made|led|built|run|done|seen|written|taught|brought|kept|given|taken|"
                "set|cut|grown|won|held|sent|spent|found|met|had|got|gotten|put|shown|known|"
                r"\w+ed")
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bI am\b(?= \w)"), "I'm"),
    (re.compile(r"\bI would\b(?= \w)"), "I'd"),
    (re.compile(r"\bI will\b(?= \w)"), "I'll"),
    (re.compile(rf"\bI have\b(?= (?:{_PARTICIPLES})\b)"), "I've"),
    (re.compile(r"\b([Ii]t|[Tt]hat) is\b(?= \w)"), r"\1's"),
    (re.compile(r"\b([Dd]o|[Dd]id|[Dd]oes|[Ii]s|[Ww]as) not\b"), r"\1n't"),
)


def contract(text: str, keep: Iterable[str] = ()) -> str:
    """``text`` with its auxiliaries contracted ("I would be glad" -> "I'd be glad"),
    leaving links, a sentence-final "I am." and the phrases in ``keep`` (the
    candidate's own words from the record) as they are."""
    kept = sorted({phrase.strip() for phrase in keep if " " in phrase.strip()},
                  key=len, reverse=True)
    spans = _LINK.pattern + "".join(f"|{re.escape(phrase)}" for phrase in kept)
    parts = re.split(f"({spans})", text)
    for index in range(0, len(parts), 2):
        for pattern, short in _CONTRACTIONS:
            parts[index] = pattern.sub(short, parts[index])
    return "".join(part for part in parts if part is not None)


_LINK = re.compile(r"\S+://\S+")
