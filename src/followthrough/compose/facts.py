"""The facts one message is written from: everything a template may refer to,
taken from the debrief and the planned action, for this recipient only, and
already turned to face the reader.

- Names: the form of address (:mod:`followthrough.address`) and a closing
  that fits it and the rapport.
- Time: words that are true at the moment the message goes out ("today" only
  on the interview day, "on Wednesday" a few days later).
- English: the recipient's spelling and date order (:mod:`.english`).
- Voice: record phrases rewritten for the reader (:mod:`.voice`).
- Strengths: only the one the record links to a topic; never guessed.

Items addressed to nobody in particular (a missed point or a resource
without ``to``) go into the note of the first interviewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from followthrough.address import Address, Role, address_for, address_of, given_name
from followthrough.compose import english, voice
from followthrough.compose.answers import weak_answer
from followthrough.compose.asking import indirect
from followthrough.compose.lexicon import HEAD_ENDS, is_plural, lemmas, verb_form
from followthrough.compose.templating import (
    INTERVIEW_SEED,
    RANK_VARIABLE,
    SEED_VARIABLE,
    lower_first,
    seed_offset,
    sentence_case,
)
from followthrough.culture import Profile, profile_for
from followthrough.debrief.model import (
    Debrief,
    Interviewer,
    Missed,
    Promise,
    Recruiter,
    Reference,
    Resource,
    same_person_key,
)
from followthrough.plan import Action
from followthrough.plan.business import calendar_for
from followthrough.plan.rules import PROMISE_WITH_THANKS

_WORD = re.compile(r"[^\W\d_]+")
_DEAR_LOOKALIKES = re.compile(r"^(?:deer|dean|deal|dead|dea|bear|near|ear)$")
COMPANY_SIDE = ("interviewer", "recruiter", "other")


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
        return f"{INTERVIEW_SEED}{interview_id}"
    interview = debrief.interview
    return f"{interview.company}\x00{interview.role}\x00{interview.starts.isoformat()}"


def _for(item_to: str | None, who: Recipient) -> bool:
    if item_to is None:
        return who.role == "interviewer" and who.rank == 0
    return same_person_key(item_to) == same_person_key(who.name)


@dataclass(frozen=True)
class Moment:
    """The interview seen from the moment a message goes out."""

    when: str
    """``today``, ``yesterday``, ``on Wednesday``, ``on 2 December``."""
    days: int
    """Calendar days between the interview and the sending, in the recipient's zone."""
    interview_day: str
    """``Wednesday 2 December`` / ``Wednesday, December 2``."""
    interview_date: str
    """``2 December`` / ``December 2``."""


def moment(starts: datetime, sent_at: datetime, variant: english.Variant) -> Moment:
    zone = sent_at.tzinfo
    start = starts.astimezone(zone)
    days = (sent_at.date() - start.date()).days
    day, date_only = english.long_day(start.date(), variant), \
        english.day_month(start.date(), variant)
    if days <= 0:
        when = "today"
    elif days == 1:
        when = "yesterday"
    elif days < 6:
        when = f"on {english.weekday(start.date())}"
    else:
        when = f"on {date_only}"
    return Moment(when=when, days=max(days, 0), interview_day=day, interview_date=date_only)


def _closing(address: Address, *, role: str, rapport: str | None, formality: str,
             variant: english.Variant) -> str:
    """A closing that fits the form of address, the rapport and the culture: the
    cooler or more formal, the plainer."""
    if role == "reference" and not address.formal:
        return "Thanks so much" if variant == "US" else "Many thanks"
    if rapport == "warm" and not address.formal:
        return "Best wishes" if variant == "GB" else "All the best"
    if address.formal or formality == "formal":
        if rapport == "cool":
            return "Yours sincerely" if variant == "GB" else "Sincerely"
        return "Kind regards" if variant == "GB" else "Best regards"
    return "Kind regards" if variant == "GB" else "Best regards"


INFORMAL_GREETING = frozenset({"IL", "AU", "NZ", "NL"})
"""Countries where "Hi" is the usual opening to someone on first-name terms."""


def _greeting_word(role: str, address: Address, record_names: Sequence[str],
                   country: str | None = None) -> str:
    """``Dear``; ``Hi`` to the candidate's own colleagues; ``Hello`` where ``Dear``
    would sit next to a name that looks like it (a "Dean")."""
    tokens = {token.casefold() for name in record_names for token in _WORD.findall(name)}
    if not address.formal and (role == "reference" or country in INFORMAL_GREETING):
        return "Hi"
    if any(_DEAR_LOOKALIKES.match(token) for token in tokens - {"dear"}):
        return "Hello"
    return "Dear"


def _record_names(debrief: Debrief) -> list[str]:
    return [*debrief.people(), debrief.interview.company, debrief.candidate.name]


def addressing(debrief: Debrief, who: Recipient, profile: Profile,
               variant: english.Variant) -> Address:
    person: Interviewer | Recruiter | Reference | None = who.interviewer
    if who.role == "recruiter":
        person = debrief.recruiter
    elif who.role == "reference":
        person = next((r for r in debrief.references
                       if same_person_key(r.name) == same_person_key(who.name)), None)
    if person is None:
        return address_for(who.name, country=debrief.interview.country,
                           culture_salutation=profile.salutation, role="other",
                           variant=variant)
    role: Role = "recruiter" if who.role == "recruiter" else \
        "reference" if who.role == "reference" else "interviewer"
    return address_of(person, role=role, country=debrief.interview.country,
                      culture_salutation=profile.salutation, variant=variant)


def facts(interview_id: int | None, debrief: Debrief, action: Action, who: Recipient | None,
          profile: Profile | None = None, *, sent_at: datetime | None = None,
          plan: Sequence[Action] = ()) -> dict[str, Any]:
    """The template variables for one action, as it goes out at ``sent_at``
    (default: its planned time)."""
    profile = profile or profile_for(debrief.interview.country)
    variant = english.variant_for(debrief.interview.country)
    interview = debrief.interview
    candidate = debrief.candidate
    sending = sent_at or action.due
    met = moment(interview.starts, sending.astimezone(action.due.tzinfo), variant)
    reflection = debrief.reflection
    values: dict[str, Any] = {
        SEED_VARIABLE: interview_seed(interview_id, debrief),
        RANK_VARIABLE: who.rank if who else 0,
        "note_plan": (seed_offset(interview_seed(interview_id, debrief), "plan", 3)
                      + (who.rank if who else 0)) % 3,
        "kind": action.kind,
        "number": _number(action.key),
        "short": False,
        "formal": profile.formality == "formal",
        "variant": variant,
        "company": short_company(interview.company),
        "company_full": interview.company,
        "role": interview.role,
        "the_role": the_role(interview.role),
        "role_title": interview.role.partition(", ")[0],
        "notify_on_rejection": interview.notify_on_rejection,
        "round": interview.round,
        "format": interview.format,
        "met": met.when,
        "met_on": f"on {met.interview_day}",
        "met_a_while_ago": f"on {met.interview_day}" if met.days <= 21
        else f"in {english.month(interview.starts.astimezone(action.due.tzinfo).date(), variant)}",
        "moment": met,
        "sent_at": sending,
        "candidate": {"name": candidate.name, "first": given_name(candidate.name),
                      "signature": candidate.signature or candidate.name,
                      "strengths": list(candidate.strengths)},
        "decision": voice.about_company(interview.decision) if interview.decision else None,
        "decision_said": _decision_said(interview.decision),
        "decision_reported": _reported(_decision_said(interview.decision) or "",
                                       interview.decision_by),
        "decision_to_you": _reported(voice.to_company(_decision_said(interview.decision)
                                                      or ""), interview.decision_by),
        "recruiter_runs": bool(debrief.recruiter and debrief.recruiter.runs_process),
        "decision_relative": _relative(interview.decision),
        "decision_by": english.day_month(interview.decision_by, variant)
        if interview.decision_by else None,
        "they_will_contact": interview.they_will_contact,
        "next_steps": voice.about_company(interview.next_steps) if interview.next_steps
        else None,
        "next_steps_to_you": voice.to_company(interview.next_steps) if interview.next_steps
        else None,
        "new_year": _first_note_of_the_year(action, sending, plan),
        "season_wish": _season_wish(debrief, action, sending, plan, profile),
        "season_ahead": _season_ahead(debrief, action, sending, profile),
        "interviewers": [_interviewer_facts(person, voice.to_third_party,
                                            company=short_company(interview.company),
                                            called=_called(debrief, person, profile, variant),
                                            greeted=_greeted(debrief, person, profile, variant),
                                            missed=_missed_for(debrief, person),
                                            missed_about=_missed_about(debrief, person),
                                            promised=_promised_to(debrief, person))
                         for person in debrief.interviewers],
        "questions": [q.model_dump() for q in debrief.questions],
        "struggled": [q.asked for q in debrief.questions if q.struggled],
        "weak_answers": [weak_answer(q.asked, q.answer,
                                     _better_told(debrief, q.better, profile, variant),
                                     _asker(debrief, q.asked_by, profile, variant))
                         for q in debrief.questions if q.struggled],
        "went_well": list(reflection.went_well) if reflection else [],
        "improve": list(reflection.improve) if reflection else [],
        "learned": reflection.learned if reflection else None,
        "learned_timing": [part for part in learned_parts(reflection.learned,
                                                          _record_names(debrief))
                           if _ABOUT_TIMING.search(part)] if reflection else [],
        "promise_list": [{"what": p.what, "to": p.to} for p in debrief.promises],
        "missed_all": [{"point": m.point,
                        "to": _called(debrief, debrief.interviewer(m.to or "")
                                      or debrief.interviewers[0], profile, variant)}
                       for m in debrief.missed],
        "missed_general": [_missed_clause(m.point) for m in debrief.missed
                           if debrief.interviewer(m.to or "") is None],
        "earlier": _earlier_inquiries(action, plan, variant),
    }
    values.update(_recipient_facts(debrief, action, who, profile, variant,
                                   carried=carried_promises(debrief, action, plan)))
    return values


_ABOUT_TIMING = re.compile(
    r"\b(?:decid\w*|decisions?|approv\w*|offers?|repl(?:y|ies)|timelines?|sign(?:s|ed)? off|"
    r"delay\w*|later|sooner|wait\w*|weeks?|months?)\b", re.IGNORECASE)
"""Words that mark what the candidate learned as bearing on when an answer comes: the
recruiter update passes that on, and keeps the rest of the candidate's notes."""


def learned_parts(learned: str | None, names: Sequence[str] = ()) -> list[str]:
    """What the candidate learned, as clauses that follow "I also learned that": the
    record's sentences or semicolon-separated parts, without their end stops, and
    lower-cased at the start unless they start with a name from the record."""
    if not learned:
        return []
    proper = {token for name in names for token in _WORD.findall(name)}
    parts = [part.strip().rstrip(".;") for part in
             re.split(r"(?<=[.;])\s+", " ".join(learned.split()))]

    def starts_with_name(part: str) -> bool:
        first = _WORD.match(part)
        return bool(first and first.group() in proper)

    return [part if starts_with_name(part) else lower_first(part) for part in parts if part]


def _first_note_of_the_year(action: Action, sending: datetime,
                            plan: Sequence[Action]) -> bool:
    """Sent in the first two weeks of January with no earlier inquiry that year: the
    note opens with wishes for the new year, once."""
    local = sending.astimezone(action.due.tzinfo)
    if not (local.month == 1 and 2 <= local.day <= 15):
        return False
    return not any(other.kind == "status-inquiry" and other.due < action.due
                   and other.due.year == local.year for other in plan)


WISH_DAYS = 10
"""How long after a festival's slow stretch the first note to follow it still sends
its wishes: round 99 read "I hope you had a good Chinese New Year" seventeen days
after the holiday, past the fifteen days of the festival, as stale."""


def _season_wish(debrief: Debrief, action: Action, sending: datetime,
                 plan: Sequence[Action], profile: Profile) -> str | None:
    """The wishes of a festival that fell between the interview and this inquiry or
    move-on, ended at most ten days before it, and has no inquiry in between that
    sent them already ("I hope you had a good Chinese New Year.")."""
    if action.kind not in ("status-inquiry", "move-on") or not profile.slow_holidays:
        return None
    zone = action.due.tzinfo
    local = sending.astimezone(zone).date()
    met = debrief.interview.starts.astimezone(zone).date()
    calendar = calendar_for(ZoneInfo("UTC"), profile, debrief.interview.region)
    for season in reversed(calendar.seasons(local - timedelta(days=WISH_DAYS), local)):
        if not season.wish or not met <= season.last < local:
            continue
        wished = any(other.kind == "status-inquiry" and other.status != "skipped"
                     and other.due < action.due
                     and season.last < other.due.astimezone(zone).date() for other in plan)
        return None if wished else season.wish
    return None


AHEAD_DAYS = 3
"""How many days before a festival a note sends its wishes for it."""
AHEAD_KINDS = frozenset({"next-round-thanks", "rejection-reply", "offer-reply", "withdrawal"})
"""The notes that close with a festival's wishes on its eve (round 87: a next-round
reply sent on the eve of Chinese New Year without them)."""


def _season_ahead(debrief: Debrief, action: Action, sending: datetime,
                  profile: Profile) -> str | None:
    """The wishes for a festival that starts one to three days after this note goes
    out, in the recipient's calendar ("I wish you and your family a happy Chinese
    New Year.")."""
    if action.kind not in AHEAD_KINDS or not profile.slow_holidays:
        return None
    local = sending.astimezone(action.due.tzinfo).date()
    calendar = calendar_for(ZoneInfo("UTC"), profile, debrief.interview.region)
    for season in calendar.seasons(local, local + timedelta(days=AHEAD_DAYS + 7)):
        if (season.wish_ahead and season.festival
                and 0 < (season.festival - local).days <= AHEAD_DAYS):
            return season.wish_ahead
    return None


def _told_of(company: str, *, always_named: bool = False,
             possessive: str | None = None) -> Callable[[str], str]:
    """A topic told to someone outside the company, with its first "their" made
    plain: right after an interviewer's name, "their offline cache" reads as that
    person's (rounds 79-84), and "Nordlicht Mobility's offline cache" as pasted from
    a form (round 85), so it becomes "the offline cache"; the company is named only
    where "the" would lose whose it is ("Kasumi Payments' plans for Taiwan"), or
    always (``always_named``) for a reference, who knows nothing of the interview
    (round 87 read "the move to streaming" in a reference brief as nobody's). A group
    of people becomes the interviewer's own where their ``possessive`` is known
    ("how his team splits work", "how her engineers work with the compliance
    office"): rounds 106-111 read "the team" and "the engineers" as nobody's."""
    owner = f"{company}'" if company.endswith("s") else f"{company}'s"

    def plain(their: re.Match[str]) -> str:
        owned = their.group("owned").lower()
        if possessive and not always_named and owned in _PEOPLE:
            return possessive
        named = always_named or owned in _OWNED_BY_THE_COMPANY
        return owner if named else "the"

    def turn(text: str) -> str:
        return _THEIR.sub(plain, voice.to_third_party(text), count=1)
    return turn


_THEIR = re.compile(r"\btheir\b(?=\s+(?P<owned>[\w-]*))")
_OWNED_BY_THE_COMPANY = frozenset({
    "plan", "plans", "strategy", "goals", "vision", "roadmap", "priorities", "ambitions",
    "hopes", "view", "views", "approach", "culture", "values", "mission",
    "own"})
"""Nouns after which "the" would not say whose it is: "the plans for Taiwan"."""
_PEOPLE = frozenset({"team", "teams", "engineers", "developers", "department"})
"""Groups of people an interviewer may lead: "his team". Not the company's users or
operators ("the operators" of a product manager are not hers), nor a discipline that
may sit elsewhere ("his designers and researchers" made a designer the researchers'
manager, round 115)."""
_POSSESSIVES = {"he": "his", "she": "her"}


def _interviewer_facts(person: Interviewer, turn: Any, called: str | None = None,
                       greeted: str | None = None,
                       missed: Sequence[str] = (), missed_about: Sequence[str] = (),
                       promised: Sequence[str] = (),
                       company: str | None = None) -> dict[str, Any]:
    """An interviewer as told to a third party: their topics (in ``turn``'s voice, or
    with the company's "their" made plain when ``company`` is given), the strength
    linked to one, the points missed with them (and the topic one bears on), and what
    was promised to them."""
    texts = person.topic_texts
    subject, object_ = _pronouns(person.honorific, person.how_it_went)
    told = _told_of(company, possessive=_POSSESSIVES.get(subject or "")) if company else turn
    named = _told_of(company, always_named=True) if company else turn
    topics = [told(topic) for topic in texts]
    linked = next(((index, strength) for index, text in enumerate(texts)
                   if (strength := person.strength_for(text))), (None, None))
    return {"name": person.name, "first": given_name(person.name), "title": person.title,
            "rapport": person.rapport, "topics": topics,
            "shorts": [told(person.short_for(text) or text) for text in texts],
            "named_shorts": [named(person.short_for(text) or text) for text in texts],
            "their_shorts": [turn(person.short_for(text) or text) for text in texts],
            "topic_keys": list(texts),
            "called": called or person.name,
            "greeted": greeted or person.name,
            "mentioned": _mentioned(greeted or person.name, person.name),
            "how_it_went": person.how_it_went, "question": person.question,
            "question_about": turn(person.short_for(person.question_about)
                                   or person.question_about)
            if person.question_about else None,
            "topic": topics[0] if topics else None,
            "strength": linked[1], "strength_topic": linked[0],
            "same_before": same_work_before(linked[1]) if linked[1] and linked[0] is not None
            and _echoes(linked[1], texts[linked[0]]) else None,
            "pronoun": subject, "pronoun_object": object_,
            "missed": [_missed_clause(point) for point in missed],
            "missed_topic": next((index for index, text in enumerate(texts)
                                  if text in missed_about), None),
            "promised": list(promised),
            "promised_short": [promise_brief(what) for what in promised]}


_PLAIN_HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Miss", "Mx"})


def _mentioned(greeted: str, name: str) -> str:
    """How an interviewer is named to a colleague of theirs: as the notes greet them
    ("Rachel", "Dr. Hart", "Yamamoto-san"), except that a plain "Ms Demir" reads stiff
    between colleagues, and the full name does not."""
    first = greeted.split(maxsplit=1)[0].rstrip(".")
    return name if first in _PLAIN_HONORIFICS else greeted


_HE = ("he", "him")
_SHE = ("she", "her")
_BY_SUBJECT = {"he": _HE, "she": _SHE}
_PRONOUNS = {"mr": _HE, "ms": _SHE, "mrs": _SHE, "miss": _SHE}


def _pronouns(honorific: str | None,
              how_it_went: str | None = None) -> tuple[str | None, str | None]:
    """He or she only where the record says so: the honorific, or else the
    candidate's own line on how it went, written about the person ("She kept her
    questions short"; round 115 read "Yamamoto-san" three times in one paragraph);
    otherwise the note repeats the name rather than guess."""
    if honorific:
        found = _PRONOUNS.get(honorific.strip().rstrip(".").casefold())
        if found:
            return found
    first = how_it_went.split(maxsplit=1)[0].casefold() if how_it_went else ""
    return _BY_SUBJECT.get(first, (None, None))


def _addressed_to(items: Sequence[Any], person: Interviewer) -> list[Any]:
    """The missed points or promises addressed to ``person`` by name."""
    key = same_person_key(person.name)
    return [item for item in items if item.to and same_person_key(item.to) == key]


def _missed_about(debrief: Debrief, person: Interviewer) -> list[str]:
    return [m.about for m in _addressed_to(debrief.missed, person) if m.about]


def _promised_to(debrief: Debrief, person: Interviewer) -> list[str]:
    return [voice.without_mention(p.what) for p in _addressed_to(debrief.promises, person)]


def _missed_for(debrief: Debrief, person: Interviewer) -> list[str]:
    return [m.point for m in _addressed_to(debrief.missed, person)]


def _called(debrief: Debrief, person: Interviewer, profile: Profile,
            variant: english.Variant) -> str:
    """How an interviewer is named to a third party: the full name, or where the
    culture puts an honorific on every name (Japan), the form of address."""
    if debrief.interview.country == "JP":
        return _greeted(debrief, person, profile, variant)
    return person.name


def _greeted(debrief: Debrief, person: Interviewer, profile: Profile,
             variant: english.Variant) -> str:
    """How an interviewer is named to a colleague of theirs who is on first-name terms
    with the candidate: as the notes greet them ("Rachel", "Dr. Hart")."""
    who = Recipient(person.name, "interviewer", 0, person.email, person)
    return addressing(debrief, who, profile, variant).name


_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+(?:GmbH|AG|Ltd\.?|Limited|Inc\.?|LLC|PLC|plc|Pte\.?\s+Ltd\.?|K\.K\.|"
    r"Co\.,?\s+Ltd\.?|S\.A\.|SAS|B\.V\.|Pty\.?\s+Ltd\.?|Corp\.?|LLP))+$")


def short_company(name: str) -> str:
    """The company as people say it in a sentence: ``Nordlicht Mobility``, not
    ``Nordlicht Mobility GmbH``."""
    short = _LEGAL_SUFFIX.sub("", name.strip())
    return short or name


def _number(key: str) -> int:
    tail = key.rsplit(".", 1)[-1]
    return int(tail) if tail.isascii() and tail.isdigit() else 1


def _earlier_inquiries(action: Action, plan: Sequence[Action],
                       variant: english.Variant) -> list[str]:
    """The dates of the inquiries before this one (``16 December``)."""
    if action.kind not in ("status-inquiry", "move-on"):
        return []
    earlier = sorted(a.due for a in plan if a.kind == "status-inquiry" and a.due < action.due
                     and a.status != "skipped")
    return [english.day_month(due.date(), variant) for due in earlier]


def _recipient_facts(debrief: Debrief, action: Action, who: Recipient | None,
                     profile: Profile, variant: english.Variant,
                     carried: Sequence[Promise] = ()) -> dict[str, Any]:
    if who is None:
        return {"to": None, "recipient_role": None, "greeting": None, "closing": None,
                "person": None, "topic": None, "topic2": None, "topic_short": None,
                "topic_unsaid": None, "strength": None,
                "strength_shared": False, "strength_told": False,
                "missed": [], "missed_on_topic": [], "missed_on_topic2": [],
                "promises": [], "carried": [], "resources": [], "reference": None,
                "answers_now": [],
                "promise": None, "address": None, "sign": debrief.candidate.name}
    person = who.interviewer
    called = addressing(debrief, who, profile, variant)
    rapport = person.rapport if person else None
    word = _greeting_word(who.role, called, _record_names(debrief), debrief.interview.country)
    greeting = called.exact.rstrip(",") if called.exact else f"{word} {called.name}"
    topic, topic2, strength = _topics_for(
        person, [m.about for m in debrief.missed if m.about and _for(m.to, who)])
    told_in_room = bool(strength and person and topic
                        and person.strength_told(_recorded_topic(person, topic)))
    shared = bool(strength and person and not told_in_room
                  and _strength_told_earlier(debrief, person, strength))
    shared_strength = strength if shared else None
    if shared:
        strength = None
    if strength and topic:
        strength = phrase_said_once(size_said_once(strength, topic), topic)
    if strength and told_in_room:
        strength = heard_already(strength)
    signature = debrief.candidate.signature or debrief.candidate.name
    return {
        "to": who.name,
        "enjoyed": _enjoyed(rapport, topic),
        "strength_shared": shared,
        "strength_told": told_in_room,
        "shared_when": strength_when(strength_head(shared_strength)) if shared_strength
        else None,
        "recipient_role": who.role,
        "greeting": greeting,
        "address": called,
        "addressee": called.name,
        "closing": _closing(called, role=who.role, rapport=rapport,
                            formality=profile.formality, variant=variant),
        "sign": given_name(debrief.candidate.name)
        if who.role == "reference" and not called.formal else signature,
        "person": _interviewer_facts(person, voice.to_company) if person else None,
        "topic": topic,
        "topic2": topic2,
        "topic_short": _short_form(person, topic),
        "topic2_short": _short_form(person, topic2),
        "topic_named_plural": _subject_plural(_short_form(person, topic) or topic),
        "topic_unsaid": _unsaid_topic(debrief, person, who, topic),
        "highlight": person.highlight if person else None,
        "question": person.question if person else None,
        "question_told": indirect(person.question) if person and person.question else None,
        "question_later": bool(person and person.question and person.rapport != "warm"
                               and profile.open_questions == "later"),
        "strength": strength,
        "strength_clause": strength_clause(strength) if strength else None,
        "strength_when": strength_when(strength) if strength else None,
        "strength_said": (strength_at(strength) or strength_clause(strength)) if strength
        else None,
        "strength_place": _place(strength),
        "strength_rest": _place(strength, 1),
        "strength_where": where_i(_place(strength, 1)),
        "strength_gerund": strength_gerund(strength) if strength else None,
        "strength_gerund_head": strength_gerund(strength_head(strength)) if strength else None,
        "strength_echoes_topic": bool(strength and topic and _echoes(strength, topic)),
        "same_before": same_work_before(strength) if strength and topic
        and _echoes(strength, topic) else None,
        "missed": [_missed_clause(m.point) for m in debrief.missed
                   if _for(m.to, who) and not _on_topic(m.about, person, topic, topic2)],
        "missed_on_topic": [_missed_clause(m.point) for m in debrief.missed
                            if _for(m.to, who) and m.about is not None and person is not None
                            and voice.to_company(m.about) == topic],
        "missed_on_topic2": [_missed_clause(m.point) for m in debrief.missed
                             if _for(m.to, who) and m.about is not None and person is not None
                             and voice.to_company(m.about) == topic2],
        "promises": [_promise_mention(p) for p in debrief.promises
                     if p.to and _for(p.to, who) and p not in carried],
        "carried": [_promise_mention(p, said=strength or shared_strength) for p in carried],
        "resources": [{"title": r.title, "url": r.url,
                       "about": voice.to_company(r.about) if r.about else None,
                       "on_topic": bool(topic and r.about
                                        and voice.to_company(r.about) == topic),
                       "about_short": _short_form(person, voice.to_company(r.about))
                       if r.about else None}
                      for r in debrief.resources if _for(r.to, who)],
        "reference": _reference_facts(debrief, who),
        "promise": _promise_facts(debrief, action),
        "answers_now": [weak_answer(q.asked, q.answer, q.better) for q in debrief.questions
                        if q.better and q.asked_by and who.role == "interviewer"
                        and _for(q.asked_by, who)],
    }


_TROUBLE = re.compile(r"^why\b|\b(?:drop(?:s|ped)? out|fail\w*|outages?|incidents?|churn\w*|"
                      r"complain\w*|los(?:e|es|ing) (?:signal|data|customers))\b", re.IGNORECASE)


def _enjoyed(rapport: str | None, topic: str | None) -> str:
    """The verb for a topic: one does not enjoy a client's problem ("why claims
    customers drop out"), one appreciates hearing about it; a cool interviewer's
    topic is valued."""
    if rapport == "cool":
        return "valued"
    return "appreciated" if topic and _TROUBLE.search(topic) else "enjoyed"


def _topics_for(person: Interviewer | None, missed_about: list[str] | None = None
                ) -> tuple[str | None, str | None, str | None]:
    """The topic the note is about, a second topic, and the linked strength: a
    topic with a linked strength first, then one a missed point bears on (so the
    point is made where it belongs), then the first."""
    if person is None or not person.topics:
        return None, None, None
    texts = person.topic_texts
    linked = [text for text in texts if person.strength_for(text)]
    with_point = [text for text in texts if text in (missed_about or [])]
    main = (linked or with_point or texts)[0]
    others = [text for text in texts if text != main]
    strength = person.strength_for(main)
    return (voice.to_company(main), voice.to_company(others[0]) if others else None,
            strength)


def _recorded_topic(person: Interviewer, topic: str) -> str:
    """The topic as recorded, for a topic the note words to the person."""
    return next((text for text in person.topic_texts if voice.to_company(text) == topic), topic)


def _short_form(person: Interviewer | None, topic: str | None) -> str | None:
    """The few words the record gives for ``topic`` (worded to the person), for a
    later mention that should not repeat the whole phrase."""
    if person is None or topic is None:
        return None
    short = person.short_for(_recorded_topic(person, topic))
    return voice.to_company(short) if short else None


_PREPOSITION = re.compile(r"\s(?:during|across|between|behind|under|over|without|into|"
                          r"through|per|by|after|before|within)\s", re.IGNORECASE)
_CLAUSE_START = frozenset({"how", "why", "what", "whether", "when", "where", "who", "which"})


def _subject_plural(phrase: str | None) -> bool:
    """Whether a topic takes a plural verb as a sentence's subject: "your summer model
    reviews are", but "rendering 100,000 alerts is" (a gerund) and "why claims
    customers drop out is" (a clause)."""
    words = phrase.split() if phrase else []
    if not words or words[0].casefold() in _CLAUSE_START or words[0].endswith("ing"):
        return False
    return is_plural(_PREPOSITION.split(phrase or "", maxsplit=1)[0])


def _unsaid_topic(debrief: Debrief, person: Interviewer | None, who: Recipient,
                  topic: str | None) -> dict[str, str | None] | None:
    """A topic of this person's that the thank-you leaves to other notes (not its
    main topic, nor one a resource, a promise or a missed point bears on), with its
    short form: the LinkedIn note recalls it, so it does not repeat the thank-you."""
    if person is None:
        return None
    items: list[Resource | Promise | Missed] = [*debrief.resources, *debrief.promises,
                                                 *debrief.missed]
    spoken = {topic} | {voice.to_company(item.about) for item in items
                        if item.about and _for(item.to, who)}
    unsaid = next((about for about in map(voice.to_company, person.topic_texts)
                   if about not in spoken), None)
    return {"about": unsaid, "short": _short_form(person, unsaid)} if unsaid else None


def _strength_told_earlier(debrief: Debrief, person: Interviewer, strength: str) -> bool:
    """Whether an interviewer before ``person`` on the panel gets the same strength
    in their note: the later note then keeps to its topic, so that two notes of one
    panel do not share a sentence word for word."""
    for other in debrief.interviewers:
        if other is person:
            return False
        key = same_person_key(other.name)
        missed_about = [m.about for m in debrief.missed
                        if m.about and m.to and same_person_key(m.to) == key]
        if _topics_for(other, missed_about)[2] == strength:
            return True
    return False


_PAST = frozenset({
    "built", "led", "ran", "wrote", "cut", "grew", "taught", "made", "won", "drove", "set",
    "took", "gave", "brought", "kept", "sold", "began", "spent", "found", "held", "met",
    "chose", "did", "put", "rebuilt", "rewrote", "oversaw", "undertook", "bought", "sent",
    "spoke", "stood", "thought", "understood", "went", "saw", "hired", "shipped",
})


def _echoes(strength: str, topic: str) -> bool:
    """Whether a strength repeats its topic's words (three or more longer words in
    common): the note then says "It is work I have done before" rather than
    reading as two fields side by side."""
    def words(text: str) -> set[str]:
        return {word for word in _WORD.findall(text.casefold()) if len(word) > 3}
    return len(words(strength) & words(topic)) >= 3


_CHANGE = r"(?:moved|migrated|replaced|rebuilt|switched|converted|ported|rewrote|shifted)"
_OWNER = re.compile(rf"^{_CHANGE} (?P<owner>(?:a|an|the|my|our) [\w-]+(?: [\w-]+)?|"
                    rf"[A-Z][\w&-]*(?: [A-Z][\w&-]*){{0,3}})(?:['’]s|(?<=s)['’])\s")
_QUALIFIER = re.compile(r"\s(?P<tail>(?:without|with no|with zero|across|in under) [^,;]+)$")


def same_work_before(strength: str) -> str | None:
    """A strength that repeats its topic, told by what it adds: "I made much the same
    change for a bank (or "at Minato Trust Bank"), without a missed settlement" from
    "moved a bank's (or "Minato Trust Bank's")
    end-of-day settlement batch to an event-driven service without a missed
    settlement". None when the strength adds neither whose work it was nor how it
    went, or is no change of the kind its topic is ("cut Mesa Valley Power's
    forecast error ..."): the note then keeps the strength as written."""
    owner = _OWNER.search(strength)
    tail = _QUALIFIER.search(strength.strip().rstrip("."))
    if owner is None and tail is None:
        return None
    said = (f"I made much the same change {_at_or_for(owner.group('owner'))}"
            if owner is not None else "I have made much the same change before")
    return f"{said}, {tail.group('tail')}" if tail is not None else said


def _at_or_for(owner: str) -> str:
    """"at Minato Trust Bank" (a named place), "for a bank" or "for my team"."""
    return f"at {owner}" if owner[:1].isupper() else f"for {owner}"


_QUALIFIERS = re.compile(r",\s|\s(?:used by|that|which|who|with|for|across|in under)\s")


def strength_head(strength: str) -> str:
    """A strength without its qualifiers, for a second telling in one panel: "built
    the offline mode of a field-service app" from "... app used by 3,000
    technicians". The whole strength when cutting would leave under four words."""
    cut = _QUALIFIERS.search(strength)
    head = strength[:cut.start()].strip() if cut else strength
    return head if len(head.split()) >= 4 else strength


def heard_already(strength: str) -> str:
    """A strength told in the room, recalled without the figure after its comma:
    "built the offline mode of Fieldwise's field-service app" from "..., used by 3,000
    technicians" (round 98: the note repeated a figure the interviewer had heard).
    A clause without a comma is the work itself and stays."""
    head, comma, _ = strength.partition(", ")
    return head.strip() if comma and len(head.split()) >= 4 else strength


def strength_when(strength: str) -> str | None:
    """``when I built the offline mode ...`` for a strength written as what the
    candidate did; ``None`` when it is not (then the templates use the clause)."""
    clause = strength_clause(strength)
    return f"when {clause}" if not clause.startswith("I bring ") else None


def strength_gerund(strength: str) -> str | None:
    """A strength told as what the candidate knows a topic from: "running the
    model-review board ..." from "ran the model-review board ...", "setting up a
    research operations function ..." from "set up ...". None for a strength that is
    not written as what the candidate did ("ten years of Android")."""
    text = strength.strip().rstrip(".")
    first, _, rest = text.partition(" ")
    if not _is_past(first.casefold()):
        return None
    gerund = verb_form(first.casefold(), "VBG")
    return f"{gerund} {rest}".strip() if gerund else None


def _is_past(word: str) -> bool:
    return word in _PAST or (word.endswith("ed") and len(word) > 4)


_PROPER = r"[A-Z][\w&.-]*(?: (?:&|[A-Z][\w&.-]*)){0,4}"
_AT_PLACE = re.compile(rf"\s+at (?P<place>{_PROPER})(?=[\s,;]|$)")
_OWNED_BY = re.compile(rf"(?<![\w-])(?P<place>{_PROPER})(?:['’]s|(?<=s)['’])\s+(?P<next>\S+)")
_COUNTS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                     "eleven", "twelve", "dozens", "hundreds", "thousands", "all"})


def strength_placed(strength: str) -> tuple[str, str] | None:
    """The place a strength names and the strength without it, the way people tell
    it ("At Orbit Analytics, I rebuilt the security operations dashboard ..."):
    ``("Orbit Analytics", "rebuilt the security operations dashboard ...")`` from
    "rebuilt Orbit Analytics' security operations dashboard ...", ``("Hafenlicht
    Logistik", "moved 40 nightly batch jobs to Kafka Streams")`` from "moved 40
    nightly batch jobs at Hafenlicht Logistik to Kafka Streams". None when the
    strength names no place (a capitalised name after "at", or one that owns
    something) or is not written as what the candidate did."""
    text = strength.strip().rstrip(".")
    first = text.split(maxsplit=1)[0].casefold() if text else ""
    if not _is_past(first):
        return None
    found = _AT_PLACE.search(text)
    if found is not None:
        rest = text[:found.start()] + text[found.end():]
    else:
        found = _OWNED_BY.search(text)
        if found is None or found.start() == 0:
            return None
        after = found.group("next")
        article = "" if after[0].isdigit() or after.casefold() in _COUNTS else "the "
        rest = text[:found.start()] + article + text[found.start("next"):]
    return found.group("place"), rest


def strength_at(strength: str) -> str | None:
    """A strength told with its place first: "At Orbit Analytics, I rebuilt ..."."""
    placed = strength_placed(strength)
    return f"At {placed[0]}, I {placed[1]}" if placed else None


def where_i(rest: str | None) -> str | None:
    """What the candidate did at a place, to follow the place's name: ", where I
    moved 40 nightly batch jobs to Kafka Streams"; or, when it has a clause of its
    own, a sentence of its own (". There I built the offline mode, used by 3,000
    technicians"), so that clauses are not stacked in one sentence. A "which"
    clause becomes a "that" one instead (", where I led the diary study behind
    the claims journey redesign that lifted satisfaction by 14 points"): rounds
    81-83 read "There I led ..." after the place as choppy."""
    if not rest:
        return None
    rest = rest.replace(", which ", " that ")
    return f". There I {rest}" if _OWN_CLAUSE.search(rest) else f", where I {rest}"


_OWN_CLAUSE = re.compile(r",\s+(?:where|who|used|making|so)\b")


def _place(strength: str | None, part: int = 0) -> str | None:
    placed = strength_placed(strength) if strength else None
    return placed[part] if placed else None


def strength_clause(strength: str) -> str:
    """A strength as a clause with "I": ``I built the offline mode ...``.

    Strengths are recorded as what the candidate did ("built ...", "led ...");
    one written as a noun phrase ("ten years of Android") becomes "I bring ...".
    """
    text = strength.strip().rstrip(".")
    first = text.split(maxsplit=1)[0].casefold() if text else ""
    if _is_past(first):
        return f"I {text}"
    if first == "i":
        return text
    return f"I bring {text}"


def _on_topic(about: str | None, person: Interviewer | None, topic: str | None,
              topic2: str | None) -> bool:
    """Whether a missed point is made in the sentence about its topic (the note's
    topic or its second one) rather than on its own."""
    if about is None or person is None:
        return False
    return voice.to_company(about) in {topic, topic2}


def _missed_clause(point: str) -> str:
    """A missed point as the object of "I did not mention ...": a that-clause or a
    noun phrase, as recorded."""
    return point.strip().rstrip(".")


def _promise_mention(promise: Promise, said: str | None = None) -> dict[str, Any]:
    return {"what": promise_after(voice.without_mention(promise.what), said),
            "url": promise.url,
            "attached": bool(promise.file), "plural": is_plural(promise.what),
            "file": Path(promise.file).name if promise.file else None,
            "short": promise_short(voice.without_mention(promise.what)),
            "about": voice.to_company(promise.about) if promise.about else None,
            "shows": promise.shows}


_SIZE = re.compile(r"\b(?P<of>of|with|over) (?P<number>\d[\d,.]*\d|\d)(?: \w+)?(?= and more\b|,|$)")


def size_said_once(strength: str, topic: str) -> str:
    """A strength that gives the size its topic has just given, with the size said
    once: "tables of 100,000 rows and more" after "rendering 100,000 alerts" becomes
    "tables of that size and more" (round 85 counted "100,000" three times in four
    lines)."""
    def once(found: re.Match[str]) -> str:
        if re.search(rf"(?<![\d,.]){re.escape(found.group('number'))}(?![\d,]|\.\d)", topic):
            return f"{found.group('of')} that size"
        return found.group(0)
    return _SIZE.sub(once, strength)


_TAG = re.compile(r" (?P<tag>(?:for|of) [a-z]+)(?= (?:from|by|to|in|within|at)\b)")


def phrase_said_once(strength: str, topic: str) -> str:
    """A strength without a tag its topic has just said: "cut recruiting for studies
    from three weeks to four days" after "recruiting policyholders for studies at
    short notice" becomes "cut recruiting from three weeks to four days" (rounds 84-87
    read "recruiting ... for studies" twice in one sentence)."""
    def once(found: re.Match[str]) -> str:
        return "" if re.search(rf"\b{found.group('tag')}\b", topic) else found.group(0)
    return _TAG.sub(once, strength)


_OF_WHAT = re.compile(r"^(?P<head>.+?)\s+(?P<prep>of|on|about|from)\s+"
                      r"(?:(?:the|my|our)\s+)?(?P<tail>.+)$")
_TAIL_END = re.compile(r"\s+(?:at|in|for|on|with|from|across|between|during)\s+")
_NAME = re.compile(r"\b[A-Z][\w-]*[a-z][\w-]*\b")


def promise_after(what: str, said: str | None) -> str:
    """A promised thing told after the note has named what it is about: "a one-page
    overview of that migration" for "a one-page overview of the Kafka migration at
    Hafenlicht Logistik" when the sentence before says what was moved to Kafka at
    Hafenlicht Logistik (round 85 read the record's title, names and all, twice in
    two lines). Kept as written unless every name in it was said already and it ends
    in one plain noun to point back to."""
    found = _OF_WHAT.match(what.strip())
    if not said or found is None:
        return what
    tail = found.group("tail")
    names = _NAME.findall(tail)
    if not names or not all(re.search(rf"\b{re.escape(name)}\b", said) for name in names):
        return what
    words = _TAIL_END.split(tail, maxsplit=1)[0].split()
    noun = words[-1] if words else ""
    if not noun.isalpha() or not noun.islower() or not lemmas(noun).get("NOUN"):
        return what
    pointer = "those" if is_plural(noun) else "that"
    return f"{found.group('head')} {found.group('prep')} {pointer} {noun}"


_FIRST_PHRASE = re.compile(r"^(?P<kept>.+?\s(?:of|on|about)\s.+?)"
                           r"(?=\s(?:at|for|on|in|from|with|about|during)\s)")


def promise_brief(what: str) -> str:
    """A promised thing told in passing, to someone who will not receive it (the
    recruiter): the thing and what it is of, without where and for what: "the
    recording of my talk" for "the recording of my talk on research operations at a
    London UX meetup" (round 88: a long update left the promise out to save words)."""
    found = _FIRST_PHRASE.match(what.strip())
    return found.group("kept") if found else what


_DETERMINER = re.compile(r"^(?:my|the|a|an|our|some)\s+", re.IGNORECASE)
_AFTER_HEAD = re.compile(rf"{HEAD_ENDS.pattern}|[,;:(]", re.IGNORECASE)


def promise_short(what: str) -> str | None:
    """A promised thing by its head words, for a subject line: "write-up" from "my
    write-up of backtesting load forecasts", "benchmark notes" from "my benchmark
    notes on virtualised tables". None when the head is more than three words or
    is the whole phrase of a long one (then the subject stays general)."""
    text = _DETERMINER.sub("", what.strip().rstrip("."))
    cut = _AFTER_HEAD.search(text)
    head = text[:cut.start()].strip() if cut else text
    words = head.split()
    if not words or len(words) > 3 or (cut is None and len(text.split()) > 3):
        return None
    last = words[-1].casefold()
    if "-" not in last and not lemmas(last).get("NOUN"):
        return None
    return head


_SUBJECT_START = ("they ", "the ", "a ", "we ", "it ", "he ", "she ", "our ", "their ",
                  "no ", "hr ", "you ")
_RELATIONSHIP = re.compile(
    r"^(?:(?P<former>former|ex-|previous|past)\s*)?(?P<current>current\s+)?(?P<role>.+?)"
    r"(?:\s+at\s+(?P<company>.+))?$", re.IGNORECASE)
_WILL = re.compile(r"\b(will|are going to|is going to)\b")
_BACKSHIFT = {"will": "would", "are going to": "were going to", "is going to": "was going to"}


def _reported(said: str, decision_by: date | None) -> str | None:
    """What they said about timing, retold later, in the past and in their words:
    "you will let me know by the end of next week" becomes "you would let me know by
    the end of the following week", "by the end of the month" becomes "by the end of
    January" (a relative time word is only true on the day it was said)."""
    if not said:
        return None
    if decision_by is not None:
        month = re.compile(r"\b(?:the )?end of (?:the|this) month\b", re.IGNORECASE)
        said = month.sub(f"the end of {decision_by:%B}", said, count=1)
    for relative, retold in _RETOLD:
        said = relative.sub(retold, said)
    said = _WILL.sub(lambda found: _BACKSHIFT[found.group(1)], said)
    return _FIRST_VERB.sub(lambda found: f"{found.group(1)} {_PAST_OF[found.group(2)]}", said,
                           count=1)


_RETOLD = tuple((re.compile(pattern, re.IGNORECASE), retold) for pattern, retold in (
    (r"\bnext week\b", "the following week"), (r"\bnext month\b", "the following month"),
    (r"\bthis week\b", "that week"), (r"\bthis month\b", "that month"),
    (r"\btomorrow\b", "the next day"), (r"\btoday\b", "that day"),
))
"""Relative time words as they are retold later: "by the end of next week" was
"by the end of the following week" (their words, not a date they never gave)."""
_PAST_OF = {"aim": "aimed", "expect": "expected", "hope": "hoped", "plan": "planned",
            "intend": "intended", "want": "wanted", "are": "were", "is": "was", "can": "could",
            "need": "needed", "mean": "meant"}
_FIRST_VERB = re.compile(r"^(they|you|we|it|he|she) (" + "|".join(_PAST_OF) + r")\b")


def _relative(decision: str | None) -> bool:
    """Whether what they said about timing counts from the day it was said ("next
    week"), so that a later note adds the date it meant."""
    return bool(decision) and any(pattern.search(decision or "") for pattern, _ in _RETOLD)


def the_role(role: str) -> str:
    """``the Senior Android Engineer role``; in running text a title with its area
    after a comma ("Senior Backend Engineer, Settlement Platform") keeps the title
    only; subjects keep the whole."""
    title, _, _area = role.partition(", ")
    return f"the {title} role"


def _decision_said(decision: str | None) -> str | None:
    """What they said about timing, as a clause: ``they expect to decide within two
    weeks`` from ``within two weeks``."""
    if not decision:
        return None
    reported = voice.about_company(decision.strip())
    if reported.casefold().startswith(_SUBJECT_START):
        return reported
    return f"they expect to decide {reported}"


def _better_told(debrief: Debrief, better: str | None, profile: Profile,
                 variant: english.Variant) -> str | None:
    """The answer the candidate would give now, told to a third party: each clause
    after a semicolon a sentence of its own, and an interviewer it names called as
    the update names them elsewhere (round 108: "...cannot reorder edits; the design
    note I am sending Aylin Demir shows how we tested that"; round 110: one name form
    throughout)."""
    if not better:
        return better
    for person in debrief.interviewers:
        if person.name in better:
            better = better.replace(person.name, _called(debrief, person, profile, variant))
    first, *rest = re.split(r"\s*;\s+", better.strip().rstrip("."))
    return ". ".join([first, *(sentence_case(part) for part in rest)])


def _asker(debrief: Debrief, name: str | None, profile: Profile,
           variant: english.Variant) -> str | None:
    """The interviewer who asked a question, as a message to a third party names them."""
    person = debrief.interviewer(name) if name else None
    return _called(debrief, person, profile, variant) if person else None


def _reference_facts(debrief: Debrief, who: Recipient) -> dict[str, Any] | None:
    for reference in debrief.references:
        if same_person_key(reference.name) == same_person_key(who.name):
            role, company, current = reference.role, reference.company, reference.current
            if role is None and reference.relationship:
                role, company, current = _read_relationship(reference.relationship,
                                                            company, current)
            return {"relationship": reference.relationship, "role": role,
                    "company": short_company(company) if company else None, "current": current,
                    "emphasise": list(reference.emphasise),
                    "emphasise_named": bool(reference.emphasise)
                    and all(_names_the_work(point) for point in reference.emphasise)}
    return None


_NAMED_WORK = re.compile(r"(?:the|my|our|how|what|when|why|that|a|an)\b|.*\d", re.I)


def _names_the_work(point: str) -> bool:
    """Whether a point to stress names a piece of work the reference saw ("the
    Kafka migration", "how I owned performance work"), so the brief does not ask
    them for an example of it, as it does for a bare skill ("mentoring")."""
    return _NAMED_WORK.match(point.strip()) is not None


def _read_relationship(text: str, company: str | None,
                       current: bool | None) -> tuple[str | None, str | None, bool | None]:
    """Role, company and whether current, from older debriefs' free text
    (``former manager at Example GmbH``, ``tech lead at my current company``)."""
    found = _RELATIONSHIP.match(text.strip())
    if found is None:
        return None, company, current
    place = found.group("company")
    if place and re.fullmatch(r"my (?:current|present) (?:company|employer|job)", place, re.I):
        place, current = None, True if current is None else current
    if found.group("former"):
        current = False if current is None else current
    elif found.group("current"):
        current = True if current is None else current
    return found.group("role").strip(), company or place, current


def carried_promises(debrief: Debrief, action: Action, plan: Sequence[Action]
                     ) -> list[Promise]:
    """The promises a thank-you delivers: those the plan puts inside it
    (:data:`rules.PROMISE_WITH_THANKS`), to the same person."""
    if action.kind != "thank-you" or not action.to:
        return []
    person = same_person_key(action.to)
    found = (promise_of(debrief, other) for other in plan
             if other.rule == PROMISE_WITH_THANKS.id and other.to
             and same_person_key(other.to) == person)
    return [promise for promise in found if promise is not None]


def promise_of(debrief: Debrief, action: Action) -> Promise | None:
    if action.kind != "promise":
        return None
    number = _number(action.key)
    if not 1 <= number <= len(debrief.promises):
        return None
    return debrief.promises[number - 1]


def _promise_facts(debrief: Debrief, action: Action) -> dict[str, Any] | None:
    promise = promise_of(debrief, action)
    if promise is None:
        return None
    return {"what": voice.without_mention(promise.what), "url": promise.url,
            "file": Path(promise.file).name if promise.file else None,
            "attached": bool(promise.file), "attachment": promise.attachment,
            "plural": is_plural(promise.what),
            "about": voice.to_company(promise.about) if promise.about else None,
            "shows": promise.shows}
