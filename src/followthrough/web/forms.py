"""The debrief form: its fields, and the translation between a submitted form
and the debrief data that :func:`validate_debrief` checks.

A field's name is the path the validator uses in its problems
(``interviewers[0].email``), so every problem lands beside its own field.
Rows of a list left entirely empty are dropped before validation; problem
paths are mapped back to the rows the user sees.

An interviewer's topics are typed as lines. Once the form knows both the
topics and the candidate's strengths (after any round trip to the server,
and always when editing), each topic gets a select for the strength that
bears on it: ``interviewers[0].topics[1].strength``, beside a hidden
``interviewers[0].topics[1].about`` holding the topic it was shown for, so a
link follows its topic when the lines are edited or reordered; and a checkbox
``interviewers[0].topics[1].told`` (the strength was told in the interview),
which follows its topic the same way and means nothing without a strength.
Every topic line (strengths or not) gets a text input
``interviewers[0].topics[1].short``, the topic in a few words for the notes after
the first, paired with its line the same way.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from followthrough import geo
from followthrough.address import Role
from followthrough.app.drafting import addressed
from followthrough.debrief import Debrief, validate_debrief
from followthrough.debrief.cautions import Caution
from followthrough.debrief.model import LIST_ITEMS
from followthrough.errors import BadInput, Problem
from followthrough.interview_zone import settled_zone
from followthrough.web.timing import DECISION, timing_hint


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"
    """text, email, url, textarea, lines, int, datetime, date, tristate, check, choice"""
    help: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False
    texts: tuple[str, ...] = ()
    """What the options of a choice or tristate say, when not their values."""

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """(value, text) pairs of a choice."""
        if self.kind == "tristate":
            return tuple(zip(("", "yes", "no"), self.texts or ("They did not say", "Yes", "No"),
                             strict=True))
        if self.texts:
            return tuple(zip(self.choices, self.texts, strict=True))
        return tuple((choice, choice or "(not recorded)") for choice in self.choices)


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    fields: tuple[Field, ...]
    many: bool = False
    intro: str = ""
    item: str = ""


LINES_HELP = "One per line."
STRENGTHS_HELP = ("One per line, as what you did, where, and what came of it: “moved 40 "
                  "nightly batch jobs at Hafenlicht Logistik to Kafka Streams”. The notes "
                  "put “I” in front, and the place makes it yours, not a line from a CV.")
ADDRESS_FIELDS = (
    Field("address", "How notes address them", "choice",
          choices=("", "first-name", "family-name"),
          texts=("As is usual in their country", "By first name",
                 "By family name, with the honorific")),
    Field("honorific", "Honorific", help="Ms., Mr., Dr., Mx. or Prof.: written with the family "
          "name. Leave empty to use the first name."),
    Field("family_name", "Family name", help="Only if it is not the last word of the name."),
    Field("salutation", "Exact greeting", help="Only to override the above, like "
          "\"Dear Sato-san\"."),
)
"""How a person likes to be addressed: the same four fields for everyone."""


def _about(effect: str) -> Field:
    """The topic a promise, resource or point bears on, and what the message does with it."""
    return Field("about", "The topic it bears on",
                 help=f"One of that person's topics, as you typed it; {effect}")


ROLES: dict[str, Role] = {"interviewers": "interviewer", "recruiter": "recruiter",
                          "references": "reference"}
SECTIONS: tuple[Section, ...] = (
    Section("candidate", "About you", (
        Field("name", "Your name", required=True),
        Field("email", "Your e-mail address", "email", required=True),
        Field("timezone", "Your time zone", help="Like Europe/Berlin or America/New_York.",
              required=True),
        Field("signature", "Signature for your messages", "textarea"),
        Field("strengths", "Strengths worth repeating", "lines", STRENGTHS_HELP),
    )),
    Section("interview", "The interview", (
        Field("company", "Company", required=True),
        Field("role", "Role", required=True),
        Field("starts", "When it started (their local time)", "datetime", required=True,
              help="Read in their time zone below, or your own if you leave that empty."),
        Field("minutes", "How long, in minutes", "int"),
        Field("timezone", "Their time zone", help="Like Asia/Tokyo. Leave empty to use "
              "the country's zone."),
        Field("country", "Country where they work", help="Two letters, like JP, US or DE."),
        Field("region", "Region", help="Only if holidays differ by region, like GB-SCT."),
        Field("round", "Which round", "int"),
        Field("format", "Format", "choice", choices=("", "video", "onsite", "phone")),
    )),
    Section("interview", "Know the process", (
        Field("decision", "How long did they say the decision takes?",
              help="In their words, like \"within two weeks\"."),
        Field("decision_by", "Did they give a decision date?", "date"),
        Field("they_will_contact", "Did they say they will contact you first?", "tristate"),
        Field("notify_on_rejection", "Are unsuccessful candidates told?", "tristate"),
        Field("next_steps", "Further rounds or next steps"),
        Field("channel", "How do they want to be contacted?", "choice",
              choices=("email", "phone", "linkedin", "recruiter")),
    ), intro="What they told you about their process decides when it is right to ask for "
             "news. Leave empty what they did not say."),
    Section("interviewers", "Interviewers", (
        Field("name", "Name", required=True),
        Field("title", "Job title"),
        Field("email", "E-mail address", "email"),
        Field("phone", "Phone"),
        Field("linkedin", "LinkedIn address", "url"),
        Field("rapport", "How did you get on?", "choice", choices=("", "warm", "neutral", "cool")),
        *ADDRESS_FIELDS,
        Field("topics", "Topics you discussed with them", "lines",
              "One per line, as you would say it to them: \"your offline cache\"."),
        Field("highlight", "A moment with them worth recalling",
              help="It fits \"I was glad we had time for ...\": \"the whiteboard session\"."),
        Field("question", "A question you would still like to ask them",
              help="As you would ask it, ending with \"?\": the thank-you note asks it."),
        Field("question_about", "The topic your question belongs to",
              help="One of their topics, word for word. To a cool, formal reader the note "
                   "does not ask in writing but says you would be glad to hear more about "
                   "it later."),
        Field("how_it_went", "How it went with them, as you would tell your recruiter",
              help="A sentence or two: \"She was more formal, and I think my answers ran "
                   "long.\" The recruiter update passes it on."),
    ), many=True, item="interviewer",
        intro="Each person you met gets their own thank-you note."),
    Section("recruiter", "Recruiter or search consultant", (
        Field("name", "Name"),
        Field("firm", "Firm"),
        Field("email", "E-mail address", "email"),
        Field("phone", "Phone"),
        Field("runs_process", "Do they run the process?", "tristate",
              help="If so, your questions about the process go to them.",
              texts=("Not recorded", "Yes", "No")),
        *ADDRESS_FIELDS,
    ), intro="Leave empty if there was none."),
    Section("promises", "Promises you made", (
        Field("what", "What you promised"),
        Field("to", "To whom"),
        Field("url", "Link to it", "url", help="Where it is online; the note gives the link."),
        Field("file", "File to attach", help="Its path on this computer, like "
              "/home/you/design-note.pdf."),
        Field("shows", "What it shows (optional)", help="One line that fits after \"It "
              "shows ...\": \"how the app merged offline edits from two devices without "
              "losing either\". The note introduces the file or link with it."),
        Field("attachment", "File name to mention", help="Named in the note, not attached."),
        _about("the message then says how it meets that topic."),
        Field("separate", "Send it in a message of its own", "check",
              help="Otherwise a promise to an interviewer goes inside the thank-you to "
                   "them, as one message."),
    ), many=True, item="promise"),
    Section("resources", "Something worth sharing", (
        Field("title", "Title"),
        Field("url", "Web address", "url"),
        Field("to", "For whom"),
        _about("the note then says why it is worth their time."),
    ), many=True, item="resource"),
    Section("missed", "Points you wish you had made", (
        Field("point", "The point"),
        Field("to", "For whom"),
        _about("the note then makes the point there."),
    ), many=True, item="point"),
    Section("questions", "Questions they asked", (
        Field("asked", "The question"),
        Field("answer", "What you answered", "textarea",
              help="What you said; then, after a semicolon, what fell short, in your own "
                   "words (\"Idempotency keys and an outbox; I could not say how to fail "
                   "over the key store\"). The recruiter can help repair only what they "
                   "are told."),
        Field("struggled", "I struggled with this one", "check"),
        Field("better", "What you would answer now", "textarea",
              help="The answer you would give with hindsight, as you would say it (\"I "
                   "would replicate the key store synchronously and fence the old "
                   "primary\"). The recruiter update passes it on."),
        Field("asked_by", "Who asked it",
              help="One of the interviewers: with the answer you would give now, their "
                   "thank-you adds it."),
    ), many=True, item="question"),
    Section("reflection", "Reflection", (
        Field("went_well", "What went well", "lines", LINES_HELP),
        Field("improve", "What to improve", "lines", LINES_HELP),
        Field("learned", "What you learned about them", "textarea"),
    )),
    Section("references", "References", (
        Field("name", "Name"),
        Field("email", "E-mail address", "email"),
        Field("phone", "Phone"),
        Field("role", "What they are or were to you", help="Like manager or tech lead."),
        Field("company", "Where you worked together"),
        Field("current", "Do you still work together?", "tristate",
              texts=("Not recorded", "Yes, we still work together", "No, not any more")),
        Field("relationship", "Anything else about how they know you"),
        Field("emphasise", "What they should emphasise", "lines", LINES_HELP),
        *ADDRESS_FIELDS,
    ), many=True, item="reference"),
)
LIST_SECTIONS = tuple(s.name for s in SECTIONS if s.many)
MAX_ROWS = LIST_ITEMS
"""Rows of a list section, as many as a debrief's list may hold."""
_INDEX = r"[0-9]{1,4}"
"""A row's index in a field name: ASCII digits, few of them (``\\d`` takes ``²``)."""
_ROW = re.compile(rf"^(\w+)\[({_INDEX})\]\.(\w+)$")
_ANY_ROW = re.compile(r"^(\w+)\[([^\]]*)\]\.")
_PATH_ROW = re.compile(rf"^(\w+)\[({_INDEX})\]")
_TOPIC_PARTS = ("about", "strength", "told", "short")
"""What the form holds for one topic line besides its text."""
_TOPIC_LINK = re.compile(
    rf"^(interviewers\[{_INDEX}\])\.topics\[({_INDEX})\]\.({'|'.join(_TOPIC_PARTS)})$")
_PERSON = re.compile(rf"^(interviewers\[{_INDEX}\]|recruiter|references\[{_INDEX}\])\.address$")
_LABELLED = re.compile(rf"^(\w+)(?:\[({_INDEX})\])?\.(\w+)(?:\[({_INDEX})\]\.(\w+))?$")
_LINE_ITEM = re.compile(rf"^(.+)\[({_INDEX})\]$")
"""One line of a field typed as lines (``reflection.improve[2]``)."""
_TRISTATE = {"yes": True, "no": False}
_FORM_WORDS = (
    ("candidate.strengths", "your strengths (“Strengths worth repeating”)"),
    ("leave the key out", "leave it empty"),
)
"""Words of the TOML format in problem messages, and what the form calls them."""


def field_id(path: str) -> str:
    return "f-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


@dataclass
class FormState:
    """What the form shows: values by path, rows per list, problems by path."""

    values: dict[str, str]
    rows: dict[str, int]
    errors: dict[str, list[str]]
    general: list[str]
    refused: list[Problem] = dataclasses.field(default_factory=list)
    """Fields the form never shows (a row past the last one allowed)."""
    cautions: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Warnings by path (:mod:`followthrough.debrief.cautions`): shown, never blocking."""
    added: str = ""
    """The list section that just got a row ("Add another" without JavaScript)."""

    def value(self, path: str) -> str:
        return self.values.get(path, "")

    def lines(self, path: str) -> list[str]:
        return [line.strip() for line in self.value(path).splitlines() if line.strip()]

    def strength_options(self, path: str) -> list[tuple[str, str]]:
        """The choices of a topic's strength select: none, or one of the strengths."""
        strengths = self.lines("candidate.strengths")
        options = [("", "None of them"), *((strength, strength) for strength in strengths)]
        chosen = self.value(path)
        if chosen and chosen not in strengths:
            options.append((chosen, f"{chosen} (not in your strengths)"))
        return options

    def hint(self, path: str) -> str | None:
        """Help worked out from the answers: under a person's form of address,
        how their notes will open; under the decision words, how they read."""
        if path == DECISION:
            return timing_hint(self.values)
        match = _PERSON.match(path)
        return greeting_hint(self, match.group(1)) if match else None

    def label(self, path: str) -> str:
        """A field's name in the form's words: ``Interviewer 1: E-mail address``."""
        return label_of(path, self)

    def is_open(self, section: Section) -> bool:
        """Whether a section starts unfolded: it has answers or problems, or asks for
        something required. "About you" folds once it is complete (from the profile)."""
        if any(_in_section(section, path) for path in self.errors):
            return True
        if section.name == "candidate":
            return not knows_you(self)
        if any(f.required for f in section.fields):
            return True
        defaults = empty_form().values
        return any(value.strip() and value != defaults.get(path)
                   for path, value in self.values.items() if _in_section(section, path))

    def rows_of(self, section: Section) -> int:
        return self.rows.get(section.name, 1)


def _in_section(section: Section, path: str) -> bool:
    if section.many:
        return path.startswith(f"{section.name}[")
    return path.split("[", 1)[0] in {f"{section.name}.{f.name}" for f in section.fields}


def knows_you(state: FormState) -> bool:
    """"About you" holds everything a debrief needs (the profile filled it), with no
    problem found in it."""
    required = [f"candidate.{f.name}" for f in SECTIONS[0].fields if f.required]
    return (all(state.value(path).strip() for path in required)
            and not any(path.startswith("candidate.") for path in state.errors))


FIRST_STEP: dict[str, tuple[str, ...]] = {
    "candidate": ("name", "email", "timezone"),
    "interview": ("company", "role", "starts", "timezone", "country"),
    "interviewers": ("name", "email"),
}
"""The short first step: you (unless the profile says), the company, the role,
when, and who. Saving it creates the interview; the rest follows on its edit page."""


def first_step(state: FormState) -> tuple[Section, ...]:
    """The sections of the first step, each with only its first-step fields."""
    shown = []
    for section in SECTIONS:
        names = FIRST_STEP.get(section.name, ())
        fields = tuple(f for f in section.fields if f.name in names)
        if fields and not (section.name == "candidate" and knows_you(state)):
            shown.append(replace(section, fields=fields))
    return tuple(shown)


def hidden_values(state: FormState, sections: Iterable[Section]) -> list[tuple[str, str]]:
    """What the form holds but ``sections`` do not show (the profile's signature, say):
    carried along in hidden fields so that nothing typed is lost."""
    shown = {f"{prefix}.{f.name}" for prefix, f in _all_paths(state, tuple(sections))}
    defaults = empty_form().values
    return sorted((path, value) for path, value in state.values.items()
                  if path not in shown and value and value != defaults.get(path))


def with_cautions(state: FormState, found: Iterable[Caution]) -> FormState:
    for caution in found:
        state.cautions.setdefault(caution.path, []).append(caution.message)
    return state


def empty_form() -> FormState:
    return FormState({"interview.channel": "email"}, {name: 1 for name in LIST_SECTIONS}, {}, [])


# form -> data ---------------------------------------------------------------

def submitted(form: Mapping[str, str], more: str | None = None) -> FormState:
    values = {key: str(value).replace("\r\n", "\n") for key, value in form.items()
              if key != "csrf_token"}  # a browser posts a textarea's line ends as CRLF
    rows = {name: 1 for name in LIST_SECTIONS}
    refused = [_too_many_rows(key) for key in values if _past_last_row(key)]
    values = {key: value for key, value in values.items() if not _past_last_row(key)}
    for key in values:
        match = _ROW.match(key)
        if match and match.group(1) in rows:
            rows[match.group(1)] = max(rows[match.group(1)], int(match.group(2)) + 1)
    added = ""
    if more in rows:
        if rows[more] < MAX_ROWS:
            rows[more] += 1
            added = more
        else:
            refused.append(_too_many_rows(more))
    _link_topics(values)
    state = FormState(values, rows, {}, [], refused, added=added)
    return with_problems(state, refused) if more else state


def _past_last_row(key: str) -> bool:
    """A list section's field whose row index is not one the form can show."""
    match = _ANY_ROW.match(key)
    if not match or match.group(1) not in LIST_SECTIONS:
        return False
    index = match.group(2)
    return not re.fullmatch(_INDEX, index) or int(index) >= MAX_ROWS


def _too_many_rows(key: str) -> Problem:
    section = key.split("[", 1)[0]
    return Problem(section, f"at most {MAX_ROWS} rows are allowed here",
                   expected=f"rows numbered 0 to {MAX_ROWS - 1}")


def _link_topics(values: dict[str, str]) -> None:
    """Pair each posted strength (and whether it was told) and short form with the
    topic line it was shown for, and lay them out again by the lines as they are now."""
    shown: dict[str, dict[str, dict[str, str]]] = {}
    links = [(key, match) for key in values if (match := _TOPIC_LINK.match(key))]
    for key, match in links:
        prefix, index, part = match.groups()
        shown.setdefault(prefix, {}).setdefault(index, {})[part] = values.pop(key).strip()
    for prefix, parts in shown.items():
        linked = {link["about"]: link for link in parts.values()
                  if link.get("about") and (link.get("strength") or link.get("short"))}
        lines = [line.strip() for line in values.get(f"{prefix}.topics", "").splitlines()
                 if line.strip()]
        for index, line in enumerate(lines):
            values[f"{prefix}.topics[{index}].about"] = line
            link = linked.get(line, {})
            for part in _TOPIC_PARTS[1:]:
                if link.get(part):
                    values[f"{prefix}.topics[{index}].{part}"] = link[part]


def to_debrief(state: FormState, *, local_files: bool = True) -> Debrief:
    """Validate the form; raise :class:`BadInput` with problems named by field.

    With ``local_files`` (one user on their own computer) a promise's file must
    exist, a relative path read from the current folder. A shared server
    (team mode) passes ``False``: it never reads a user's path from its own
    disk, so it must not say whether one exists there either."""
    problems: list[Problem] = []
    data: dict[str, Any] = {"schema": 1}
    row_maps: dict[str, list[int]] = {}
    for section in _merged_sections():
        if section.many:
            items, row_maps[section.name] = _list_section(section, state, problems)
            if items:
                data[section.name] = items
        else:
            table = _table(section, section.name, state, problems)
            if table or section.name in ("candidate", "interview"):
                data[section.name] = table
    _resolve_start(data, state, problems)
    problems += state.refused
    try:
        debrief = validate_debrief(data, source="the form", incoming=True,
                                   files_from=Path.cwd() if local_files else None)
    except BadInput as error:
        converted = {p.path for p in problems}
        problems += [replace(p, path=_form_path(p.path, row_maps)) for p in error.problems
                     if _form_path(p.path, row_maps) not in converted]
        raise BadInput(problems) from None
    if problems:
        raise BadInput(problems)
    return debrief


def _merged_sections() -> list[Section]:
    """The two "interview" sections of the form are one table of the debrief."""
    merged: dict[str, Section] = {}
    for section in SECTIONS:
        if section.name in merged:
            first = merged[section.name]
            merged[section.name] = replace(first, fields=first.fields + section.fields)
        else:
            merged[section.name] = section
    return list(merged.values())


def _list_section(section: Section, state: FormState, problems: list[Problem]
                  ) -> tuple[list[dict[str, Any]], list[int]]:
    items: list[dict[str, Any]] = []
    rows: list[int] = []
    for row in range(state.rows.get(section.name, 0)):
        item = _table(section, f"{section.name}[{row}]", state, problems)
        if item and item.get("topics"):
            item["topics"] = [_topic(f"{section.name}[{row}]", index, about, state)
                              for index, about in enumerate(item["topics"])]
        if item:
            items.append(item)
            rows.append(row)
    return items, rows


def _topic(prefix: str, index: int, about: str, state: FormState
           ) -> str | dict[str, str | bool]:
    """A topic line with its linked strength, whether that was told in the
    interview (a tick without a strength says nothing, and is dropped), and its
    short form; plain text when it has none of them."""
    strength = state.value(f"{prefix}.topics[{index}].strength").strip()
    short = state.value(f"{prefix}.topics[{index}].short").strip()
    table: dict[str, str | bool] = {"about": about}
    if strength:
        table["strength"] = strength
        if state.value(f"{prefix}.topics[{index}].told").strip():
            table["told"] = True
    if short:
        table["short"] = short
    return table if len(table) > 1 else about


def _table(section: Section, prefix: str, state: FormState, problems: list[Problem]
           ) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for field in section.fields:
        path = f"{prefix}.{field.name}"
        raw = state.value(path).strip()
        if field.kind == "datetime":
            if raw:
                table[field.name] = raw  # resolved once the zone is known
            continue
        try:
            value = _convert(field, raw)
        except ValueError as err:
            problems.append(Problem(path, str(err)))
            continue
        if value is not None and value != []:
            table[field.name] = value
    return table


def _convert(field: Field, raw: str) -> Any:
    if field.kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if field.kind == "check":
        return True if raw else None
    if not raw:
        return None
    if field.kind == "int":
        if not re.fullmatch(r"[0-9]{1,6}", raw):
            raise ValueError(f"{raw!r} is not a whole number")
        return int(raw)
    if field.kind == "date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date; write it like 2026-11-30") from None
    if field.kind == "tristate":
        if raw not in _TRISTATE:
            raise ValueError("choose yes, no, or \"they did not say\"")
        return _TRISTATE[raw]
    if field.name == "country":
        return raw.upper()
    return raw


def _resolve_start(data: dict[str, Any], state: FormState, problems: list[Problem]) -> None:
    interview = data.get("interview", {})
    raw = interview.get("starts")
    if raw is None:
        return
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        problems.append(Problem("interview.starts",
                                f"{raw!r} is not a date and time; write it like "
                                "2026-11-16T14:00"))
        del interview["starts"]
        return
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(_zone_for(data)))
    interview["starts"] = local


def _zone_for(data: dict[str, Any]) -> str:
    """The same rule as :attr:`Debrief.zone_name`: their zone, the country's only
    zone, else the candidate's own."""
    interview = data.get("interview", {})
    zone, country = interview.get("timezone"), interview.get("country")
    settled = settled_zone(zone if isinstance(zone, str) else None,
                           country if isinstance(country, str) else None)
    if settled is not None:
        return settled
    mine = data.get("candidate", {}).get("timezone")
    return mine if isinstance(mine, str) and geo.is_zone(mine) else "UTC"


def _form_path(path: str, row_maps: Mapping[str, list[int]]) -> str:
    match = _PATH_ROW.match(path)
    if not match or match.group(1) not in row_maps:
        return path
    rows = row_maps[match.group(1)]
    index = int(match.group(2))
    row = rows[index] if index < len(rows) else index
    return f"{match.group(1)}[{row}]" + path[match.end():]


def with_problems(state: FormState, problems: Iterable[Problem]) -> FormState:
    known = {f"{prefix}.{f.name}" for prefix, f in _all_paths(state)}
    known |= {f"interviewers[{row}].topics[{index}].{part}"
              for row in range(state.rows.get("interviewers", 1))
              for index, _ in enumerate(state.lines(f"interviewers[{row}].topics"))
              for part in _TOPIC_PARTS[1:]}
    for problem in problems:
        text = problem.message + (f" (expected {problem.expected})" if problem.expected else "")
        for toml_words, form_words in _FORM_WORDS:
            text = text.replace(toml_words, form_words)
        line = _LINE_ITEM.match(problem.path)
        if problem.path in known:
            state.errors.setdefault(problem.path, []).append(text)
        elif line and line.group(1) in known:
            state.errors.setdefault(line.group(1), []).append(
                f"line {int(line.group(2)) + 1}: {text}")
        else:
            state.general.append(f"{label_of(problem.path, state)}: {text}")
    return state


def label_of(path: str, state: FormState) -> str:
    """``interviewers[0].email`` as the form says it: ``Interviewer 1: E-mail address``;
    a path the form has no field for stays as it is."""
    if path in ("(file)", ""):
        return "The form"
    match = _LABELLED.match(path)
    if not match:
        return path
    name, row, key, index, part = match.groups()
    section = next((s for s in SECTIONS if s.name == name and
                    any(f.name == key for f in s.fields)), None)
    field = next((f for f in section.fields if f.name == key), None) if section else None
    if section is None or field is None or (row is None) == section.many:
        return path
    where = f"{section.item.capitalize()} {int(row) + 1}" if row is not None else section.title
    if index is None:
        return f"{where}: {field.label}"
    if key == "topics" and part in _TOPIC_PARTS[1:]:
        topics = state.lines(f"{name}[{row}].topics")
        topic = topics[int(index)] if int(index) < len(topics) else f"topic {int(index) + 1}"
        if part == "told":
            return f"{where}: Told them about the strength behind “{topic}”"
        if part == "short":
            return f"{where}: “{topic}” in a few words"
        return f"{where}: Strength behind “{topic}”"
    return path


def greeting_hint(state: FormState, prefix: str) -> str | None:
    """``Notes will open: Dear Mr. Becker``, worked out the way the notes are."""
    name = state.value(f"{prefix}.name").strip()
    if not name:
        return None
    role = ROLES[prefix.split("[")[0]]
    country = state.value("interview.country").strip().upper() or None
    if country is not None and not geo.is_country(country):
        country = None
    rapport = state.value(f"{prefix}.rapport") or None
    form = state.value(f"{prefix}.address") or None
    address = addressed(
        name, country, role, rapport=rapport if rapport in ("warm", "neutral", "cool") else None,
        honorific=state.value(f"{prefix}.honorific").strip() or None,
        family=state.value(f"{prefix}.family_name").strip() or None,
        form=form if form in ("first-name", "family-name") else None,
        salutation=state.value(f"{prefix}.salutation").strip() or None)
    if address.exact:
        opening = address.exact
    else:
        word = "Hi" if role == "reference" and not address.formal else "Dear"
        opening = f"{word} {address.name}"
    text = f"Notes will open: {opening}."
    if address.missing:
        surname = state.value(f"{prefix}.family_name").strip() or name.split()[-1]
        text += f" To write “Dear … {surname}”, give the honorific."
    return text


def _all_paths(state: FormState, sections: tuple[Section, ...] = SECTIONS
               ) -> Iterable[tuple[str, Field]]:
    for section in sections:
        if section.many:
            for row in range(state.rows.get(section.name, 1)):
                for field in section.fields:
                    yield f"{section.name}[{row}]", field
        else:
            for field in section.fields:
                yield section.name, field


# debrief -> form ------------------------------------------------------------

def from_debrief(debrief: Debrief) -> FormState:
    document = debrief.to_document()
    values: dict[str, str] = {}
    rows = {name: 1 for name in LIST_SECTIONS}
    for section in _merged_sections():
        content = document.get(section.name)
        if section.many and isinstance(content, list):
            rows[section.name] = max(1, len(content))
            for index, item in enumerate(content):
                _flatten(section, f"{section.name}[{index}]", item, values)
        elif isinstance(content, dict):
            _flatten(section, section.name, content, values)
    starts = debrief.interview.starts.astimezone(debrief.zone)
    values["interview.starts"] = starts.strftime("%Y-%m-%dT%H:%M")
    return FormState(values, rows, {}, [])


def _flatten(section: Section, prefix: str, item: Any, values: dict[str, str]) -> None:
    if not isinstance(item, dict):
        return
    for field in section.fields:
        value = item.get(field.name)
        if value is None:
            continue
        path = f"{prefix}.{field.name}"
        if field.name == "topics" and isinstance(value, list):
            values[path] = "\n".join(_flatten_topic(prefix, index, topic, values)
                                     for index, topic in enumerate(value))
        elif isinstance(value, list):
            values[path] = "\n".join(str(v) for v in value)
        elif isinstance(value, bool):
            values[path] = ("on" if value else "") if field.kind == "check" else (
                "yes" if value else "no")
        else:
            values[path] = str(value)


def _flatten_topic(prefix: str, index: int, topic: Any, values: dict[str, str]) -> str:
    about = str(topic.get("about", "")) if isinstance(topic, dict) else str(topic)
    values[f"{prefix}.topics[{index}].about"] = about
    if isinstance(topic, dict) and topic.get("strength"):
        values[f"{prefix}.topics[{index}].strength"] = str(topic["strength"])
    if isinstance(topic, dict) and topic.get("told") is True:
        values[f"{prefix}.topics[{index}].told"] = "on"
    if isinstance(topic, dict) and topic.get("short"):
        values[f"{prefix}.topics[{index}].short"] = str(topic["short"])
    return about
