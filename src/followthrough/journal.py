"""The journal across interviews: search what you were asked, how you answered,
what went well, what to improve, what you learned and the topics discussed;
and the question bank, every question you were asked, newest first. The CLI
(``followthrough journal``) and the web's Journal page both call these."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from followthrough.debrief.model import Question, Reflection, Topic
from followthrough.errors import BadInput, Problem, StoreError
from followthrough.store import Store
from followthrough.store.journal import JournalSource, journal_sources

QUERY_CHARS = 200
"""The longest text a search looks for (a phrase, never a paragraph)."""

LABELS = {
    "asked": "Question you were asked",
    "answer": "Your answer",
    "went_well": "What went well",
    "improve": "What to improve",
    "learned": "What you learned about them",
    "topics": "Topic discussed",
}
"""What each searched field is called, as the debrief form calls it."""


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _When(_Read):
    starts: AwareDatetime


class _Topics(_Read):
    topics: list[str | Topic] = Field(default_factory=list)

    @property
    def topic_texts(self) -> list[str]:
        return [topic if isinstance(topic, str) else topic.about for topic in self.topics]


class JournalView(_Read):
    """The parts of a stored debrief the journal reads, parsed from its JSON text
    (the rest was checked when it was stored; validating 1,000 whole debriefs
    took 0.4-0.8 s, these parts 35-45 ms)."""

    interview: _When
    interviewers: list[_Topics] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    reflection: Reflection | None = None


@dataclass(frozen=True)
class InterviewRef:
    """The interview a result comes from, as a person names it."""

    id: int
    company: str
    role: str
    date: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "company": self.company, "role": self.role, "date": self.date}

    def describe(self) -> str:
        return f"#{self.id} {self.company}, {self.role}, {self.date}"


@dataclass(frozen=True)
class JournalHit:
    interview: InterviewRef
    field: str
    """The debrief path of the text: ``questions[0].answer``, ``reflection.improve[1]``."""
    label: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"interview": self.interview.as_dict(), "field": self.field,
                "label": self.label, "text": self.text}


@dataclass(frozen=True)
class BankQuestion:
    interview: InterviewRef
    asked: str
    answer: str | None
    struggled: bool

    def as_dict(self) -> dict[str, Any]:
        return {"interview": self.interview.as_dict(), "asked": self.asked,
                "answer": self.answer, "struggled": self.struggled}


def search_journal(store: Store, text: str, field: str = "TEXT") -> list[JournalHit]:
    """Every piece of journal text holding ``text`` (case-insensitive), newest
    interview first, in the debrief's order within one."""
    wanted = search_text(text, field)
    return [JournalHit(ref, path, LABELS[kind], found)
            for ref, debrief in _debriefs(store)
            for path, kind, found in found_in(debrief, wanted)]


def question_bank(store: Store, company: str | None = None,
                  struggled: bool = False) -> list[BankQuestion]:
    """Every question you were asked, newest interview first; ``company`` keeps
    the interviews whose company holds it (case-insensitive), ``struggled``
    the questions you marked as hard."""
    wanted = (company or "").strip().casefold()
    return [BankQuestion(ref, question.asked, question.answer, question.struggled)
            for ref, debrief in _debriefs(store)
            if wanted in ref.company.casefold()
            for question in debrief.questions
            if question.struggled or not struggled]


def search_text(text: str, field: str) -> str:
    """The text to look for, or what to type instead."""
    stripped = text.strip()
    if not stripped:
        raise BadInput([Problem(field, "is empty",
                                expected="a word or phrase to look for, like system design")])
    if len(stripped) > QUERY_CHARS:
        raise BadInput([Problem(field, f"is {len(stripped):,} characters long",
                                expected=f"at most {QUERY_CHARS} characters: a word or phrase")])
    return stripped


def found_in(debrief: JournalView, text: str) -> list[tuple[str, str, str]]:
    """The pieces of ``journal_texts`` that hold ``text``, in any case."""
    needle = text.casefold()
    return [piece for piece in journal_texts(debrief) if needle in piece[2].casefold()]


def journal_texts(debrief: JournalView) -> Iterator[tuple[str, str, str]]:
    """``(path, kind, text)`` for every piece of the debrief the journal searches."""
    for index, question in enumerate(debrief.questions):
        yield f"questions[{index}].asked", "asked", question.asked
        if question.answer:
            yield f"questions[{index}].answer", "answer", question.answer
    if debrief.reflection:
        yield from _reflection_texts(debrief.reflection)
    for person, interviewer in enumerate(debrief.interviewers):
        for index, topic in enumerate(interviewer.topic_texts):
            yield f"interviewers[{person}].topics[{index}]", "topics", topic


def _reflection_texts(reflection: Reflection) -> Iterator[tuple[str, str, str]]:
    for kind in ("went_well", "improve"):
        for index, line in enumerate(getattr(reflection, kind)):
            yield f"reflection.{kind}[{index}]", kind, line
    if reflection.learned:
        yield "reflection.learned", "learned", reflection.learned


def _debriefs(store: Store) -> Iterator[tuple[InterviewRef, JournalView]]:
    for source in journal_sources(store):
        view = journal_view(source)
        yield InterviewRef(source.interview_id, source.company, source.role,
                           view.interview.starts.date().isoformat()), view


def journal_view(source: JournalSource) -> JournalView:
    try:
        return JournalView.model_validate_json(source.document)
    except ValidationError as error:
        raise StoreError(f"stored interview #{source.interview_id} cannot be read: "
                         f"{error.errors()[0]['msg']} (`followthrough edit "
                         f"{source.interview_id}` shows it)") from None
