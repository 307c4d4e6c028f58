"""What the checker needs from a debrief, prepared once per record and cached.

People are reduced to their name tokens (given name, family name, the
salutation they prefer), the company to its distinctive words, and each
interviewer's topics to keywords, so that rules only do set look-ups.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from followthrough.address import Role
    from followthrough.debrief.model import Debrief, Interviewer, Recruiter, Reference

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "madame",
    "san", "sama", "sensei", "kun", "herr", "frau", "monsieur", "mme", "mlle", "m",
})
GROUP_WORDS = frozenset({
    "team", "all", "everyone", "everybody", "hiring", "manager", "managers", "committee",
    "panel", "there", "folks", "guys", "colleagues", "recruiting", "recruitment", "talent",
    "acquisition", "hr", "human", "resources", "whom", "it", "may", "concern", "friends",
    "the", "and", "of", "to", "interview", "interviewers", "board", "members", "department",
})
COMPANY_SUFFIXES = frozenset({
    "inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag",
    "kk", "k.k", "plc", "sa", "sas", "bv", "nv", "pte", "pty", "group", "holdings",
})
STOPWORDS = frozenset({
    "a", "about", "above", "across", "after", "again", "against", "all", "also", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "moving", "my",
    "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out",
    "over", "own", "plan", "same", "she", "should", "so", "some", "such", "team", "teams", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "work", "works", "would", "you",
    "your", "yours",
})

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def name_tokens(text: str) -> list[str]:
    """The words of a name, casefolded, without honorifics ("Dr. Kenji Ito" -> kenji, ito)."""
    return [token for token in (t.casefold() for t in _TOKEN.findall(text))
            if token not in HONORIFICS]


def stem(word: str) -> str:
    """A crude stem, enough to match "streaming" with "stream" and "audits" with "audit"."""
    word = word.casefold()
    return word[:5] if len(word) > 5 else word.rstrip("s")


def keywords(text: str) -> frozenset[str]:
    return frozenset(stem(word) for word in _TOKEN.findall(text)
                     if len(word) > 3 and word.casefold() not in STOPWORDS)


@dataclass(frozen=True)
class Person:
    """Someone a message may be written to, as the rules look them up."""

    name: str
    role: str
    """interviewer | recruiter | reference"""
    given: str
    family: str
    tokens: frozenset[str]
    salutation: str | None
    topics: tuple[str, ...]
    topic_keywords: tuple[frozenset[str], ...]
    suggested: str = ""
    """The formal greeting the culture expects for them (``Dear Ms Demir``)."""
    first_name_asked: bool = False
    """The record says to address them by first name: "Hi Jonas" is what they asked for."""

    @property
    def formal_greeting(self) -> str:
        if self.salutation:
            return self.salutation
        return self.suggested or f"Dear {self.name}"


@dataclass(frozen=True)
class Promised:
    """A promise of the debrief, with the words that name what was promised."""

    what: str
    to: str | None
    attachment: str | None
    keywords: frozenset[str]


@dataclass(frozen=True)
class Prepared:
    """A debrief, reduced to what rules look up."""

    people: tuple[Person, ...]
    company: str
    company_core: tuple[str, ...]
    """The company's distinctive words (casefolded), legal suffixes dropped."""
    role: str
    role_keywords: frozenset[str]
    name_tokens: dict[str, str]
    """Every token of a person's or the company's name, casefolded -> as written."""
    known_words: frozenset[str]
    promises: tuple[Promised, ...]
    formality: str
    interview_end: datetime
    country: str = ""
    """The interview's country (ISO 3166-1 alpha-2, upper case), empty when unknown."""
    zone: tzinfo | None = None
    """Where the interviewers work: what "today" and "yesterday" mean to them."""

    def person(self, name: str | None) -> Person | None:
        """The person a ``--to`` value names: full name, else a unique given or family name."""
        if not name:
            return None
        exact = " ".join(name.split()).casefold()
        for person in self.people:
            if " ".join(person.name.split()).casefold() == exact:
                return person
        wanted = name_tokens(name)
        for person in self.people:
            if wanted and tuple(wanted) == tuple(name_tokens(person.name)):
                return person
        candidates = [person for person in self.people if wanted and set(wanted) <= person.tokens]
        return candidates[0] if len(candidates) == 1 else None

    def people_named(self, tokens: list[str]) -> list[Person]:
        return [person for person in self.people if any(t in person.tokens for t in tokens)]


_CACHE: OrderedDict[int, tuple[Debrief, Prepared]] = OrderedDict()
_CACHE_SIZE = 32


def prepared(debrief: Debrief) -> Prepared:
    """The prepared form of a debrief, built once per record object."""
    key = id(debrief)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is debrief:
        _CACHE.move_to_end(key)
        return hit[1]
    result = _prepare(debrief)
    _CACHE[key] = (debrief, result)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _prepare(debrief: Debrief) -> Prepared:
    from datetime import timedelta

    from followthrough.culture import profile_for

    people = _people(debrief)
    interview = debrief.interview
    company_words = name_tokens(interview.company)
    core = tuple(word for word in company_words if word.replace(".", "") not in COMPANY_SUFFIXES
                 and word not in {"k"})
    tokens: dict[str, str] = {}
    for text in [person.name for person in people] + [interview.company]:
        for word in _TOKEN.findall(text):
            if word.casefold() not in HONORIFICS and len(word) > 1:
                tokens[word.casefold()] = word
    known = {word.casefold() for word in _TOKEN.findall(" ".join(_record_texts(debrief)))}
    known |= {word.casefold() for word in _TOKEN.findall(_every_text(debrief.to_document()))}
    promises = tuple(
        Promised(p.what, p.to, p.attachment, keywords(f"{p.what} {p.attachment or ''}"))
        for p in debrief.promises)
    return Prepared(
        people=people, company=interview.company, company_core=core or tuple(company_words),
        role=interview.role, role_keywords=keywords(interview.role), name_tokens=tokens,
        known_words=frozenset(known), promises=promises,
        formality=profile_for(interview.country).formality,
        interview_end=interview.starts + timedelta(minutes=interview.minutes),
        country=(interview.country or "").upper(), zone=_zone(debrief))


def _zone(debrief: Debrief) -> tzinfo | None:
    from followthrough.errors import BadInput

    try:
        return debrief.zone
    except (BadInput, ValueError, LookupError):
        return debrief.interview.starts.tzinfo


def _every_text(value: object) -> str:
    """Every text of a record document: each word the user wrote counts as known."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_every_text(item) for item in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_every_text(item) for item in value)
    return ""


def _people(debrief: Debrief) -> tuple[Person, ...]:
    from followthrough.culture import profile_for

    culture = profile_for(debrief.interview.country)
    people = [_person(p, "interviewer", debrief, culture.salutation, tuple(p.topic_texts),
                      recalled=_recalled(p))
              for p in debrief.interviewers]
    if debrief.recruiter:
        people.append(_person(debrief.recruiter, "recruiter", debrief, culture.salutation, ()))
    people.extend(_person(r, "reference", debrief, culture.salutation, ())
                  for r in debrief.references)
    return tuple(people)


def _recalled(person: Interviewer) -> tuple[str, ...]:
    """What else names a conversation with ``person``: the moment kept with them and
    each topic's short form (a later note says "your move to streaming")."""
    shorts = [short for text in person.topic_texts if (short := person.short_for(text))]
    return (*((person.highlight,) if person.highlight else ()), *shorts)


def _person(record: Interviewer | Recruiter | Reference, role: Role, debrief: Debrief,
            culture_salutation: str, topics: tuple[str, ...],
            recalled: tuple[str, ...] = ()) -> Person:
    """A person as the rules see them; a note that recalls a moment kept with them
    (``recalled``) refers to them as surely as one that names a topic. The greeting
    a recorded form of address asks for counts as their salutation ("Dear Jonas"
    when they asked for first names), and the suggested formal greeting follows the
    country's custom
    ("Dear Ms Demir" in Germany, "Dear Sato-san" in Japan)."""
    from followthrough.address import address_of

    name = record.name
    words = name_tokens(name)
    recorded_family = name_tokens(record.family_name or "")
    country = debrief.interview.country
    called = address_of(record, role=role, country=country,
                        culture_salutation=culture_salutation)
    salutation = record.salutation or (called.name if record.address else None)
    formal = address_of(record, role=role, country=country,
                        culture_salutation=culture_salutation, form="family-name")
    formal_greeting = formal.exact or (f"Dear {formal.name}" if formal.formal
                                       else "Dear Ms/Mr <family name>")
    family = " ".join(recorded_family) if recorded_family else (
        words[-1] if len(words) > 1 else "")
    given = next((word for word in words if word not in recorded_family), "") \
        if recorded_family else (words[0] if words else "")
    return Person(name=name, role=role, given=given,
                  family=family, tokens=frozenset([*words, *recorded_family]),
                  salutation=salutation, topics=topics,
                  topic_keywords=tuple(keywords(topic) for topic in (*topics, *recalled)),
                  suggested=formal_greeting, first_name_asked=record.address == "first-name")


def _record_texts(debrief: Debrief) -> list[str]:
    texts = [debrief.candidate.name, debrief.interview.company, debrief.interview.role,
             *debrief.candidate.strengths]
    for person in debrief.interviewers:
        texts += [person.name, person.title or "", *person.topic_texts, *_recalled(person),
                  person.question or "", person.how_it_went or ""]
    texts += [p.what for p in debrief.promises] + [r.title for r in debrief.resources]
    texts += [m.point for m in debrief.missed]
    texts += [r.name for r in debrief.references] + ([debrief.recruiter.name, debrief.recruiter.firm
                                                     or ""] if debrief.recruiter else [])
    return texts


def hours_after_interview(context: Prepared, sent_at: datetime) -> float:
    return (sent_at - context.interview_end).total_seconds() / 3600
