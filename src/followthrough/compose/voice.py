"""Words from the record, turned to face the reader.

A debrief is written by the candidate, for themself, often with the
interviewer's words in it: "conflict resolution in their offline cache", "we
aim to decide within ten days", "the design note I mentioned". Pasted as they
are, they speak from the wrong side. Each function here rewrites one
direction:

- :func:`to_company`: a phrase said to someone at the company ("their" and
  "our" cache become "your" cache, "the team" becomes "your team");
- :func:`about_company`: the company's words reported by the candidate to
  someone else ("we aim to decide" becomes "they aim to decide", "your cache"
  becomes "their cache");
- :func:`to_candidate`: the candidate's own words read back to them ("my
  write-up" becomes "your write-up");
- :func:`without_mention`: a noun phrase without a trailing "I mentioned",
  "we discussed", fit for a subject line or a list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TO_COMPANY = {
    "their": "your", "theirs": "yours", "our": "your", "ours": "yours",
    "they": "you", "we": "you", "them": "you", "us": "you", "themselves": "yourselves",
    "ourselves": "yourselves",
}
_ABOUT_COMPANY = {"we": "they", "our": "their", "ours": "theirs", "us": "them",
                  "ourselves": "themselves", "your": "their", "yours": "theirs",
                  "yourselves": "themselves"}
_TO_THIRD_PARTY = {**_ABOUT_COMPANY, "our": "their", "your": "their"}
_TO_CANDIDATE = {"i": "you", "my": "your", "me": "you", "mine": "yours", "myself": "yourself"}
_BE_SECOND = {"am": "are", "was": "were", "'m": "'re", "’m": "’re"}
_THE_TEAM = re.compile(r"\bthe (team|company)(['’]s)?\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?P<word>[A-Za-z]+)\b(?P<after>\s+(?:am|was)\b|['’]m\b)?")
_MENTION = re.compile(
    r"(?:,?\s+(?:that|which)\s+)?\s*(?:I|we)\s+(?:had\s+)?(?:mentioned|discussed|talked about|"
    r"promised|offered|spoke about|referred to)(?:\s+(?:earlier|today|in the interview|"
    r"during the interview|to (?:you|her|him|them)))?\s*$",
    re.IGNORECASE)


def to_company(text: str) -> str:
    """A phrase as said to someone at the company: ``your offline cache``."""
    turned = _swap(text, _TO_COMPANY, second_person=True)
    return _THE_TEAM.sub(lambda m: f"your {m.group(1).lower()}{m.group(2) or ''}", turned)


def about_company(text: str) -> str:
    """The company's own words, reported: ``they aim to decide``."""
    return _swap(text, _ABOUT_COMPANY, second_person=False)


def to_third_party(text: str) -> str:
    """A topic told to someone outside the company (the recruiter, a reference):
    ``how their team splits work``, the company's, as the reader takes it."""
    return _swap(text, _TO_THIRD_PARTY, second_person=False)


def to_candidate(text: str) -> str:
    """The candidate's own words, read back to them: ``your write-up``."""
    return _swap(text, _TO_CANDIDATE, second_person=True)


def without_mention(text: str) -> str:
    """``the design note on conflict-free sync I mentioned`` -> ``the design note on
    conflict-free sync``."""
    trimmed = _MENTION.sub("", text.strip()).rstrip(" ,;")
    return trimmed or text.strip()


def _swap(text: str, table: Mapping[str, str], *, second_person: bool) -> str:
    def replace(found: re.Match[str]) -> str:
        word, after = found.group("word"), found.group("after") or ""
        new = table.get(word.casefold())
        if new is None or (word.isupper() and len(word) > 1):
            return found.group()
        if word[:1].isupper() and (word != "I" or found.start() == 0):
            new = new[:1].upper() + new[1:]
        if after and second_person:
            verb = after.strip()
            after = after.replace(verb, _BE_SECOND.get(verb.casefold(), verb))
        return new + after

    return _PRONOUN.sub(replace, text)
