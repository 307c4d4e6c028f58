"""The facts one message is written from: everything a template may refer to,
taken from the debrief and the planned action, for this recipient only.

Items addressed to nobody in particular (a missed point or a resource
without ``to``) go into the note of the first interviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from followthrough.compose.salutation import addressee
from followthrough.compose.templating import RANK_VARIABLE, SEED_VARIABLE
from followthrough.culture import Profile, profile_for
from followthrough.debrief.model import Debrief, Interviewer, same_person_key
from followthrough.plan import Action

_WORD = re.compile(r"[^\W\d_]+")
_COMMON = frozenset({
    "about", "after", "also", "across", "before", "from", "have", "into", "more", "most",
    "only", "other", "over", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "what", "when", "where", "which", "while", "with",
    "work", "works", "team", "teams", "your", "yours", "being", "been", "were", "will",
    "would", "could", "should",
})


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, and what the record says about them."""

    name: str
    role: str
    """interviewer | recruiter | reference | other"""
    rank: int
    email: str | None
    interviewer: Interviewer | None = None


def recipient(debrief: Debrief, name: str) -> Recipient:
    key = same_person_key(name)
    for rank, person in enumerate(debrief.interviewers):
        if same_person_key(person.name) == key:
            return Recipient(person.name, "interviewer", rank, person.email, person)
    offset = len(debrief.interviewers)
    recruiter = debrief.recruiter
    if recruiter is not None and same_person_key(recruiter.name) == key:
        return Recipient(recruiter.name, "recruiter", offset, recruiter.email)
    offset += 1
    for index, reference in enumerate(debrief.references):
        if same_person_key(reference.name) == key:
            return Recipient(reference.name, "reference", offset + index, reference.email)
    return Recipient(name, "other", offset + len(debrief.references), None)


def interview_seed(interview_id: int | None, debrief: Debrief) -> str:
    if interview_id:
        return f"interview {interview_id}"
    interview = debrief.interview
    return f"{interview.company}\x00{interview.role}\x00{interview.starts.isoformat()}"


def _for(item_to: str | None, who: Recipient, debrief: Debrief) -> bool:
    if item_to is None:
        return who.role == "interviewer" and who.rank == 0
    return same_person_key(item_to) == same_person_key(who.name)


def _day(value: date) -> str:
    return f"{value.day} {value:%B}"


def _met(starts: datetime, due: datetime) -> tuple[str, str]:
    """When the interview was, seen from the moment the message goes out:
    relative (``today``) and absolute (``on Monday 16 November``)."""
    zone = due.tzinfo
    start_day = starts.astimezone(zone).date()
    days = (due.date() - start_day).days
    absolute = f"on {start_day:%A} {_day(start_day)}"
    if days == 0:
        return "today", absolute
    if days == 1:
        return "yesterday", absolute
    if 1 < days < 6:
        return f"on {start_day:%A}", absolute
    return absolute, absolute


def _interviewer_facts(person: Interviewer) -> dict[str, Any]:
    return {"name": person.name, "title": person.title, "rapport": person.rapport,
            "topics": list(person.topics), "topic": person.topics[0] if person.topics else None}


def _record_names(debrief: Debrief) -> list[str]:
    return [*debrief.people(), debrief.interview.company, debrief.candidate.name]


def facts(interview_id: int | None, debrief: Debrief, action: Action, who: Recipient | None,
          profile: Profile | None = None) -> dict[str, Any]:
    """The template variables for one action."""
    profile = profile or profile_for(debrief.interview.country)
    interview = debrief.interview
    candidate = debrief.candidate
    met, met_on = _met(interview.starts, action.due)
    reflection = debrief.reflection
    values: dict[str, Any] = {
        SEED_VARIABLE: interview_seed(interview_id, debrief),
        RANK_VARIABLE: who.rank if who else 0,
        "kind": action.kind,
        "number": _number(action.key),
        "short": False,
        "formal": profile.formality == "formal",
        "company": interview.company,
        "role": interview.role,
        "round": interview.round,
        "format": interview.format,
        "met": met,
        "met_on": met_on,
        "candidate": {"name": candidate.name, "first": candidate.name.split()[0],
                      "signature": candidate.signature or candidate.name,
                      "strengths": list(candidate.strengths)},
        "decision": interview.decision,
        "decision_by": _day(interview.decision_by) if interview.decision_by else None,
        "they_will_contact": interview.they_will_contact,
        "next_steps": interview.next_steps,
        "interviewers": [_interviewer_facts(person) for person in debrief.interviewers],
        "questions": [q.model_dump() for q in debrief.questions],
        "struggled": [q.asked for q in debrief.questions if q.struggled],
        "went_well": list(reflection.went_well) if reflection else [],
        "improve": list(reflection.improve) if reflection else [],
        "learned": reflection.learned if reflection else None,
        "promise_list": [{"what": p.what, "to": p.to} for p in debrief.promises],
    }
    values.update(_recipient_facts(debrief, action, who, profile))
    return values


def _number(key: str) -> int:
    tail = key.rsplit(".", 1)[-1]
    return int(tail) if tail.isascii() and tail.isdigit() else 1


def _recipient_facts(debrief: Debrief, action: Action, who: Recipient | None,
                     profile: Profile) -> dict[str, Any]:
    if who is None:
        return {"to": None, "recipient_role": None, "greeting": None,
                "greeting_everyday": None, "person": None, "topic": None, "strength": None,
                "strength_fits": False, "missed": [], "promises": [], "resources": [],
                "reference": None, "promise": None}
    person = who.interviewer
    company_side = who.role in ("interviewer", "recruiter", "other")
    called = addressee(who.name, profile=profile, company_side=company_side,
                       record_names=_record_names(debrief),
                       salutation=person.salutation if person else None)
    strength, fits = _strength_for(debrief.candidate.strengths,
                                   list(person.topic_texts) if person else [], who.rank)
    return {
        "to": who.name,
        "recipient_role": who.role,
        "greeting": called.greeting,
        "greeting_everyday": called.greeting_everyday,
        "addressee": called.name,
        "dear": called.dear,
        "hello": called.hello,
        "person": _interviewer_facts(person) if person else None,
        "topic": person.topics[0] if person and person.topics else None,
        "strength": strength,
        "strength_fits": fits,
        "missed": [m.point for m in debrief.missed if _for(m.to, who, debrief)],
        "promises": [p.what for p in debrief.promises if p.to and _for(p.to, who, debrief)],
        "resources": [{"title": r.title, "url": r.url} for r in debrief.resources
                      if _for(r.to, who, debrief)],
        "reference": _reference_facts(debrief, who),
        "promise": _promise_facts(debrief, action),
    }


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _WORD.findall(text.casefold())
            if len(word) > 3 and word not in _COMMON}


def _strength_for(strengths: list[str], topics: list[str], rank: int) -> tuple[str | None, bool]:
    """The strength that shares most words with the recipient's topics (and whether
    any does); among equals, a different one for each recipient."""
    if not strengths:
        return None, False
    topic_stems = _stems(" ".join(topics))
    order = [strengths[(rank + offset) % len(strengths)] for offset in range(len(strengths))]
    best = max(order, key=lambda strength: len(_stems(strength) & topic_stems))
    return best, bool(_stems(best) & topic_stems)


def _reference_facts(debrief: Debrief, who: Recipient) -> dict[str, Any] | None:
    for reference in debrief.references:
        if same_person_key(reference.name) == same_person_key(who.name):
            return {"relationship": reference.relationship,
                    "emphasise": list(reference.emphasise)}
    return None


def _promise_facts(debrief: Debrief, action: Action) -> dict[str, Any] | None:
    if action.kind != "promise":
        return None
    number = _number(action.key)
    if not 1 <= number <= len(debrief.promises):
        return None
    promise = debrief.promises[number - 1]
    return {"what": promise.what, "attachment": promise.attachment}
