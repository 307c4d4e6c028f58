"""The debrief: what a candidate records right after an interview.

The TOML format is the one of ``examples/``. Every model forbids unknown
keys, so a typo is reported instead of silently dropped, and is strict about
types, so ``minutes = "60"`` is an error rather than a guess.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from followthrough import geo
from followthrough.debrief.behaviour import DebriefBehaviour, InterviewerBehaviour
from followthrough.debrief.behaviour import same_person_key as same_person_key
from followthrough.debrief.zones import zone_problem

Rapport = Literal["warm", "neutral", "cool"]
Address = Literal["first-name", "family-name"]
"""How a note addresses a person: ``Dear Jonas`` or ``Dear Mr. Becker`` / ``Sato-san``."""
Format = Literal["video", "onsite", "phone"]
Channel = Literal["email", "phone", "linkedin", "recruiter"]


def check_email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as err:
        raise ValueError(f"{value!r} is not an e-mail address: {err}") from None
    return value


def check_zone(value: str) -> str:
    problem = zone_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _country(value: str) -> str:
    if not geo.is_country(value):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (like JP, US, DE)")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def check_question(value: str) -> str:
    if not value.rstrip().endswith("?"):
        raise ValueError(f"{value!r} is not a question: write it as you would ask it, "
                         "ending with '?'")
    return value


def _sentence(value: str) -> str:
    if not value.rstrip().endswith((".", "!", "?")):
        raise ValueError(f"{value!r} is not a whole sentence: end it with a full stop")
    return value


def as_clause(value: str) -> str:
    """A clause that ends a sentence someone else writes: a full stop (or several,
    with spaces between) at its end is dropped, an ellipsis kept."""
    clause = value.rstrip()
    while clause.endswith(".") and not clause.endswith(".."):
        clause = clause[:-1].rstrip()
    return clause


def _url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or " " in value:
        raise ValueError(f"{value!r} is not a web address starting with https://")
    return value


NAME_CHARS = 200
"""Names, titles, a company, a role: one line of a heading."""
PHRASE_CHARS = 500
"""A topic, a promise, a point, a question: a phrase or a sentence."""
SHORT_TOPIC_CHARS = 60
"""A topic in a few words, as later notes name it."""
SHOWS_CHARS = 160
"""What a promised thing shows: one clause after "It shows ..."."""
SHOWS_REFUSED = ("It ", "This ")
"""How a promise's ``shows`` must not start: the note writes "It shows" itself. As
written, capitals and all: "this quarter's numbers" reads well after "It shows"."""
LONG_CHARS = 5_000
"""A signature, an answer, what was learned: a few paragraphs."""
LIST_ITEMS = 50
"""Rows of any list (interviewers, topics, promises, ...)."""
Email = Annotated[str, Field(max_length=254), AfterValidator(check_email)]
Zone = Annotated[str, Field(max_length=64), AfterValidator(check_zone)]
Country = Annotated[str, AfterValidator(_country)]
Text = Annotated[str, Field(max_length=PHRASE_CHARS), AfterValidator(_text)]
Line = Annotated[str, Field(max_length=NAME_CHARS), AfterValidator(_text)]
Url = Annotated[str, Field(max_length=2_000), AfterValidator(_url)]
Name = Annotated[str, Field(max_length=NAME_CHARS), AfterValidator(_text)]
Short = Annotated[str, Field(max_length=NAME_CHARS)]
Phrase = Annotated[str, Field(max_length=PHRASE_CHARS)]
Asking = Annotated[str, Field(max_length=PHRASE_CHARS), AfterValidator(_text),
                     AfterValidator(check_question)]
Sentences = Annotated[str, Field(max_length=PHRASE_CHARS), AfterValidator(_text),
                      AfterValidator(_sentence)]
Long = Annotated[str, Field(max_length=LONG_CHARS)]
Phone = Annotated[str, Field(max_length=50)]
FilePath = Annotated[str, Field(max_length=1_000)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    """Each model builds its validator on first use: a stored debrief read with
    :func:`followthrough.debrief.stored.trusted_debrief` never needs one."""


class Candidate(_Record):
    name: Name
    email: Email
    timezone: Zone
    signature: Long | None = None
    strengths: list[Text] = Field(default_factory=list, max_length=LIST_ITEMS)


class Interview(_Record):
    company: Line
    role: Line
    starts: AwareDatetime
    minutes: int = Field(default=60, gt=0, le=24 * 60)
    timezone: Zone | None = None
    country: Country | None = None
    region: Annotated[str, Field(max_length=10), AfterValidator(_text)] | None = None
    round: int = Field(default=1, ge=1, le=20)
    format: Format | None = None
    channel: Channel = "email"
    decision: Phrase | None = None
    decision_by: date | None = None
    they_will_contact: bool | None = None
    notify_on_rejection: bool | None = None
    next_steps: Phrase | None = None


class _Addressed(_Record):
    """Someone a note is written to, and how they like to be addressed."""

    name: Name
    honorific: Annotated[str, AfterValidator(_text), Field(max_length=20)] | None = None
    """``Ms.``, ``Mr.``, ``Dr.``, ``Mx.``, ``Prof.``: used with the family name."""
    family_name: Name | None = None
    """The family name, where it is not the last word of ``name``."""
    address: Address | None = None
    """``first-name`` or ``family-name``; the default follows the culture and the rapport."""
    salutation: Phrase | None = None
    """The exact greeting to use (``Dear Sato-san``), overriding everything above."""


class Recruiter(_Addressed):
    firm: Short | None = None
    email: Email | None = None
    phone: Phone | None = None
    runs_process: bool | None = None
    """The recruiter or search consultant runs the process: inquiries go to them."""


class Topic(_Record):
    """A topic discussed, and the candidate's strength that truly bears on it."""

    about: Text
    strength: Text | None = None
    """One of ``candidate.strengths``, word for word."""
    told: bool = False
    """Whether the candidate already told this person about the strength in the
    interview: the thank-you then recalls it ("as I mentioned") instead of telling it
    as news."""
    short: Annotated[str, Field(max_length=SHORT_TOPIC_CHARS), AfterValidator(_text)] | None = None
    """The topic in a few words, for the notes after the first ("your move to
    streaming"): the LinkedIn note and the move-on name it so, and the person does
    not read the same long phrase again. Worded to the person, as ``about`` is."""


class Interviewer(InterviewerBehaviour, _Addressed):
    title: Short | None = None
    email: Email | None = None
    phone: Phone | None = None
    linkedin: Url | None = None
    rapport: Rapport | None = None
    topics: list[Text | Topic] = Field(default_factory=list, max_length=LIST_ITEMS)
    """Noun phrases that fit "we talked about ...": plain, or with a linked strength."""
    highlight: Text | None = None
    """A moment with this person worth recalling, as it fits "I was glad we had time
    for ...": "the whiteboard session", "the live demo of my virtual list library"."""
    question: Asking | None = None
    """A question you would still like to ask this person, as you would ask it: the
    thank-you asks it instead of recalling a second topic, and the brief for the next
    round lists it."""
    question_about: Text | None = None
    """The topic the question belongs to (one of this person's topics, word for
    word): to a cool, formal reader the thank-you does not put the question in
    writing but says the candidate would be glad to hear more about that topic at a
    later stage."""
    how_it_went: Sentences | None = None
    """How it went with this person, in a sentence or two you would say to your
    recruiter: "She was more formal, and I think some of my answers ran long."."""


    def strength_told(self, topic: str) -> bool:
        """Whether the strength linked to ``topic`` was told to this person in the room."""
        return any(isinstance(item, Topic) and item.about == topic and item.told
                   for item in self.topics)


class Promise(_Record):
    what: Text
    to: Name | None = None
    attachment: FilePath | None = None
    """The file's name only (older debriefs): mentioned, never attached."""
    url: Url | None = None
    """Where the promised thing is online: the note gives the link."""
    file: Annotated[FilePath, AfterValidator(_text)] | None = None
    """The file to attach; a relative path is read from the debrief's folder."""
    about: Text | None = None
    """The recipient's topic it bears on (one of their topics, word for word): the
    message says how the thing meets it, not just what it is."""
    separate: bool = False
    """Send it as a message of its own, not inside the thank-you to the same person
    (set by an edit that adds a promise after that thank-you went)."""
    shows: Annotated[str, Field(max_length=SHOWS_CHARS), AfterValidator(as_clause),
                     AfterValidator(_text)] | None = None
    """What the promised thing shows, as a clause that fits after "It shows ..."
    ("how the app merged offline edits from two devices without losing either"):
    the note introduces the file or link with it, so the reader knows why to open
    it. One line; a full stop at its end is dropped; it must not start with "It "
    or "This " (``cross_check`` refuses that by name and line)."""


class Resource(_Record):
    title: Text
    url: Url | None = None
    to: Name | None = None
    about: Text | None = None
    """The recipient's topic it bears on (one of their topics, word for word): the note
    says why it is worth their time."""


class Missed(_Record):
    point: Text
    to: Name | None = None
    about: Text | None = None
    """The topic (one of that person's topics, word for word) the point bears on:
    the note then makes it there, not as an afterthought."""


class Question(_Record):
    asked: Text
    answer: Long | None = None
    """What you said and, after a semicolon, what fell short in your own words
    ("Idempotency keys and an outbox; I could not say how to fail over the key
    store"): a recruiter can help repair only what they are told."""
    struggled: bool = False
    better: Long | None = None
    """The answer you would give now, as you would say it ("I would replicate the
    key store synchronously and fence the old primary before failing over"): the
    recruiter update passes it on, where without it the candidate can only offer to
    write one later."""
    asked_by: Name | None = None
    """The interviewer who asked it: with ``better``, their thank-you adds the
    answer the candidate would give now, where it can still help."""


class Reflection(_Record):
    went_well: list[Text] = Field(default_factory=list, max_length=LIST_ITEMS)
    improve: list[Text] = Field(default_factory=list, max_length=LIST_ITEMS)
    learned: Long | None = None


class Reference(_Addressed):
    email: Email | None = None
    phone: Phone | None = None
    relationship: Phrase | None = None
    """Free text, as older debriefs have it: ``former manager at Example GmbH``."""
    role: Phrase | None = None
    """What they were or are to the candidate: ``manager``, ``tech lead``."""
    company: Phrase | None = None
    """Where the candidate and the reference work or worked together."""
    current: bool | None = None
    """Whether they still work together."""
    emphasise: list[Text] = Field(default_factory=list, max_length=LIST_ITEMS)


class Debrief(DebriefBehaviour, _Record):
    schema_: Literal[1] = Field(default=1, alias="schema")
    candidate: Candidate
    interview: Interview
    recruiter: Recruiter | None = None
    interviewers: list[Interviewer] = Field(min_length=1, max_length=LIST_ITEMS)
    promises: list[Promise] = Field(default_factory=list, max_length=LIST_ITEMS)
    resources: list[Resource] = Field(default_factory=list, max_length=LIST_ITEMS)
    missed: list[Missed] = Field(default_factory=list, max_length=LIST_ITEMS)
    questions: list[Question] = Field(default_factory=list, max_length=LIST_ITEMS)
    reflection: Reflection | None = None
    references: list[Reference] = Field(default_factory=list, max_length=LIST_ITEMS)

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True,
                              defer_build=True)

    def to_document(self) -> dict[str, object]:
        """The debrief as plain JSON-ready data, holding exactly the keys the user gave."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
