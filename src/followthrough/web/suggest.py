"""Which checker suggestions can be applied with one click, and what they put
in place of the flagged words.

The checker's suggestions are sentences for people. Some name exactly one
replacement ("Write 'thank you' instead."); those become a button. The rest
stay advice: the writer knows best how to rephrase a sentence.
"""

from __future__ import annotations

import re

from followthrough.check import Finding

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Write '([^']+)'(?: instead)?[.;]"), r"\1"),
    (re.compile(r"^Open with '([^']+)' or '[^']+' and the person's name"), r"\1"),
    (re.compile(r"^Open formally: '(Dear|Hello) "), r"\1"),
    (re.compile(r"^(?:Sign off|Close) with '([^']+)' or"), r"\1"),
    (re.compile(r"^End the sentence with a single full stop\.$"), "."),
    (re.compile(r"^Replace '[^']+' with ([^,']+), and reread"), r"\1"),
    (re.compile(r"^Leave out '[^']+' and let the words carry the warmth\.$"), ""),
)


def replacement(finding: Finding) -> str | None:
    """The text that replaces ``finding``'s span, or None when it is advice only."""
    for pattern, template in _RULES:
        match = pattern.match(finding.suggestion)
        if match:
            return match.expand(template)
    return None


def segments(text: str, findings: list[Finding]) -> list[tuple[str, int | None]]:
    """The text cut at the findings' spans: (piece, index of its finding or None).

    Overlapping spans keep the first finding; offsets are code points, as in
    the checker and in Python strings.
    """
    pieces: list[tuple[str, int | None]] = []
    position = 0
    for index, finding in sorted(enumerate(findings), key=lambda item: item[1].start):
        start, end = max(finding.start, position), min(finding.end, len(text))
        if end <= start:
            continue
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], index))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
