"""The defect classes a blind review found in our drafts, each a test over every
example debrief of the repository and over generated debriefs (1-6 people,
a dozen countries, send times from the interview's end to three days later).

1 form of address, 2 voice, 3 strength and topic, 4 time words, 5 the
recipient's English, 6 promises, 7 inquiries and move-on, 8 recruiter update,
9 register, 10 outcome notes; and a topic repeated word for word to one person
(a short form recorded for it is used after the first note).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.compose import Draft, compose, voice
from followthrough.compose.answers import weak_answer
from followthrough.compose.asking import indirect
from followthrough.compose.english import SPELLINGS
from followthrough.debrief import Debrief, read_debrief
from followthrough.debrief.model import same_person_key
from followthrough.plan import Event, plan

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.toml"))
COUNTRIES = ("US", "GB", "DE", "JP", "IL", "FR", "IN", "SG", "AE", "AU", "NL", "BR")
ZONES = {"US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin",
         "JP": "Asia/Tokyo", "IL": "Asia/Jerusalem", "FR": "Europe/Paris",
         "IN": "Asia/Kolkata", "SG": "Asia/Singapore", "AE": "Asia/Dubai",
         "AU": "Australia/Sydney", "NL": "Europe/Amsterdam", "BR": "America/Sao_Paulo"}
AMERICAN = {"US", "JP", "BR"}
OUTCOME_KINDS = {"rejected": "rejection-reply", "offer": "offer-reply",
                 "withdrawn": "withdrawal", "next-round": "next-round-thanks"}
MESSAGES = ("thank-you", "promise", "recruiter-update", "reference-brief", "linkedin",
            "status-inquiry", "move-on", "referee-thanks", *OUTCOME_KINDS.values())
GIVEN = ("Jonas", "Aylin", "Marcus", "Sofia", "Hiroshi", "Emi", "Noa", "Priya", "Ines",
         "Tomás", "Chloé", "Arjun")
FAMILY = ("Becker", "Demir", "Bell", "Alvarez", "Sato", "Kobayashi", "Levi", "Raman",
          "Keller", "Ortega", "Martin", "Iyer")
TOPICS = (
    "conflict resolution in their offline cache",
    "how the team splits work between Kotlin and native code",
    "our release trains and feature flags",
    "how they run design reviews across three time zones",
    "moving nightly batch jobs to streaming",
    "the appointment-booking funnel and its drop-off",
)
SHORT = {
    "conflict resolution in their offline cache": "their offline cache",
    "how the team splits work between Kotlin and native code": "Kotlin and native code",
    "our release trains and feature flags": "our release trains",
    "how they run design reviews across three time zones": "design reviews",
    "moving nightly batch jobs to streaming": "streaming",
    "the appointment-booking funnel and its drop-off": "booking drop-off",
}
STRENGTHS = (
    "built the offline mode of a field-service app used by 3,000 technicians",
    "mentored four junior engineers to their first production releases",
    "ran usability studies with 200 participants",
)
STALE_TIME = re.compile(r"\b(?:since we spoke|has stayed with me|keep returning to|"
                        r"since our conversation)\b", re.IGNORECASE)
PRESUMING = re.compile(r"another direction|have decided|filled the role|went with|"
                       r"chose another|not been successful", re.IGNORECASE)
STOCK_BRIDGES = re.compile(r"\b(?:More broadly|Beyond that topic|On my side)\b")
WARM_CLOSINGS = re.compile(r"^(?:Warm regards|Best wishes|All the best|Cheers|Best),$",
                           re.MULTILINE)
US_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{1,2}\b")
GB_DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|"
                     r"September|October|November|December)\b")


def _end(debrief: Debrief) -> datetime:
    return debrief.interview.starts + timedelta(minutes=debrief.interview.minutes)


def drafts_of(debrief: Debrief) -> list[Draft]:
    """Every message of the plan, and each of the four outcome notes."""
    end = _end(debrief)
    actions = plan(debrief, now=end)
    drafts = compose(None, debrief, actions)
    for outcome in OUTCOME_KINDS:
        at = end + timedelta(days=3)
        later = plan(debrief, [Event(kind="outcome", at=at, outcome=outcome)],  # type: ignore[arg-type]
                     now=at)
        drafts += compose(None, debrief, [a for a in later if a.kind in OUTCOME_KINDS.values()])
    return [draft for draft in drafts if draft.kind in MESSAGES]


@pytest.fixture(scope="module", params=[path.name for path in EXAMPLES])
def example(request: pytest.FixtureRequest) -> tuple[Debrief, list[Draft]]:
    debrief = read_debrief(Path(__file__).parents[2] / "examples" / request.param)
    return debrief, drafts_of(debrief)


def _record(debrief: Debrief, name: str | None) -> Any:
    if name is None:
        return None
    key = same_person_key(name)
    people: list[Any] = [*debrief.interviewers, *debrief.references]
    if debrief.recruiter:
        people.append(debrief.recruiter)
    return next((p for p in people if same_person_key(p.name) == key), None)


# The checks, one per defect class; each takes a debrief and its drafts.

def check_address(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        if draft.channel == "self":
            continue  # a note to the candidate (a promise that goes inside a thank-you)
        person = _record(debrief, draft.to)
        first_line = draft.body.splitlines()[0]
        if person is None or person.salutation:
            continue
        words = [w for w in person.name.split() if w.rstrip(".").casefold()
                 not in {"dr", "prof", "mr", "ms"}]
        if len(words) > 1:
            assert " ".join(words) not in first_line, f"full name: {first_line}"
        if debrief.interview.country == "JP" and draft.kind != "reference-brief" \
                and not person.address and person in debrief.interviewers:
            assert "-san" in first_line or (person.honorific and person.honorific.rstrip(".")
                                            in first_line), first_line
        if person.honorific and person.address == "family-name":
            assert person.honorific.rstrip(".") in first_line, first_line


def check_voice(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        company_side = draft.to is not None and debrief.interviewer(draft.to) is not None
        if company_side:
            for person in debrief.interviewers:
                for topic in person.topic_texts:
                    if re.search(r"\b(?:their|our|we|they)\b|\bthe team\b", topic):
                        assert not re.search(rf"\b{re.escape(topic)}", draft.body), \
                            draft.body
        if draft.subject:
            assert not re.search(r"\bI (?:mentioned|promised|discussed)\b", draft.subject)
        assert not re.search(r"^\s*-?\s*Decision: we\b", draft.body, re.MULTILINE)
    for reference in debrief.references:
        for draft in drafts:
            if draft.kind == "reference-brief" and draft.to == reference.name \
                    and reference.current:
                assert "former" not in draft.body
                assert "your time as" not in draft.body


def check_strength(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        if draft.kind != "thank-you":
            continue
        assert not STOCK_BRIDGES.search(draft.body), draft.body
        person = debrief.interviewer(draft.to or "")
        assert person is not None
        mine = {t.strength for t in person.topics if not isinstance(t, str) and t.strength}
        for strength in debrief.candidate.strengths:
            if strength in draft.body:
                assert strength in mine, f"unlinked strength in {draft.body}"


def check_time_words(debrief: Debrief, drafts: list[Draft], sent: dict[str, datetime]
                     ) -> None:
    start = debrief.interview.starts
    for draft in drafts:
        at = sent.get(draft.action, draft.due)
        same_day = at.date() == start.astimezone(at.tzinfo).date()
        if not same_day:
            assert not re.search(r"\btoday\b", draft.body), (at, draft.body)
        if at - _end(debrief) < timedelta(days=1):
            assert not STALE_TIME.search(draft.body), draft.body


def check_english(debrief: Debrief, drafts: list[Draft]) -> None:
    american = debrief.interview.country in AMERICAN
    for draft in drafts:
        said = re.sub(r'"[^"\n]*"', "", draft.body)  # a quotation keeps its own spelling
        words = {w.casefold() for w in re.findall(r"[A-Za-z]+", said)}
        if american:
            assert not words & set(SPELLINGS), (words & set(SPELLINGS), draft.body)
            assert not GB_DATE.search(draft.body), draft.body
        else:
            assert not US_DATE.search(draft.body), draft.body


def check_promises(debrief: Debrief, drafts: list[Draft]) -> None:
    messages = [d for d in drafts if d.channel != "self"]
    for draft in messages:
        assert bool(re.search(r"\battached\b", draft.body)) == bool(draft.attachments), \
            draft.body
        for attachment in draft.attachments:
            assert Path(attachment).is_file()
        if re.search(r"\bhere is\b.*\blink\b|\bthe link below\b", draft.body, re.I):
            assert "https://" in draft.body
    for promise in debrief.promises:
        own = [d for d in drafts if d.kind == "promise" and d.to == promise.to]
        inside = [d for d in own if d.channel == "self"]
        # one message: a promise inside the thank-you leaves no separate e-mail
        delivered = [d for d in messages if d.kind == "thank-you" and d.to == promise.to] \
            if inside else [d for d in own if d.channel != "self"]
        for draft in delivered:
            if promise.url:
                assert promise.url in draft.body
            if promise.file:
                assert promise.file in draft.attachments


def check_inquiries(debrief: Debrief, drafts: list[Draft]) -> None:
    inquiries = [d for d in drafts if d.kind == "status-inquiry"]
    for later in inquiries[1:]:
        assert re.search(r"\bI wrote\b|\bmy (?:earlier )?(?:note|message|email)\b", later.body), \
            later.body
    for draft in drafts:
        if draft.kind == "move-on":
            assert not PRESUMING.search(draft.body), draft.body


def check_recruiter_update(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        if draft.kind != "recruiter-update":
            continue
        for missed in debrief.missed:
            assert missed.point.removeprefix("that ") in draft.body, draft.body
        for question in debrief.questions:
            if question.struggled:
                told = weak_answer(question.asked, question.answer).reported
                # as said, or in reported speech ("how I would keep ...")
                assert question.asked.rstrip("?. ") in draft.body or (
                    told and " ".join(told.split()[:4]) in draft.body), draft.body
                gap = weak_answer(question.asked, question.answer).gap
                if gap:  # what fell short is what the recruiter can repair
                    assert gap in draft.body, draft.body
        said = [p.how_it_went for p in debrief.interviewers if p.how_it_went]
        for went in said:  # how it went with each, as the candidate said, once each
            assert draft.body.count(went) == said.count(went), draft.body


def check_questions(debrief: Debrief, drafts: list[Draft]) -> None:
    """The question the candidate still has for someone is asked once, in that
    person's thank-you (as written, or told as an indirect question), and in no
    other message; to a cool, formal reader whose
    question has a topic (`question_about`), it is not asked in writing, and the
    note says the candidate would welcome hearing more about that topic later."""
    for question in {p.question for p in debrief.interviewers if p.question}:
        told = indirect(question)
        askers = {p.name for p in debrief.interviewers if p.question == question}
        for draft in drafts:
            if draft.kind not in MESSAGES:
                continue
            mine = draft.kind == "thank-you" and draft.to in askers
            person = _record(debrief, draft.to) if mine else None
            later = bool(person is not None and getattr(person, "question_about", None)
                         and getattr(person, "rapport", None) == "cool")
            if later:
                assert question[1:] not in draft.body, draft.body
                assert "at a later stage" in draft.body, draft.body
                continue
            asked = draft.body.count(question[1:]) + (draft.body.count(told) if told else 0)
            assert asked == (1 if mine else 0), draft.body


def check_register(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        person = _record(debrief, draft.to)
        cool = getattr(person, "rapport", None) == "cool"
        formal_address = bool(re.match(r"(?:Dear|Hello) (?:Mr|Ms|Mrs|Mx|Dr|Prof)\b|.*-san,",
                                       draft.body))
        if cool or formal_address:
            assert not WARM_CLOSINGS.search(draft.body), draft.body


def check_outcome_notes(debrief: Debrief, drafts: list[Draft]) -> None:
    by_kind = {d.kind: d for d in drafts}
    assert set(OUTCOME_KINDS.values()) <= set(by_kind), sorted(by_kind)
    assert re.search(r"feedback", by_kind["rejection-reply"].body)
    assert re.search(r"in writing", by_kind["offer-reply"].body)
    assert re.search(r"time to read it carefully", by_kind["offer-reply"].body)
    assert re.search(r"withdraw my application", by_kind["withdrawal"].body)
    assert re.search(r"confirm", by_kind["next-round-thanks"].body)
    for kind in OUTCOME_KINDS.values():
        assert re.search(r"\bthank", by_kind[kind].body, re.IGNORECASE)
    recruiter = debrief.recruiter.name if debrief.recruiter else None
    for kind in OUTCOME_KINDS.values():
        if by_kind[kind].to == recruiter:  # the agency, not the company that decided
            assert not re.search(r"you and your colleagues|offering me|considering me",
                                 by_kind[kind].body), by_kind[kind].body


GLUED = re.compile(r"[a-z0-9)][.!?][A-Z]")
"""Two sentences without a space between them ("new year.I wrote")."""


def check_sentences(debrief: Debrief, drafts: list[Draft]) -> None:
    for draft in drafts:
        text = re.sub(r"https?://\S+", "", draft.body)
        assert not GLUED.search(text), draft.body
        assert "  " not in text, draft.body
        assert not STOCK_BRIDGES.search(text), draft.body


def check_repeats(debrief: Debrief, drafts: list[Draft]) -> None:
    """A topic recorded with a short form is named in full in one note to its person
    at most: the LinkedIn note and the move-on use the short form or another topic."""
    for person in debrief.interviewers:
        to_them = [d.body for d in drafts if d.to == person.name
                   and d.kind in ("thank-you", "linkedin", "move-on", "status-inquiry")]
        for text in person.topic_texts:
            if person.short_for(text) is None:
                continue
            full = voice.to_company(text)
            assert sum(body.count(full) for body in to_them) <= 1, (full, to_them)


CHECKS = (check_address, check_voice, check_strength, check_english, check_promises,
          check_inquiries, check_recruiter_update, check_register, check_outcome_notes,
          check_sentences, check_questions, check_repeats)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_examples(example: tuple[Debrief, list[Draft]], check: Any) -> None:
    debrief, drafts = example
    check(debrief, drafts)


def test_every_example_draft_has_no_finding_at_all(example: tuple[Debrief, list[Draft]]
                                                   ) -> None:
    _, drafts = example
    assert drafts
    for draft in drafts:
        assert draft.findings == [], (draft.body, draft.findings)


def test_example_thank_yous_are_80_to_170_words(example: tuple[Debrief, list[Draft]]) -> None:
    debrief, drafts = example
    signature = len((debrief.candidate.signature or debrief.candidate.name).splitlines())
    for draft in drafts:
        if draft.kind == "thank-you":
            lines = draft.body.strip().splitlines()
            words = len(" ".join(lines[1:-1 - signature]).split())  # the message itself
            assert 80 <= words <= 170, (words, draft.body)


def test_examples_time_words(example: tuple[Debrief, list[Draft]]) -> None:
    debrief, drafts = example
    check_time_words(debrief, drafts, {})


# Generated debriefs.

QUESTIONS = ("How do your release trains handle a fix that cannot wait?",
             "What would success in this role look like after six months?")
HOW_IT_WENT = ("We got on well from the start.",
               "The conversation was formal, and I think some of my answers ran long.")


@st.composite
def debriefs(draw: st.DrawFn) -> Debrief:
    country = draw(st.sampled_from(COUNTRIES))
    count = draw(st.integers(1, 6))
    order = draw(st.permutations(range(len(GIVEN))))
    interviewers = []
    for index in order[:count]:
        topics: list[Any] = []
        for topic in draw(st.lists(st.sampled_from(TOPICS), min_size=0, max_size=2,
                                   unique=True)):
            strength = draw(st.none() | st.sampled_from(STRENGTHS))
            short = SHORT[topic] if draw(st.booleans()) else None
            table = {key: value for key, value in
                     (("about", topic), ("strength", strength), ("short", short)) if value}
            topics.append(table if len(table) > 1 else topic)
        person: dict[str, Any] = {
            "name": f"{GIVEN[index]} {FAMILY[index]}",
            "email": f"{FAMILY[index].casefold()}@company.example",
            "rapport": draw(st.sampled_from(["warm", "neutral", "cool"])),
            "topics": topics,
        }
        if draw(st.booleans()):
            person["honorific"] = draw(st.sampled_from(["Ms.", "Mr.", "Dr.", "Mx."]))
        if draw(st.booleans()):
            person["address"] = draw(st.sampled_from(["first-name", "family-name"]))
        if draw(st.booleans()):
            person["question"] = draw(st.sampled_from(QUESTIONS))
        if draw(st.booleans()):
            person["how_it_went"] = draw(st.sampled_from(HOW_IT_WENT))
        interviewers.append(person)
    names = [p["name"] for p in interviewers]
    day = draw(st.dates(min_value=date(2026, 1, 5), max_value=date(2027, 12, 1)))
    starts = datetime.combine(day, time(draw(st.integers(9, 16))), ZoneInfo(ZONES[country]))
    data: dict[str, Any] = {
        "candidate": {"name": "Sam Okafor", "email": "sam@example.com",
                      "timezone": "Europe/London", "strengths": list(STRENGTHS)},
        "interview": {"company": "Nordlicht Mobility", "role": "Senior Android Engineer",
                      "starts": starts, "timezone": ZONES[country], "country": country,
                      "decision": draw(st.sampled_from(
                          ["we aim to decide within ten days", "within two weeks", None])) or
                      "they will decide soon"},
        "interviewers": interviewers,
        "promises": [{"what": "the design note on conflict-free sync I mentioned",
                      "to": draw(st.sampled_from(names)),
                      "url": "https://example.org/design-note"}],
        "missed": [{"point": "that I have led two on-call rotations",
                    "to": draw(st.sampled_from(names))}],
        "questions": [{"asked": "How would you test sync with a wrong clock?",
                       "struggled": True}],
        "recruiter": {"name": "Lena Hoffmann", "email": "lena@talent.example"},
        "references": [{"name": "Priyanka Das", "email": "p@example.org", "role": "tech lead",
                        "company": "Fieldwise", "current": draw(st.booleans())}],
    }
    return Debrief.model_validate(data)


def _generated_drafts(debrief: Debrief, delay_minutes: int
                      ) -> tuple[list[Draft], dict[str, datetime]]:
    """Every message for ``debrief``, its thank-yous sent ``delay_minutes`` after the
    interview's end, and the four outcome notes."""
    end = _end(debrief)
    sent: dict[str, datetime] = {}
    moved = []
    for action in plan(debrief, now=end):
        if action.kind == "thank-you":
            at = (end + timedelta(minutes=delay_minutes)).astimezone(action.due.tzinfo)
            sent[f"file.{action.key}"] = at
            moved.append(replace(action, due=at))
        else:
            moved.append(action)
    drafts = [d for d in compose(None, debrief, moved) if d.kind in MESSAGES]
    for outcome in OUTCOME_KINDS:
        at = end + timedelta(days=3)
        later = plan(debrief, [Event(kind="outcome", at=at, outcome=outcome)],  # type: ignore[arg-type]
                     now=at)
        drafts += compose(None, debrief, [a for a in later if a.kind in OUTCOME_KINDS.values()])
    return drafts, sent


@pytest.mark.parametrize("check", [*CHECKS, check_time_words], ids=lambda c: c.__name__)
@settings(max_examples=max(15, int(os.environ.get("FT_HYPOTHESIS_EXAMPLES", "100")) // 10),
          deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debrief=debriefs(), delay_minutes=st.integers(0, 3 * 24 * 60))
def test_generated_debriefs(check: Any, debrief: Debrief, delay_minutes: int) -> None:
    drafts, sent = _generated_drafts(debrief, delay_minutes)
    if check is check_time_words:
        check(debrief, drafts, sent)
    else:
        check(debrief, drafts)
