"""The journal across interviews: search what you were asked, how you answered,
what went well, what to improve, what you learned and the topics discussed
(full text, best match first, with a snippet that marks the words found); the
question bank, every question you were asked, newest first, by company and
topic; and the whole journal exported as Markdown or JSON. The CLI
(``followthrough journal``) and the web's Journal page both call these."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from followthrough.debrief.model import Question, Reflection, Topic
from followthrough.errors import BadInput, Problem, StoreError
from followthrough.store import Store
from followthrough.store.journal import (
    WORD,
    FoundEntry,
    JournalSource,
    count_entries,
    journal_sources,
    search_entries,
)

QUERY_CHARS = 200
"""The longest text a search looks for (a phrase, never a paragraph)."""

SNIPPET_CHARS = 160
"""The longest part of a piece of text a result shows around what it found."""

ELLIPSIS = "…"

LABELS = {
    "asked": "Question you were asked",
    "answer": "Your answer",
    "went_well": "What went well",
    "improve": "What to improve",
    "learned": "What you learned about them",
    "topics": "Topic discussed",
}
"""What each searched field is called, as the debrief form calls it."""

QUESTION_KINDS = ("asked", "answer")
"""The pieces of a question a topic is looked for in."""


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _When(_Read):
    starts: AwareDatetime


class _Topics(_Read):
    name: str = ""
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
class Snippet:
    """The part of a text a result shows, cut into pieces, each saying whether it
    is a word the search found."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(piece for piece, _found in self.pieces)

    def highlights(self) -> list[list[int]]:
        """``[start, end]`` character offsets into :attr:`text` of each word found."""
        spans, offset = [], 0
        for piece, found in self.pieces:
            if found:
                spans.append([offset, offset + len(piece)])
            offset += len(piece)
        return spans


@dataclass(frozen=True)
class JournalHit:
    interview: InterviewRef
    field: str
    """The debrief path of the text: ``questions[0].answer``, ``reflection.improve[1]``."""
    label: str
    text: str
    snippet: Snippet

    def as_dict(self) -> dict[str, Any]:
        return {"interview": self.interview.as_dict(), "field": self.field,
                "label": self.label, "text": self.text, "snippet": self.snippet.text,
                "highlights": self.snippet.highlights()}


@dataclass(frozen=True)
class BankQuestion:
    interview: InterviewRef
    asked: str
    answer: str | None
    struggled: bool

    def as_dict(self) -> dict[str, Any]:
        return {"interview": self.interview.as_dict(), "asked": self.asked,
                "answer": self.answer, "struggled": self.struggled}


def search_journal(store: Store, text: str, field: str = "TEXT",
                   limit: int | None = None) -> list[JournalHit]:
    """Every piece of journal text holding each word of ``text`` as the start of
    a word (any case, accents aside on SQLite): best ranked first, then newest
    interview, then in the debrief's order; the best ``limit`` if given.
    Punctuation and query syntax in ``text`` are only separators: no input can
    make the search fail."""
    words = search_words(text, field)
    return [JournalHit(_found_in(found), found.field, LABELS[found.kind], found.text,
                       snippet_of(found.text, words))
            for found in search_entries(store, words, limit=limit)]


def count_found(store: Store, text: str, field: str = "TEXT") -> int:
    """How many pieces :func:`search_journal` finds for ``text``, all of them."""
    return count_entries(store, search_words(text, field))


def question_bank(store: Store, company: str | None = None, struggled: bool = False,
                  topic: str | None = None, field: str = "--topic") -> list[BankQuestion]:
    """Every question you were asked, newest interview first; ``company`` keeps
    the interviews whose company holds it (any case), ``struggled`` the
    questions you marked as hard, ``topic`` those whose wording or answer holds
    its words (as a search does)."""
    about = _questions_about(store, topic, field) if topic and topic.strip() else None
    return [BankQuestion(ref, question.asked, question.answer, question.struggled)
            for ref, debrief in journal_of(store, company)
            for index, question in enumerate(debrief.questions)
            if (question.struggled or not struggled)
            and (about is None or (ref.id, index) in about)]


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


def search_words(text: str, field: str) -> list[str]:
    """The words of ``text`` (runs of letters and digits, each once), or what to
    type instead."""
    words = list(dict.fromkeys(WORD.findall(search_text(text, field))))
    if not words:
        raise BadInput([Problem(field, f"{text.strip()!r} has no letter or digit to look for",
                                expected="a word or phrase to look for, like system design")])
    return words


def found_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the words a search found are: each word of the text that
    starts with one of ``words`` in any case, or else without accents too (as
    SQLite finds "résumé" for "resume")."""
    spans = [found.span() for found in _word_starts(tuple(words)).finditer(text)]
    return spans or _folded_spans(text, words)


@functools.lru_cache(maxsize=64)
def _word_starts(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"\b(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _folded_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    wanted = [_folded(word) for word in words]
    return [found.span() for found in WORD.finditer(text)
            if any(_folded(found.group()).startswith(word) for word in wanted)]


@functools.lru_cache(maxsize=8192)
def _folded(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet_of(text: str, words: Sequence[str], width: int = SNIPPET_CHARS) -> Snippet:
    """``text``, or the part of it around the first word found when it is longer
    than ``width``, with ``…`` where it was cut and every word found marked."""
    spans = found_spans(text, words)
    start, end = _window(text, spans[0] if spans else (0, 0), width)
    pieces: list[tuple[str, bool]] = [(ELLIPSIS, False)] if start > 0 else []
    last = start
    for span_start, span_end in spans:
        if start <= span_start and span_end <= end:
            pieces += [(text[last:span_start], False), (text[span_start:span_end], True)]
            last = span_end
    pieces.append((text[last:end], False))
    if end < len(text):
        pieces.append((ELLIPSIS, False))
    return Snippet(tuple(piece for piece in pieces if piece[0]))


def _window(text: str, first: tuple[int, int], width: int) -> tuple[int, int]:
    """The part of ``text`` to show: about a third of ``width`` before the first
    word found, cut at spaces, never cutting that word."""
    if len(text) <= width:
        return 0, len(text)
    start = max(0, min(first[0] - width // 3, len(text) - width))
    space = text.find(" ", start, first[0])
    if start > 0 and space != -1:
        start = space + 1
    end = max(first[1], min(len(text), start + width))
    space = text.rfind(" ", first[1], end)
    if end < len(text) and space != -1:
        end = space
    return start, end


def _questions_about(store: Store, topic: str, field: str) -> set[tuple[int, int]]:
    """``(interview, question index)`` of the questions whose wording or answer
    holds the words of ``topic``."""
    found = search_entries(store, search_words(topic, field), kinds=QUESTION_KINDS)
    return {(entry.interview_id, _question_index(entry.field)) for entry in found}


def _question_index(path: str) -> int:
    matched = re.match(r"questions\[(\d+)\]", path)
    return int(matched.group(1)) if matched else -1


def _found_in(found: FoundEntry) -> InterviewRef:
    return InterviewRef(found.interview_id, found.company, found.role, found.starts[:10])


def journal_of(store: Store, company: str | None = None
               ) -> Iterator[tuple[InterviewRef, JournalView]]:
    """Every interview's journal, newest first; ``company`` keeps the interviews
    whose company holds it (any case)."""
    for source in journal_sources(store, company):
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
