"""How to greet and sign off: the culture profile of the interview's country,
the person's own preferred salutation, and who they are to the candidate.

Interviewers and the recruiter are addressed in the company's register:
formal cultures get the family name with the country's honorific (Japan:
``Sato-san``) or, where the honorific depends on a gender the record does
not give, the full name; neutral cultures that use first names get the
first name. References are the candidate's own contacts: first name,
except in a formal culture, where the checker expects the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from followthrough.culture import Profile

HONORIFIC_SUFFIX = {"JP": "-san"}
TITLES = frozenset({"dr", "prof", "professor"})
IGNORED_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "madam", "herr", "frau"})
GREETING_WORDS = ("dear", "hello", "hi", "good morning", "good afternoon")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Addressee:
    """How one person is named in the greeting of a message."""

    name: str
    """What follows the greeting word: ``Sato-san``, ``Dr. Ito``, ``Marcus``."""
    dear: str
    """The formal greeting word: ``Dear`` (``Hello`` where ``Dear`` would look like a
    misspelling of a name in the record, e.g. for a ``Dean``)."""
    hello: str
    """The everyday greeting word: ``Hello`` in neutral cultures, else as ``dear``."""
    greeting: str
    """A complete formal greeting without the comma: ``Dear Sato-san``."""
    greeting_everyday: str
    """The everyday greeting: ``Hello Marcus`` in neutral cultures, else as ``greeting``."""


def _words(name: str) -> tuple[list[str], list[str]]:
    """Titles kept for the greeting (Dr., Prof.) and the name's other words."""
    titles: list[str] = []
    rest: list[str] = []
    for word in name.split():
        key = word.rstrip(".").casefold()
        if key in TITLES and not rest:
            titles.append(word)
        elif key in IGNORED_TITLES and not rest:
            continue
        else:
            rest.append(word)
    return titles, rest


def addressee_name(name: str, *, profile: Profile, company_side: bool,
                   salutation: str | None = None) -> str:
    if salutation:
        return salutation
    titles, words = _words(name)
    if not words:
        return name
    formal = profile.formality == "formal"
    if titles and len(words) > 1:
        return f"{' '.join(titles)} {words[-1]}"
    if company_side and formal and len(words) > 1 and profile.country in HONORIFIC_SUFFIX:
        return f"{words[-1]}{HONORIFIC_SUFFIX[profile.country]}"
    if formal or (company_side and profile.salutation != "first-name"):
        return " ".join(words)
    return words[0]


def greeting_words(profile: Profile, record_names: list[str]) -> tuple[str, str]:
    """The formal and the everyday greeting word for this interview."""
    tokens = {token.casefold() for name in record_names for token in _LETTERS.findall(name)}
    dear = "Dear" if not _confusable("dear", tokens) else "Hello"
    hello = "Hello" if profile.formality != "formal" and not _confusable("hello", tokens) \
        else dear
    return dear, hello


def _confusable(word: str, tokens: set[str]) -> bool:
    return any(token != word and Levenshtein.distance(word, token) <= 1 for token in tokens)


def addressee(name: str, *, profile: Profile, company_side: bool, record_names: list[str],
              salutation: str | None = None) -> Addressee:
    dear, hello = greeting_words(profile, record_names)
    called = addressee_name(name, profile=profile, company_side=company_side,
                            salutation=salutation)
    if called.casefold().startswith(GREETING_WORDS):
        return Addressee(name=called, dear=dear, hello=hello, greeting=called,
                         greeting_everyday=called)
    return Addressee(name=called, dear=dear, hello=hello, greeting=f"{dear} {called}",
                     greeting_everyday=f"{hello} {called}")
