"""Turn debrief text (TOML, or the JSON that ``export json`` writes) into a
:class:`Debrief`, or one :class:`Problem` per thing that is wrong."""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import tomllib
import types
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel, ValidationError

from followthrough import clock
from followthrough.debrief.lines import key_lines, line_of
from followthrough.debrief.model import (
    SHOWS_REFUSED,
    Debrief,
    Interviewer,
    Promise,
    same_person_key,
)
from followthrough.debrief.reading import (
    HUGE_NUMBER,
    check_data_depth,
    check_nesting,
    load_json,
    not_regular,
    read_file,
)
from followthrough.errors import BadInput, Problem

MAX_BYTES = 1_000_000
"""A debrief is a few kilobytes; anything over a megabyte is a wrong file."""
INTERVIEW_YEARS = 5
"""An interview is dated within this many years of today, before or after."""
DECISION_YEARS = 2
"""A decision date is at most this many years after the interview."""
MULTI_LINE = frozenset({"signature", "answer", "learned"})
"""The fields that may hold line breaks (and tabs); every other text is one line."""

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_debrief(path: Path) -> Debrief:
    """Read and validate a debrief file; raise :class:`BadInput` naming every problem.

    A promise's relative ``file`` is read from the debrief's folder, and the
    returned record holds its absolute path."""
    raw = read_file(path, MAX_BYTES)
    return parse_debrief_bytes(raw, source=str(path), files_from=path.absolute().parent)


def parse_debrief_bytes(raw: bytes, *, source: str = "<input>",
                        files_from: Path | None = None) -> Debrief:
    if len(raw) > MAX_BYTES:
        raise _whole_file(f"the input is {len(raw):,} bytes; a debrief is at most {MAX_BYTES:,}",
                          source)
    if b"\x00" in raw:
        raise _whole_file("this is a binary file, not a TOML debrief", source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _whole_file(f"the file is not UTF-8 text (byte {err.start})", source) from None
    return parse_debrief(text, source=source, files_from=files_from)


def parse_debrief(text: str, *, source: str = "<input>",
                  files_from: Path | None = None) -> Debrief:
    """Validate debrief text coming in (a file, stdin, an edit); JSON is
    recognised by its leading ``{``. Its dates must be near today.

    A promise's relative ``file`` is read from ``files_from``, by default the
    current folder (text with no file of its own: stdin, an editor, a backup)."""
    if not text.strip():
        raise _whole_file("the file is empty; a debrief needs [candidate], [interview] and "
                          "at least one [[interviewers]]", source)
    folder = files_from or Path.cwd()
    check_nesting(text, source)
    if text.lstrip().startswith("{"):
        return validate_debrief(_load_json(text, source), source=source, from_json=True,
                                files_from=folder, incoming=True)
    data = _load_toml(text, source)
    check_data_depth(data, source)
    return validate_debrief(data, source=source, lines=key_lines(text), files_from=folder,
                            incoming=True)


def validate_debrief(
    data: Mapping[str, Any],
    *,
    source: str = "<input>",
    lines: Mapping[tuple[str | int, ...], int] | None = None,
    from_json: bool = False,
    files_from: Path | None = None,
    incoming: bool = False,
) -> Debrief:
    """Validate parsed data. ``from_json`` data carries dates as ISO strings,
    which strict validation accepts only in JSON mode.

    ``incoming`` data is being stored or planned now (a file, the form, the
    API, ``new``): its texts must hold no control characters (line breaks only
    where a field has several lines), and its dates must be in range (the
    interview within five years of today, the decision within two years
    after it). A record already stored is read without these checks, so that
    time passing never makes it unreadable.

    With ``files_from``, each promise's ``file`` must be a readable file (a
    relative path is read from that folder) and the returned record holds its
    absolute path. Without it ``file`` is kept as written and not looked at:
    a stored record was checked when it came in, and its file may have moved
    since without making the record unreadable."""
    lines = lines or {}
    check_data_depth(data, source)
    unwanted = list(_control_characters(data, (), lines, incoming=incoming))
    if unwanted:
        raise BadInput(unwanted, source)
    text = json.dumps(data) if from_json else json.dumps(data, default=str)
    try:
        if from_json:
            debrief = Debrief.model_validate_json(text, strict=True)
        else:
            debrief = Debrief.model_validate(dict(data), strict=True)
    except ValidationError as err:
        problems = [_problem_from_pydantic(error, lines)
                    for error in _meant_branches(err.errors())]
        raise BadInput(problems, source) from None
    problems = list(cross_check(debrief, lines))
    if incoming:
        problems += date_bounds(debrief, lines)
        problems += company_zone_problems(debrief, lines)
    if files_from is not None:
        debrief, file_problems = with_files(debrief, files_from, lines)
        problems += file_problems
    if problems:
        raise BadInput(problems, source)
    return debrief


def with_files(debrief: Debrief, folder: Path,
               lines: Mapping[tuple[str | int, ...], int] | None = None
               ) -> tuple[Debrief, list[Problem]]:
    """``debrief`` with each promise's ``file`` made absolute (a relative one
    is read from ``folder``), and a problem for each that is not a readable file."""
    lines = lines or {}
    problems: list[Problem] = []
    promises: list[Promise] = []
    for index, promise in enumerate(debrief.promises):
        if promise.file is None:
            promises.append(promise)
            continue
        path = ("promises", index, "file")
        found = _absolute(promise.file, folder)
        wrong = _not_a_readable_file(found)
        if wrong:
            problems.append(Problem(_dotted(path), f"{wrong}: {found}", line_of(path, lines),
                                    f"an existing file; a relative path is read from {folder}"))
        promises.append(promise.model_copy(update={"file": str(found)}))
    if problems or not any(p.file for p in debrief.promises):
        return debrief, problems
    return debrief.model_copy(update={"promises": promises}), problems


def _absolute(written: str, folder: Path) -> Path:
    path = Path(written.strip()).expanduser()
    return Path(os.path.normpath(path if path.is_absolute() else folder / path))


def _not_a_readable_file(path: Path) -> str | None:
    try:
        kind = not_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        return "no such file"
    except OSError as err:
        return f"the file cannot be read ({err.strerror or err})"
    if kind:
        return kind
    if not os.access(path, os.R_OK):
        return "the file cannot be read (permission denied)"
    return None


def _control_characters(value: Any, path: tuple[str | int, ...],
                        lines: Mapping[tuple[str | int, ...], int], *,
                        incoming: bool) -> Iterable[Problem]:
    """Text with a NUL character (U+0000), which PostgreSQL cannot store; and,
    in ``incoming`` text, any control character, or a line break in a field
    of one line (a name with a line break would break a mail header)."""
    if isinstance(value, str):
        found = _unwanted_character(value, path, incoming=incoming)
        if found:
            yield Problem(_dotted(path), f"contains {found}", line_of(path, lines),
                          _ONE_LINE if _allowed_breaks(path) == "" else _PARAGRAPHS)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _control_characters(item, (*path, key), lines, incoming=incoming)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, (*path, index), lines, incoming=incoming)


_ONE_LINE = "one line of text without control characters"
_PARAGRAPHS = "text without control characters other than line breaks and tabs"


def _allowed_breaks(path: tuple[str | int, ...]) -> str:
    keys = [part for part in path if isinstance(part, str)]
    return "\n\r\t" if keys and keys[-1] in MULTI_LINE else ""


def _unwanted_character(text: str, path: tuple[str | int, ...], *, incoming: bool
                        ) -> str | None:
    """The first character ``text`` may not hold, described, or None."""
    if "\x00" in text:
        return "a NUL character (U+0000)"
    if not incoming or text.isprintable():
        return None
    allowed = _allowed_breaks(path)
    for char in text:
        if char in allowed or char.isprintable() or char == " ":
            continue
        category = unicodedata.category(char)
        if char in "\n\r\u2028\u2029\x85\x0b\x0c":
            return f"a line break (U+{ord(char):04X}); this field is one line"
        if category == "Cc":
            return f"a control character (U+{ord(char):04X})"
    return None


def cross_check(
    debrief: Debrief, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> Iterable[Problem]:
    """What typed fields cannot see: duplicates, and names that point at nobody."""
    lines = lines or {}
    seen: dict[str, int] = {}
    for index, person in enumerate(debrief.interviewers):
        key = same_person_key(person.name)
        if key in seen:
            path = ("interviewers", index, "name")
            yield Problem(_dotted(path),
                          f"{person.name!r} is listed twice (also interviewers[{seen[key]}])",
                          line_of(path, lines), "each interviewer once")
        seen[key] = index
    for index, reference in enumerate(debrief.references):
        if same_person_key(reference.name) in seen:
            path = ("references", index, "name")
            yield Problem(_dotted(path), f"{reference.name!r} is also an interviewer",
                          line_of(path, lines), "a reference who is not an interviewer")
    known = debrief.people()
    known_keys = {same_person_key(name) for name in known}
    for section in ("promises", "resources", "missed"):
        for index, item in enumerate(getattr(debrief, section)):
            if item.to is None or same_person_key(item.to) in known_keys:
                continue
            path = (section, index, "to")
            hint = difflib.get_close_matches(item.to, known, n=1, cutoff=0.6)
            message = f"{item.to!r} is not anyone in this debrief"
            if hint:
                message += f"; did you mean {hint[0]!r}?"
            yield Problem(_dotted(path), message, line_of(path, lines),
                          "the name of an interviewer, the recruiter or a reference")
    yield from _check_askers(debrief, lines)
    yield from _check_strengths(debrief, lines)
    yield from _check_told(debrief, lines)
    yield from _check_short(debrief, lines)
    yield from _check_shows(debrief, lines)
    yield from _check_missed_topics(debrief, lines)
    yield from _check_question_topics(debrief, lines)
    interview = debrief.interview
    if interview.region and interview.country:
        yield from _check_region(interview.country, interview.region, lines)


def company_zone_problems(debrief: Debrief,
                          lines: Mapping[tuple[str | int, ...], int] | None = None
                          ) -> list[Problem]:
    """The question to ask when the interviewers' zone is neither given nor clear from
    the country, its region and the start's offset (:mod:`followthrough.interview_zone`)."""
    try:
        _ = debrief.zone_name
    except BadInput as err:
        line = line_of(("interview", "starts"), lines or {})
        return [replace(problem, line=line) for problem in err.problems]
    return []


def date_bounds(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int] | None = None
                ) -> Iterable[Problem]:
    """The interview within :data:`INTERVIEW_YEARS` of now (from :mod:`clock`),
    the decision date within :data:`DECISION_YEARS` after it: a date outside
    these is a typo (year 1, 9999), and the planner could not work with it."""
    lines = lines or {}
    interview = debrief.interview
    today = clock.now().date()
    earliest, latest = _years(today, -INTERVIEW_YEARS), _years(today, INTERVIEW_YEARS)
    day = interview.starts.date()
    if not earliest <= day <= latest:
        path: tuple[str, ...] = ("interview", "starts")
        yield Problem(_dotted(path), f"the interview is dated {day.isoformat()}, more than "
                      f"{INTERVIEW_YEARS} years from today ({today.isoformat()})",
                      line_of(path, lines),
                      f"a date between {earliest.isoformat()} and {latest.isoformat()}")
        return
    latest = _years(day, DECISION_YEARS)
    if interview.decision_by and interview.decision_by > latest:
        path = ("interview", "decision_by")
        yield Problem(_dotted(path), f"the decision date {interview.decision_by.isoformat()} "
                      f"is more than {DECISION_YEARS} years after the interview",
                      line_of(path, lines), f"a date between {day.isoformat()} and "
                      f"{latest.isoformat()}")


def _years(day: date, count: int) -> date:
    """The same day ``count`` years later (earlier when negative); 29 February
    becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + count)
    except ValueError:
        return day.replace(year=day.year + count, day=28)


def _check_strengths(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                     ) -> Iterable[Problem]:
    """A topic's ``strength`` is one of ``candidate.strengths``, word for word:
    a note quotes it, so a near miss would put words in the candidate's mouth."""
    strengths = debrief.candidate.strengths
    for person_index, person in enumerate(debrief.interviewers):
        for topic_index, topic in enumerate(person.topics):
            if isinstance(topic, str) or topic.strength is None or topic.strength in strengths:
                continue
            path = ("interviewers", person_index, "topics", topic_index, "strength")
            if not strengths:
                yield Problem(_dotted(path), f"{topic.strength!r} is not in candidate.strengths, "
                              "which is empty", line_of(path, lines),
                              "the strength added to candidate.strengths first")
                continue
            message = f"{topic.strength!r} is not one of candidate.strengths"
            hint = _closest(topic.strength, strengths)
            if hint:
                message += f"; did you mean {hint!r}?"
            yield Problem(_dotted(path), message, line_of(path, lines),
                          "one of candidate.strengths, word for word")


def _check_told(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                ) -> Iterable[Problem]:
    """``told = true`` says a topic's linked strength was told in the interview: a
    topic without a strength has nothing to have told."""
    for person_index, person in enumerate(debrief.interviewers):
        for topic_index, topic in enumerate(person.topics):
            if isinstance(topic, str) or not topic.told or topic.strength is not None:
                continue
            path = ("interviewers", person_index, "topics", topic_index, "told")
            yield Problem(_dotted(path), "told = true says you told them about the strength "
                          "linked to this topic, but the topic links no strength",
                          line_of(path, lines),
                          "a strength = \"...\" (one of candidate.strengths) beside it, "
                          "or leave the key out")


def _check_short(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                 ) -> Iterable[Problem]:
    """A topic's ``short`` names it in later notes so the person does not read the
    same long phrase again: one as long as the topic itself saves them nothing."""
    for person_index, person in enumerate(debrief.interviewers):
        for topic_index, topic in enumerate(person.topics):
            if isinstance(topic, str) or topic.short is None:
                continue
            if len(topic.short.strip()) < len(topic.about.strip()):
                continue
            path = ("interviewers", person_index, "topics", topic_index, "short")
            yield Problem(_dotted(path), f"the short form ({len(topic.short.strip())} "
                          f"characters) is not shorter than its topic "
                          f"({len(topic.about.strip())} characters)", line_of(path, lines),
                          "a few words, shorter than the topic (\"your move to streaming\"), "
                          "or leave the key out")


def _check_shows(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                 ) -> Iterable[Problem]:
    """A promise's ``shows`` is the clause after "It shows ...", so it cannot start
    a sentence of its own ("It shows how ...", "This covers ...") and be read after it."""
    for index, promise in enumerate(debrief.promises):
        if promise.shows is None:
            continue
        start = next((word for word in SHOWS_REFUSED
                      if promise.shows.lstrip().startswith(word)), None)
        if start is None:
            continue
        path = ("promises", index, "shows")
        yield Problem(_dotted(path), f"what it shows starts with {start.strip()!r} "
                      f"({promise.shows.strip()[:40]!r}), but the note writes \"It shows\" "
                      "before it", line_of(path, lines),
                      "a clause that fits after \"It shows ...\" (\"how the app merged "
                      "offline edits from two devices\"), or leave the key out")


def _check_missed_topics(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                         ) -> Iterable[Problem]:
    """A missed point's, a promise's or a resource's ``about`` is one of its person's
    topics, word for word (the first interviewer's, for a point or a resource meant
    for nobody in particular; someone who is not an interviewer has no topics)."""
    items: list[tuple[str, int, str | None, str | None, bool]] = [
        ("missed", index, missed.about, missed.to, True)
        for index, missed in enumerate(debrief.missed)]
    items += [("promises", index, promise.about, promise.to, False)
              for index, promise in enumerate(debrief.promises)]
    items += [("resources", index, resource.about, resource.to, True)
              for index, resource in enumerate(debrief.resources)]
    for section, index, about, to, first_by_default in items:
        if about is None:
            continue
        person = debrief.interviewer(to) if to else (
            debrief.interviewers[0] if first_by_default else None)
        path = (section, index, "about")
        if person is None:
            if section != "missed" and to and _is_someone(debrief, to):
                yield Problem(_dotted(path), f"{to} is not an interviewer, so there is no "
                              "topic of theirs for it to bear on",
                              line_of(path, lines), "no `about`, or the promise to an interviewer")
            continue  # an unknown name is reported on `to`
        yield from _not_a_topic(path, about, person, lines)


def _check_question_topics(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                           ) -> Iterable[Problem]:
    """An interviewer's ``question_about`` is one of their own topics, word for word."""
    for index, person in enumerate(debrief.interviewers):
        if person.question_about is not None:
            yield from _not_a_topic(("interviewers", index, "question_about"),
                                    person.question_about, person, lines)


def _not_a_topic(path: tuple[str | int, ...], about: str, person: Interviewer,
                 lines: Mapping[tuple[str | int, ...], int]) -> Iterable[Problem]:
    """``about`` refused, with the closest of ``person``'s topics, unless it is one."""
    topics = person.topic_texts
    if about in topics:
        return
    message = f"{about!r} is not one of {person.name}'s topics"
    hint = _closest(about, topics)
    if hint:
        message += f"; did you mean {hint!r}?"
    yield Problem(_dotted(path), message, line_of(path, lines),
                  f"one of the topics of {person.name}, word for word")


def _check_askers(debrief: Debrief, lines: Mapping[tuple[str | int, ...], int]
                  ) -> Iterable[Problem]:
    """A question's ``asked_by`` is one of the interviewers."""
    interviewers = [person.name for person in debrief.interviewers]
    for index, question in enumerate(debrief.questions):
        asker = question.asked_by
        if asker is None or debrief.interviewer(asker) is not None:
            continue
        path = ("questions", index, "asked_by")
        hint = difflib.get_close_matches(asker, interviewers, n=1, cutoff=0.6)
        message = f"{asker!r} is not one of the interviewers"
        if hint:
            message += f"; did you mean {hint[0]!r}?"
        yield Problem(_dotted(path), message, line_of(path, lines),
                      "the name of one of the interviewers")


def _is_someone(debrief: Debrief, name: str) -> bool:
    return same_person_key(name) in {same_person_key(known) for known in debrief.people()}


def _closest(text: str, choices: list[str]) -> str | None:
    """The choice nearest to ``text``, compared without regard to case."""
    folded = {choice.casefold(): choice for choice in choices}
    hint = difflib.get_close_matches(text.casefold(), list(folded), n=1, cutoff=0.5)
    return folded[hint[0]] if hint else None


def _check_region(country: str, region: str, lines: Mapping[tuple[str | int, ...], int]
                  ) -> Iterable[Problem]:
    from followthrough.holiday_calendars import country_holidays

    try:
        known = country_holidays(country).subdivisions
    except NotImplementedError:
        return
    code = region.removeprefix(f"{country}-")
    if known and code not in known:
        path = ("interview", "region")
        sample = ", ".join(sorted(known)[:8])
        yield Problem(_dotted(path), f"{region!r} is not a subdivision of {country}",
                      line_of(path, lines), f"an ISO 3166-2 code such as {sample}")


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        reason = _TOML_POSITION.sub("", message).strip()
        raise BadInput([Problem("(file)", f"not valid TOML: {reason}", line,
                                "TOML like the project's examples/debrief-berlin.toml")],
                       source) from None
    except ValueError:  # a number of thousands of digits
        raise _whole_file(HUGE_NUMBER, source) from None


def _load_json(text: str, source: str) -> dict[str, Any]:
    data = load_json(text, source)
    if not isinstance(data, dict):
        raise _whole_file("the JSON document is not an object", source)
    return data


def _whole_file(message: str, source: str) -> BadInput:
    return BadInput([Problem("(file)", message)], source)


def _dotted(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


_HINTS = {
    "honorific": "a title like Ms., Mr., Dr., Mx. or Prof.; leave the key out to use the "
                 "first name",
    "family_name": "the family name as the greeting should write it",
    "strength": "one of candidate.strengths, word for word",
}
"""What a field wants, where its type alone says too little."""


def _problem_from_pydantic(
    error: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], int]
) -> Problem:
    kind = error["type"]
    loc = _user_loc(tuple(error["loc"]), unknown_key=kind == "extra_forbidden")
    path = _dotted(loc)
    line = line_of(loc, lines)
    hint = _HINTS.get(str(loc[-1])) if loc else None
    if kind == "missing":
        return Problem(path, "required key is missing", line, _expected_for(loc))
    if kind == "extra_forbidden":
        return Problem(path, _unknown_key_message(loc), line, None)
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return Problem(path, message, line, hint)
    if kind in ("too_long", "string_too_long", "too_short", "string_too_short"):
        return Problem(path, _length_message(error), line, hint)
    if kind == _TEXT_OR_TABLE:
        return Problem(path, str(error["msg"]), line, _expected_for(loc))
    message = str(error["msg"])
    if "input" in error and not isinstance(error["input"], dict | list):
        message += f", got {in_words(error['input'])}"
    return Problem(path, message, line, hint or _expected_for(loc))


def in_words(value: object) -> str:
    """A value the user wrote, as the user would say it (never a Python repr)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**18 else "a number of more than 18 digits"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else (
            "not a number (nan)" if math.isnan(value) else "an infinite number")
    if isinstance(value, datetime):
        shown = value.isoformat(sep=" ", timespec="minutes")
        if value.tzinfo is None:
            return f"a date and time without a zone ({shown})"
        return f"a date and time ({shown})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time of day ({value.isoformat(timespec='minutes')})"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return "a value of another kind"


def _length_message(error: Mapping[str, Any]) -> str:
    value = error.get("input")
    ctx = error.get("ctx", {})
    size = len(value) if isinstance(value, str | list) else ctx.get("actual_length")
    unit = "characters" if isinstance(value, str) else "items"
    if "max_length" in ctx:
        return f"is {size} {unit} long; at most {ctx['max_length']} are allowed"
    return f"has {size} {unit}; at least {ctx.get('min_length')} are needed"


_TEXT_OR_TABLE = "text_or_table"


def _meant_branches(errors: list[Any]) -> list[dict[str, Any]]:
    """A field that is text or a table (a topic) fails once per branch. Keep
    the branch the user meant: the table's errors when they wrote a table,
    else the text's; a value that is neither gets one error naming both."""
    tagged: set[tuple[str | int, ...]] = set()
    for error in errors:
        tag = _model_tag_at(tuple(error["loc"]))
        if tag is not None:
            tagged.add(_user_loc(tuple(error["loc"])[:tag], unknown_key=False))
    kept: list[dict[str, Any]] = []
    for error in errors:
        loc = tuple(error["loc"])
        tag = _model_tag_at(loc)
        if tag is not None:
            if error["type"] != "model_type":  # a table was written: its own errors
                kept.append({**error, "loc": loc[:tag] + loc[tag + 1:]})
            continue
        if _user_loc(loc, unknown_key=False) not in tagged:
            kept.append(dict(error))
        elif isinstance(error.get("input"), dict):
            continue  # a table was written: "not text" says nothing
        elif error["type"] == "string_type":
            kept.append({**error, "type": _TEXT_OR_TABLE,
                         "msg": f"must be text or a table, got {in_words(error.get('input'))}"})
        else:
            kept.append(dict(error))
    return kept


def _model_tag_at(loc: tuple[str | int, ...]) -> int | None:
    """Where pydantic names the model of a ``text | Model`` branch in ``loc``
    (``topics, 1, "Topic", "strength"``); a user's key is never taken for one."""
    model: type[BaseModel] | None = Debrief
    members: tuple[Any, ...] = ()
    for index, part in enumerate(loc):
        if isinstance(part, int) or _is_internal_loc(part):
            continue
        if any(getattr(member, "__name__", None) == part for member in members):
            return index
        field = _fields_by_alias(model).get(part) if model else None
        if field is None:
            return None
        members = _union_members(field.annotation)
        model = _inner_model(field.annotation)
    return None


def _union_members(annotation: Any) -> tuple[Any, ...]:
    """The members of the union in ``annotation``, looking through lists and ``Annotated``."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        found: tuple[Any, ...] = ()
        for arg in get_args(annotation):
            found += (arg, *_union_members(arg))
        return found
    if origin in (Annotated, list):
        return _union_members(get_args(annotation)[0])
    return ()


def _user_loc(loc: tuple[str | int, ...], *, unknown_key: bool) -> tuple[str | int, ...]:
    """The error's location in the user's terms. The last part of an unknown-key
    error is the user's own key, whatever it looks like (``"a[b"``, ``"date"``)."""
    body, last = (loc[:-1], loc[-1:]) if unknown_key and loc else (loc, ())
    return tuple(part for part in body if not _is_internal_loc(part)) + last


def _is_internal_loc(part: object) -> bool:
    """Pydantic adds validator names (``function-after[...]``) to some locations."""
    return isinstance(part, str) and ("[" in part or part in {"date", "datetime"})


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Debrief
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = _fields_by_alias(model).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _fields_by_alias(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _unknown_key_message(loc: tuple[str | int, ...]) -> str:
    key = str(loc[-1])
    parent = _model_at(loc[:-1])
    if parent is None:
        return f"unknown key {key!r}"
    allowed = sorted(_fields_by_alias(parent))
    hint = difflib.get_close_matches(key, allowed, n=1)
    if hint:
        return f"unknown key {key!r}; did you mean {hint[0]!r}?"
    return f"unknown key {key!r}; allowed here: {', '.join(allowed)}"


def _expected_for(loc: tuple[str | int, ...]) -> str | None:
    if not loc:
        return None
    if isinstance(loc[-1], int):
        parent = _model_at(loc[:-2]) if len(loc) > 1 else None
        field = _fields_by_alias(parent).get(str(loc[-2])) if parent else None
        item = get_args(_bare(field.annotation)) if field else ()
        return _describe_type(item[0]) if item else None
    parent = _model_at(loc[:-1])
    if parent is None:
        return None
    field = _fields_by_alias(parent).get(str(loc[-1]))
    if field is None:
        return None
    annotation = _bare(field.annotation)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"one or more [[{loc[-1]}]] tables"
        if _bare(item) is str:
            return "a list of texts in quotes, like [\"first\", \"second\"]"
        return f"a list of {_describe_type(item, plural=True)}"
    return _describe_type(annotation)


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated[...]`` and without ``| None``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _bare(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _bare(members[0])
    return annotation


_FRIENDLY: dict[Any, tuple[str, str]] = {
    AwareDatetime: ("a date-time with offset, like 2026-11-16T14:00:00+09:00",
                    "date-times with offset"),
    date: ("a date, like 2026-11-30", "dates"),
    int: ("a whole number", "whole numbers"),
    bool: ("true or false", "true or false values"),
    str: ("text in quotes", "texts in quotes"),
}


def _describe_type(annotation: Any, *, plural: bool = False, inline: bool = False) -> str:
    """What a value of ``annotation`` looks like in TOML; ``inline``: a table
    written inside a list (a topic), shown with its keys."""
    annotation = _bare(annotation)
    origin = get_origin(annotation)
    if origin is Literal:
        return " | ".join(str(choice) for choice in get_args(annotation))
    if origin in (Union, types.UnionType):
        members = [_describe_type(arg, plural=plural, inline=True)
                   for arg in get_args(annotation) if arg is not type(None)]
        return " or ".join(dict.fromkeys(members))
    if origin is list:
        return "a list, like [\"first\", \"second\"]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not (plural or inline):
            return f"a table of {annotation.__name__.lower()} details"
        keys = ", ".join(f'{name} = "..."' for name in annotation.model_fields)
        return f"tables like {{ {keys} }}" if plural else f"a table like {{ {keys} }}"
    if annotation in _FRIENDLY:
        one, many = _FRIENDLY[annotation]
        return many if plural else one
    return getattr(annotation, "__name__", str(annotation))
