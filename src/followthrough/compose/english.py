"""The recipient's English: American or British spelling, and dates in the
order their country writes them ("December 21" or "21 December").

Countries whose business English follows American usage get ``US``; everyone
else (the UK and Ireland, India, Singapore, Australia, most of Europe and the
Gulf) gets ``GB``. Spelling is changed only for the words in
:data:`SPELLINGS`: words our own sentences use, and common words a candidate
may write in a debrief.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal

Variant = Literal["US", "GB"]

AMERICAN = frozenset({
    "US", "PR", "CA", "PH", "JP", "KR", "TW", "MX", "BR", "CO", "CL", "AR", "PE", "LR",
})
"""Countries whose business English is American."""

SPELLINGS: dict[str, str] = {
    # British -> American; each pair also read the other way.
    "realise": "realize", "realised": "realized", "organise": "organize",
    "organised": "organized", "organisation": "organization", "organisations":
    "organizations", "prioritise": "prioritize", "prioritised": "prioritized",
    "emphasise": "emphasize", "emphasised": "emphasized", "recognise": "recognize",
    "recognised": "recognized", "apologise": "apologize", "summarise": "summarize",
    "summarised": "summarized", "optimise": "optimize", "optimised": "optimized",
    "optimisation": "optimization", "specialise": "specialize", "specialised":
    "specialized", "standardise": "standardize", "standardised": "standardized",
    "utilise": "utilize", "analyse": "analyze", "analysed": "analyzed", "centre": "center",
    "centred": "centered", "centres": "centers", "favour": "favor", "favourite": "favorite",
    "colour": "color", "behaviour": "behavior", "behaviours": "behaviors", "honour":
    "honor", "labour": "labor", "programme": "program", "programmes": "programs",
    "travelled": "traveled", "travelling": "traveling", "modelling": "modeling",
    "modelled": "modeled", "cancelled": "canceled", "catalogue": "catalog", "dialogue":
    "dialog", "licence": "license", "practise": "practice", "enrol": "enroll",
    "fulfil": "fulfill", "judgement": "judgment", "diaries": "calendars", "diary": "calendar",
    "whilst": "while", "amongst": "among", "learnt": "learned",
}
_TO_GB = {american: british for british, american in SPELLINGS.items()
          if american not in ("calendar", "calendars", "while", "among", "learned",
                              "practice", "license", "dialog", "program", "programs")}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def variant_for(country: str | None) -> Variant:
    return "US" if (country or "").upper() in AMERICAN else "GB"


_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")


def respell(text: str, variant: Variant) -> str:
    """``text`` with the listed words in the variant's spelling (case kept); words
    inside quotation marks stay as they were said."""
    table = SPELLINGS if variant == "US" else _TO_GB
    pieces: list[str] = []
    done = 0
    for quoted in _QUOTED.finditer(text):
        pieces.append(_WORD.sub(lambda found: _swap(found.group(), table),
                                text[done:quoted.start()]))
        pieces.append(quoted.group())
        done = quoted.end()
    pieces.append(_WORD.sub(lambda found: _swap(found.group(), table), text[done:]))
    return "".join(pieces)


def _swap(word: str, table: dict[str, str]) -> str:
    replacement = table.get(word.casefold())
    if replacement is None:
        return word
    if word.isupper() and len(word) > 1:
        return replacement.upper()
    if word[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_PATTERNS = {
    ("US", "day"): "EEEE, MMMM d", ("GB", "day"): "EEEE d MMMM",
    ("US", "date"): "MMMM d", ("GB", "date"): "d MMMM",
    ("US", "month"): "MMMM", ("GB", "month"): "MMMM",
}


@lru_cache(maxsize=512)
def _formatted(value: date, variant: Variant, form: str) -> str:
    from babel.dates import format_date

    return format_date(value, _PATTERNS[variant, form], locale=f"en_{variant}")


def long_day(value: date, variant: Variant) -> str:
    """``Wednesday, December 2`` (US) or ``Wednesday 2 December`` (GB)."""
    return _formatted(value, variant, "day")


def day_month(value: date, variant: Variant) -> str:
    """``December 2`` (US) or ``2 December`` (GB)."""
    return _formatted(value, variant, "date")


def month(value: date, variant: Variant) -> str:
    """``January``: the month alone, for a conversation weeks back."""
    return _formatted(value, variant, "month")


def weekday(value: date) -> str:
    return f"{value:%A}"
