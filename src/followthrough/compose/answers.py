"""An answer the candidate marked weak, told to someone who can help repair it.

The debrief's ``answer`` holds what the candidate said and, after a semicolon, what
fell short in their own words: "Inject a fake clock and replay recorded sessions;
I got there slowly." A recruiter needs both: the gist, told as what the candidate
proposed, and the gap, told in the first person. Whether the gist starts with a
verb ("Inject ...": "my answer was to inject ...") or a noun ("Idempotency keys and
an outbox": "my answer was idempotency keys and an outbox") is read from the
word's forms in the lexicon (:mod:`followthrough.compose.lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthrough.compose.lexicon import is_base_verb, lemmas

GAP_START = re.compile(r";\s*|,?\s+(?:but|though|although)\s+(?=I\b)")
"""Where the gist ends and the gap begins: a semicolon, or "but I" / "though I"."""
FIRST_PERSON = ("i ", "i'", "i’", "my ", "we ")
"""A gap already told in the first person."""
FUNCTION_WORDS = frozenset({"a", "an", "the", "my", "our", "one", "two", "three", "some",
                            "each", "every", "no", "not", "this", "that", "these", "those"})
"""Words the lexicon leaves out that start an ordinary phrase."""
NOUN_ENDINGS = ("ency", "ancy", "tion", "sion", "ness", "ity", "ment", "ing", "ism", "ics")
"""Endings of ordinary nouns the lexicon may lack ("idempotency")."""
WAS_WORDS = frozenset({"ADJ"})
"""A gap that starts with one of these is a state: "unsure how ..." -> "I was unsure how ..."."""


_ASKED = re.compile(r"^(?P<wh>how|what|why|when|where|which|who)\s+(?P<modal>would|will|could|"
                    r"can|should|might)\s+you\s+(?P<rest>[^?]+)\?$", re.IGNORECASE)
_YOURS = {"you": "me", "your": "my", "yours": "mine", "yourself": "myself"}


def reported(asked: str) -> str | None:
    """A question put to the candidate, told in reported speech: "How would you keep
    settlement exactly-once?" -> "how I would keep settlement exactly-once" (rounds
    82 and 83 read the question quoted mid-sentence as pasted notes). None for a
    question of another shape, which is then quoted."""
    found = _ASKED.match(asked.strip())
    if found is None:
        return None
    rest = re.sub(r"\b(you|your|yours|yourself)\b",
                  lambda word: _YOURS[word.group(1).lower()], found.group("rest").strip())
    return f"{found.group('wh').lower()} I {found.group('modal').lower()} {rest}"


@dataclass(frozen=True)
class WeakAnswer:
    asked: str
    proposal: str | None
    """What the candidate answered, as a clause: "my answer was to inject a fake clock"."""
    gap: str | None
    """What fell short, in the first person: "I got there slowly"."""
    reported: str | None = None
    """The question in reported speech, where it has a shape that allows it."""
    better: str | None = None
    """The answer the candidate would give now, as they wrote it."""
    asker: str | None = None
    """Who asked, as the message names them ("Takahashi-san"); ``None``: "they"."""


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",.:;") if text.split() else ""


def _is_past_verb(word: str) -> bool:
    forms = lemmas(word)
    return "VERB" in forms and word.lower() not in forms["VERB"] and word.lower().endswith(
        ("ed", "t", "ot", "ew", "ost", "ent", "ame", "ave", "ook", "oke", "ang", "an"))


def lower_start(text: str) -> str:
    """The phrase with its first letter lower-cased where it continues a sentence,
    unless its first word is a name ("Kafka", unknown to the lexicon and without a
    common noun ending; "Kafka Streams"), an acronym or a word with inner capitals
    ("CRDTs", "PostgreSQL"), or the pronoun "I"."""
    word = _first_word(text)
    if not word or word == "I" or any(letter.isupper() for letter in word[1:]):
        return text
    words = text.split()
    if len(words) > 1 and words[1][:1].isupper():
        return text
    if word.lower() in FUNCTION_WORDS or lemmas(word) or word.lower().endswith(NOUN_ENDINGS):
        return text[:1].lower() + text[1:]
    return text


def proposal(gist: str) -> str | None:
    """"my answer was to ..." for an instruction, "my answer was ..." for a thing."""
    gist = gist.strip().rstrip(".")
    word = _first_word(gist)
    if not word:
        return None
    if is_base_verb(word) and word.lower() not in ("a", "an", "the"):
        return f"my answer was to {lower_start(gist)}"
    return f"my answer was {lower_start(gist)}"


def first_person_gap(gap: str) -> str | None:
    """The gap as the candidate's own sentence, or None when its form is unclear."""
    gap = gap.strip().rstrip(".")
    if not gap:
        return None
    if gap.lower().startswith(FIRST_PERSON):
        return gap[0].upper() + gap[1:] if gap.lower().startswith("i") else gap
    word = _first_word(gap)
    kinds = set(lemmas(word))
    if word.lower() in ("never", "not", "only", "barely", "hardly"):
        return f"I {lower_start(gap)}"
    if kinds & WAS_WORDS or word.lower() in ("too", "slow", "vague", "unclear"):
        return f"I was {lower_start(gap)}"
    if _is_past_verb(word):
        return f"I {lower_start(gap)}"
    return None


SELF_BLAME = re.compile(
    r"\b(?:rambl\w*|waffl\w*|babbl\w*|mumbl\w*|froze|freez\w*|blank\w*|panick\w*|"
    r"nervous\w*|flustered|messed|blew|stumbl\w*|tongue-tied|embarrass\w*)\b", re.IGNORECASE)
"""How the candidate judged their own delivery, which a note to self may say and a
recruiter, who sells the candidate, should not be handed (round 85: "but I rambled
and gave no number")."""


def without_self_blame(gap: str | None) -> str | None:
    """The gap without its parts that only judge the candidate's delivery: "I rambled
    and gave no number" -> "I gave no number"; None when nothing else is left."""
    if gap is None or not SELF_BLAME.search(gap):
        return gap
    parts = re.split(r",?\s+and\s+|,\s+", gap)
    kept = [part for part in parts if not SELF_BLAME.search(part)]
    if not kept:
        return None
    told = " and ".join(kept)
    if told.lower().startswith(FIRST_PERSON):
        return told
    return first_person_gap(told) if parts[0].startswith("I ") else None


def weak_answer(asked: str, answer: str | None, better: str | None = None,
                asker: str | None = None) -> WeakAnswer:
    """The parts of an answer marked weak: what was proposed, what fell short, and
    the answer the candidate would give now."""
    told = reported(asked)
    now = better.strip().rstrip(".") if better and better.strip() else None
    if not answer or not answer.strip():
        return WeakAnswer(asked.strip(), None, None, told, now, asker)
    gist, *rest = GAP_START.split(answer, maxsplit=1)
    gap = first_person_gap(rest[0]) if rest and rest[0].strip() else None
    gap = without_self_blame(gap)
    return WeakAnswer(asked.strip(), proposal(gist), gap, told, now, asker)
