"""The guided debrief: questions at the terminal that build a valid record.

Each answer is checked as it is given (a time zone, an e-mail address, a
date), so a mistake is asked again at once instead of failing at the end.
The "know the process" questions come from article 003 §1: how long the
decision takes, whether unsuccessful candidates hear back, further rounds,
how they want to be contacted, and every interviewer's contact details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from followthrough import geo
from followthrough.address import Role, address_for, default_form, family_name, needs_honorific
from followthrough.app.profile import profile_fields
from followthrough.culture import profile_for
from followthrough.debrief import Debrief, validate_debrief
from followthrough.debrief.model import (
    SHORT_TOPIC_CHARS,
    SHOWS_CHARS,
    SHOWS_REFUSED,
    Candidate,
    as_clause,
    check_email,
    check_question,
    check_zone,
)
from followthrough.interview_zone import settled_zone
from followthrough.plan.decision_words import Said, named_day, read_decision

Prompt = Callable[..., Any]
"""``click.prompt`` or a stand-in with the same keywords."""
T = TypeVar("T")


def _checked(check: Callable[[str], T]) -> Callable[[str], T]:
    def convert(value: str) -> T:
        try:
            return check(value.strip())
        except ValueError as err:
            raise click.BadParameter(str(err)) from None

    return convert


def _optional(check: Callable[[str], T]) -> Callable[[str], T | None]:
    def convert(value: str) -> T | None:
        return None if not value.strip() else check(value.strip())

    return convert


def _country(value: str) -> str:
    code = value.upper()
    if not geo.is_country(code):
        raise ValueError(f"{value!r} is not a two-letter country code (JP, US, DE ...)")
    return code


def _local_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise ValueError("write it as YYYY-MM-DD HH:MM, e.g. 2026-11-16 14:00") from None
    return parsed


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("write it as YYYY-MM-DD, e.g. 2026-11-30") from None


def _yes_no(value: str) -> bool:
    answer = value.strip().casefold()
    if answer in {"y", "yes"}:
        return True
    if answer in {"n", "no"}:
        return False
    raise ValueError("answer y or n")


def _yes_no_unknown(value: str) -> bool | None:
    if value.strip().casefold() in {"", "?", "unknown", "u"}:
        return None
    try:
        return _yes_no(value)
    except ValueError:
        raise ValueError("answer y, n, or ? if they did not say") from None


def _full_stop(sentence: str) -> str:
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def _choice(options: list[str]) -> Callable[[str], str]:
    def pick(value: str) -> str:
        if value not in options:
            raise ValueError(f"choose one of: {', '.join(options)}")
        return value

    return pick


def _numbered(options: list[str]) -> Callable[[str], str]:
    """One of ``options``, by its number from 1 or word for word."""
    def pick(value: str) -> str:
        if value.isdigit() and 1 <= int(value) <= len(options):
            return options[int(value) - 1]
        return _choice(options)(value)

    return pick


def _url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or " " in value:
        raise ValueError("write the whole address, starting with https://")
    return value


def _file(value: str) -> str:
    """A file that exists, as an absolute path (the TOML may be written elsewhere)."""
    path = Path(value).expanduser().absolute()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give the file inside it")
    if not path.is_file():
        raise ValueError(f"there is no file {path}")
    return str(path)


def _shows(value: str) -> str:
    """What a promised thing shows, as the clause after "It shows ..." (a full stop at
    its end dropped)."""
    clause = as_clause(value)
    if not clause:
        raise ValueError("a clause after \"It shows\", or Enter to skip")
    if clause.startswith(SHOWS_REFUSED):
        raise ValueError(f"start with what it shows, not with {clause.split()[0]!r}: the "
                         "note writes \"It shows\" before it (\"how the app merged "
                         "offline edits\")")
    if len(clause) > SHOWS_CHARS:
        raise ValueError(f"at most {SHOWS_CHARS} characters: one line on what it shows")
    return clause


def _form(value: str) -> str:
    answer = value.strip().casefold()
    if answer in {"first-name", "first", "f", "1", "first name"}:
        return "first-name"
    if answer in {"family-name", "family", "2", "family name", "surname", "last"}:
        return "family-name"
    raise ValueError("answer first-name or family-name")


def _honorific(value: str) -> str:
    if len(value) > 20:
        raise ValueError("an honorific is short: Ms., Mr., Dr., Mx., Prof.")
    return value


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


def _lines(value: str) -> str:
    """``Sam Okafor / +44 20 0000`` as two lines."""
    return "\n".join(line.strip() for line in value.split(" / ") if line.strip())


def _ask_text(prompt: Prompt, into: dict[str, Any], key: str, question: str,
              check: Callable[[str], Any] | None = None) -> None:
    """An optional answer, kept under ``key`` when given."""
    value = prompt(question, default="", show_default=False,
                   value_proc=_checked(_optional(check)) if check else None)
    if isinstance(value, str):
        value = value.strip()
    if value:
        into[key] = value


INTRO = ("Let's record the interview while it is fresh. Press Enter to skip optional "
         "questions.")


def ask_about_you(prompt: Prompt, say: Callable[[str], None],
                  profile: Candidate | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The debrief's ``[candidate]``: the saved ``profile``'s fields, and answers
    to what it lacks (all of it without one). Returns the table and the typed
    answers, which the caller may offer to save as the profile."""
    say(INTRO)
    say("\nAbout you")
    saved = {} if profile is None else profile_fields(profile)
    if saved:
        say(f"  From your profile: {saved['name']} <{saved['email']}>, {saved['timezone']}"
            " (`followthrough profile` changes it)")
    typed = {key: prompt(question, value_proc=check) for key, question, check in (
        ("name", "  Your name", None),
        ("email", "  Your e-mail", _checked(check_email)),
        ("timezone", "  Your time zone", _checked(check_zone)),
    ) if key not in saved}
    if not saved.get("strengths"):
        say("  Strengths worth repeating: what you did, where, and what came of it"
            " (moved 40 nightly batch jobs at Hafenlicht Logistik to Kafka Streams).")
        strengths = _items(prompt("  Strengths (separate with ;)", default="",
                                  show_default=False))
        if strengths:
            typed["strengths"] = strengths
    if not saved.get("signature"):
        signature = _lines(prompt("  Signature under your messages (a / starts a new line; "
                                  "Enter for none)", default="", show_default=False))
        if signature:
            typed["signature"] = signature
    return {**saved, **typed}, typed


def ask_debrief(prompt: Prompt, say: Callable[[str], None],
                overrides: Mapping[str, Mapping[str, Any]] | None = None,
                candidate: Mapping[str, Any] | None = None) -> Debrief:
    """Ask for a whole debrief; returns it validated. ``overrides``: the user's culture
    profile settings, so decision words read as the planner will read them.
    ``candidate``: "About you" already known (:func:`ask_about_you`), else asked."""
    if candidate is None:
        candidate, _typed = ask_about_you(prompt, say)
    candidate = dict(candidate)

    say("\nThe interview")
    interview: dict[str, Any] = {
        "company": prompt("  Company"),
        "role": prompt("  Role"),
    }
    country = prompt("  Country where the interviewers work (two letters, e.g. JP)", default="",
                     show_default=False, value_proc=_checked(_optional(_country)))
    if country:
        _ask_text(prompt, interview, "region", "  Region, only if its holidays differ (like BE "
                  "or GB-SCT; Enter if not)")
    zone_default = settled_zone(None, country) or candidate["timezone"]
    zone = prompt("  Their time zone", default=zone_default, value_proc=_checked(check_zone))
    local = prompt("  When did it start, their local time (YYYY-MM-DD HH:MM)",
                   value_proc=_checked(_local_time))
    interview["starts"] = local.replace(tzinfo=ZoneInfo(zone)) if local.tzinfo is None else local
    interview["minutes"] = prompt("  How many minutes", default=60, type=click.IntRange(1, 1440))
    interview["timezone"] = zone
    if country:
        interview["country"] = country
    interview["round"] = prompt("  Which round", default=1, type=click.IntRange(1, 20))
    interview["format"] = prompt("  Format (video, onsite, phone)", default="video",
                                 value_proc=_checked(_choice(["video", "onsite", "phone"])))

    say("\nKnow the process (what they told you)")
    decision = prompt("  How long did they say the decision takes", default="",
                      show_default=False)
    if decision.strip():
        interview["decision"] = decision.strip()
    decision_by = _ask_meant_day(prompt, say, interview, overrides)
    if decision_by is None:
        decision_by = prompt("  A decision date, if they gave one (YYYY-MM-DD)", default="",
                             show_default=False, value_proc=_checked(_optional(_day)))
    if decision_by:
        interview["decision_by"] = decision_by
    for key, question in (
        ("they_will_contact", "  Will they contact you first? (y/n/?)"),
        ("notify_on_rejection", "  Are unsuccessful candidates told? (y/n/?)"),
    ):
        answer = prompt(question, default="?", value_proc=_checked(_yes_no_unknown))
        if answer is not None:
            interview[key] = answer
    next_steps = prompt("  Further rounds or next steps", default="", show_default=False)
    if next_steps.strip():
        interview["next_steps"] = next_steps.strip()
    interview["channel"] = prompt(
        "  How do they prefer to be contacted (email, phone, linkedin, recruiter)",
        default="email", value_proc=_checked(_choice(["email", "phone", "linkedin", "recruiter"])))

    data: dict[str, Any] = {"schema": 1, "candidate": candidate, "interview": interview}
    data["interviewers"] = _ask_interviewers(prompt, say, country, candidate.get("strengths", []))
    recruiter = _ask_recruiter(prompt, say, country)
    if recruiter:
        data["recruiter"] = recruiter
    people = [p["name"] for p in data["interviewers"]] + ([recruiter["name"]] if recruiter else [])
    topics = {person["name"]: [topic if isinstance(topic, str) else topic["about"]
                               for topic in person.get("topics", [])]
              for person in data["interviewers"]}
    for key, fields, more in (
        ("promises", ("what", "  What did you promise to send or do"), _ask_delivery),
        ("resources", ("title", "  Something worth sharing with them (its title)"), _ask_link),
        ("missed", ("point", "  A point you wish you had made"), None),
    ):
        items = _ask_addressed(prompt, fields, people, topics, more)
        if items:
            data[key] = items
    for key, ask in (("questions", _ask_questions), ("reflection", _ask_reflection),
                     ("references", lambda p, s: _ask_references(p, s, country))):
        answers = ask(prompt, say)
        if answers:
            data[key] = answers
    return validate_debrief(data, source="your answers", files_from=Path.cwd(), incoming=True)


def _ask_meant_day(prompt: Prompt, say: Callable[[str], None], interview: dict[str, Any],
                   overrides: Mapping[str, Mapping[str, Any]] | None) -> date | None:
    """Say how the decision words read; when they can mean two days, ask which one
    (the later by default, so no inquiry comes early) and return it (002: the
    company's own timeline decides when to ask)."""
    decision = interview.get("decision")
    if not decision:
        return None
    starts: datetime = interview["starts"]
    reading = read_decision(decision, ends=starts + timedelta(minutes=interview["minutes"]),
                            zone=ZoneInfo(interview["timezone"]),
                            country=interview.get("country"), overrides=overrides)
    said = Said(decision, reading)
    if reading is None or reading.alternative is None:
        say(f"  {said.line()}")
        return None
    say(f"  {said.line(how_to_choose='which one do they mean?')}")
    days = [reading.day, reading.alternative]
    for number, day in enumerate(days, start=1):
        say(f"    {number}  {named_day(day)}")
    answer = prompt("  Which day did they mean (1 or 2)", default="1",
                    value_proc=_checked(_choice(["1", "2"])))
    return days[int(answer) - 1]


def _ask_address(prompt: Prompt, person: dict[str, Any], country: str | None, role: Role,
                 rapport: str | None = None, indent: str = "    ") -> None:
    """How notes address ``person``: the default follows the culture of the
    interview's country and the rapport. Records ``address`` only where the
    answer differs from that default, and the honorific the family name needs."""
    name = person["name"]
    culture = profile_for(country).salutation
    default = default_form(country=country, culture_salutation=culture, role=role,
                           rapport=rapport)
    first = address_for(name, country=country, culture_salutation=culture,
                        form="first-name").name
    if needs_honorific(country=country, form="family-name", name=name, honorific=None):
        family_example = f"Ms./Mr. {family_name(name)}"
    else:
        family_example = address_for(name, country=country, culture_salutation=culture,
                                     form="family-name").name
    form = prompt(f'{indent}In notes, address them by first-name ("Dear {first}") or family-name '
                  f'("Dear {family_example}")', default=default,
                  value_proc=_checked(_form))
    if form == "family-name":
        surname = prompt(f"{indent}Their family name", default=family_name(name)).strip()
        if surname and surname != family_name(name):
            person["family_name"] = surname
        if needs_honorific(country=country, form=form, name=name, honorific=None):
            honorific = prompt(f"{indent}Their honorific: Ms., Mr., Dr., Mx. — leave empty to use "
                               "the first name", default="", show_default=False,
                               value_proc=_checked(_honorific)).strip()
            if honorific:
                person["honorific"] = honorific
            else:
                form = "first-name"
    if form != default:
        person["address"] = form
    _ask_text(prompt, person, "salutation", f'{indent}The exact greeting, only to override '
              'that (like "Dear Sato-san"; Enter if not)')


LONG_TOPIC = 40
"""A topic longer than this many characters is also asked for in a few words."""


def _shorter_than(topic: str) -> Callable[[str], str]:
    """A topic's short form: within the model's limit and fewer characters than the topic."""
    def check(value: str) -> str:
        if len(value) > SHORT_TOPIC_CHARS:
            raise ValueError(f"at most {SHORT_TOPIC_CHARS} characters: a few words, shorter "
                             "than the topic")
        if len(value) >= len(topic):
            raise ValueError("a few words, shorter than the topic")
        return value

    return check


def _ask_topics(prompt: Prompt, say: Callable[[str], None], topics: list[str],
                strengths: list[str]) -> list[str | dict[str, Any]]:
    """Each topic, linked to the one strength that truly bears on it, if any, and
    whether the candidate already told them about that strength in the interview;
    a long topic also in a few words, for the notes after the first."""
    if strengths:
        say("    Which of your strengths truly bears on each topic? A number, or Enter for none:")
        for number, strength in enumerate(strengths, start=1):
            say(f"      {number}  {strength}")
    if any(len(topic) > LONG_TOPIC for topic in topics):
        say("    A long topic can also be put in a few words, worded to them as the topic "
            "is: the notes after the first (LinkedIn, the last note if they go quiet) name "
            "it so, not the whole phrase again.")
    asked: list[str | dict[str, Any]] = []
    for topic in topics:
        table: dict[str, Any] = {"about": topic}
        if strengths:
            table.update(_ask_strength(prompt, topic, strengths))
        if len(topic) > LONG_TOPIC:
            if not strengths:
                say(f'    "{topic}"')
            short = prompt("    In a few words, for later notes (Enter to skip)", default="",
                           show_default=False, value_proc=_checked(_optional(_shorter_than(topic))))
            if short:
                table["short"] = short
        asked.append(table if len(table) > 1 else topic)
    return asked


def _ask_strength(prompt: Prompt, topic: str, strengths: list[str]) -> dict[str, Any]:
    """The strength that truly bears on ``topic`` (none, or one by its number), and
    whether they heard about it in the interview."""
    numbers = [str(number) for number in range(1, len(strengths) + 1)]
    answer = prompt(f'    For "{topic}"', default="", show_default=False,
                    value_proc=_checked(_optional(_choice(numbers))))
    if not answer:
        return {}
    link: dict[str, Any] = {"strength": strengths[int(answer) - 1]}
    if prompt("    Did you tell them about it in the interview? (y/n)", default="n",
              value_proc=_checked(_yes_no)):
        link["told"] = True
    return link


def _ask_question_topic(prompt: Prompt, say: Callable[[str], None],
                        person: dict[str, Any]) -> None:
    """The topic the question belongs to, by its number: to a cool, formal reader the
    thank-you says the candidate would like to hear more about it later, instead of
    asking in writing."""
    topics = [item["about"] if isinstance(item, dict) else item
              for item in person.get("topics", [])]
    if not topics:
        return
    for number, topic in enumerate(topics, 1):
        say(f"      {number}. {topic}")
    numbers = [str(number) for number in range(1, len(topics) + 1)]
    answer = prompt("    Which topic is the question about (number, Enter for none)",
                    default="", show_default=False,
                    value_proc=_checked(_optional(_choice(numbers))))
    if answer:
        person["question_about"] = topics[int(answer) - 1]


def _ask_interviewers(prompt: Prompt, say: Callable[[str], None], country: str | None,
                      strengths: list[str]) -> list[dict[str, Any]]:
    say("\nInterviewers (their contact details let you thank each one)")
    people: list[dict[str, Any]] = []
    while True:
        name = prompt(f"  Interviewer {len(people) + 1} name" +
                      (" (Enter when done)" if people else ""),
                      default="" if people else None, show_default=False)
        if not name.strip():
            return people
        person: dict[str, Any] = {"name": name.strip()}
        for key, question, check in (
            ("title", "    Title", None),
            ("email", "    E-mail", check_email),
            ("phone", "    Phone", None),
            ("linkedin", "    LinkedIn URL", None),
        ):
            _ask_text(prompt, person, key, question, check)
        person["rapport"] = prompt("    Rapport (warm, neutral, cool)", default="neutral",
                                   value_proc=_checked(_choice(["warm", "neutral", "cool"])))
        _ask_address(prompt, person, country, "interviewer", person["rapport"])
        topics = prompt("    Topics you discussed with them (separate with ;)", default="",
                        show_default=False)
        if _items(topics):
            person["topics"] = _ask_topics(prompt, say, _items(topics), strengths)
        highlight = prompt("    A moment with them worth recalling, like \"the whiteboard "
                           "session\" (Enter if none)", default="", show_default=False)
        if highlight.strip():
            person["highlight"] = highlight.strip()
        question = prompt("    A question you would still like to ask them, ending with \"?\" "
                          "(Enter if none)", default="", show_default=False,
                          value_proc=_checked(_optional(check_question)))
        if question:
            person["question"] = question.strip()
            _ask_question_topic(prompt, say, person)
        went = prompt("    How it went with them, in a sentence for your recruiter "
                      "(Enter to skip)", default="", show_default=False)
        if went.strip():
            person["how_it_went"] = _full_stop(went.strip())
        people.append(person)


def _ask_recruiter(prompt: Prompt, say: Callable[[str], None],
                   country: str | None) -> dict[str, Any] | None:
    say("\nRecruiter or search consultant")
    name = prompt("  Name (Enter if none)", default="", show_default=False)
    if not name.strip():
        return None
    recruiter: dict[str, Any] = {"name": name.strip()}
    _ask_text(prompt, recruiter, "firm", "  Firm")
    _ask_text(prompt, recruiter, "email", "  E-mail", check_email)
    _ask_text(prompt, recruiter, "phone", "  Phone")
    _ask_address(prompt, recruiter, country, "recruiter", indent="  ")
    runs = prompt("  Do they run the process, so your questions go to them? (y/n/?)",
                  default="?", value_proc=_checked(_yes_no_unknown))
    if runs is not None:
        recruiter["runs_process"] = runs
    return recruiter


def _ask_delivery(prompt: Prompt, promise: dict[str, Any], to_interviewer: bool) -> None:
    """Where the promised thing is: a link for the note, a file to attach, and then
    what it shows (the note introduces it so); and, for an interviewer, whether it
    goes in a message of its own instead of the thank-you."""
    _ask_link(prompt, promise, to_interviewer)
    _ask_text(prompt, promise, "file", "    A file to attach (its path, Enter for none)", _file)
    if promise.get("url") or promise.get("file"):
        _ask_text(prompt, promise, "shows", "    What does it show? (a clause after 'It "
                  "shows', Enter to skip)", _shows)
    if to_interviewer and prompt("    Send it in a message of its own, not inside your "
                                 "thank-you? (y/n)", default="n",
                                 value_proc=_checked(_yes_no_unknown)):
        promise["separate"] = True


def _ask_link(prompt: Prompt, item: dict[str, Any], _to_interviewer: bool = False) -> None:
    _ask_text(prompt, item, "url", "    A link to it (https://..., Enter for none)", _url)


def _ask_questions(prompt: Prompt, say: Callable[[str], None]) -> list[dict[str, Any]]:
    say("\nQuestions they asked you (what fell short is what your recruiter can help repair)")
    questions: list[dict[str, Any]] = []
    while True:
        asked = prompt("  A question they asked (Enter when done)", default="",
                       show_default=False).strip()
        if not asked:
            return questions
        question: dict[str, Any] = {"asked": asked}
        _ask_text(prompt, question, "answer", "    What you answered, then after a ; what fell "
                  "short (Enter to skip)")
        if prompt("    Did you struggle with it? (y/n)", default="n",
                  value_proc=_checked(_yes_no_unknown)):
            question["struggled"] = True
            _ask_text(prompt, question, "better", "    What you would answer now, for your "
                      "recruiter (Enter to skip)")
            if "better" in question:
                _ask_text(prompt, question, "asked_by", "    Who asked it, so their thank-you "
                          "can add it (Enter to skip)")
        questions.append(question)


def _ask_reflection(prompt: Prompt, say: Callable[[str], None]) -> dict[str, Any]:
    say("\nReflection (for you alone; Enter to leave it for later)")
    reflection: dict[str, Any] = {}
    for key, question in (("went_well", "  What went well (separate with ;)"),
                          ("improve", "  What to improve (separate with ;)")):
        items = _items(prompt(question, default="", show_default=False))
        if items:
            reflection[key] = items
    _ask_text(prompt, reflection, "learned", "  What you learned about them")
    return reflection


def _ask_references(prompt: Prompt, say: Callable[[str], None],
                    country: str | None) -> list[dict[str, Any]]:
    say("\nReferences (people who will vouch for you)")
    references: list[dict[str, Any]] = []
    while True:
        name = prompt(f"  Reference {len(references) + 1} name (Enter "
                      f"{'when done' if references else 'if none'})", default="",
                      show_default=False)
        if not name.strip():
            return references
        reference: dict[str, Any] = {"name": name.strip()}
        for key, question, check in (
            ("email", "    E-mail", check_email),
            ("phone", "    Phone", None),
            ("role", "    What they are or were to you (manager, tech lead ...)", None),
            ("company", "    Where you worked together", None),
        ):
            _ask_text(prompt, reference, key, question, check)
        current = prompt("    Do you still work together? (y/n/?)", default="?",
                         value_proc=_checked(_yes_no_unknown))
        if current is not None:
            reference["current"] = current
        _ask_address(prompt, reference, country, "reference")
        emphasise = _items(prompt("    What they should emphasise (separate with ;)", default="",
                                  show_default=False))
        if emphasise:
            reference["emphasise"] = emphasise
        references.append(reference)


def _ask_addressed(prompt: Prompt, fields: tuple[str, str], people: list[str],
                   topics: Mapping[str, list[str]],
                   more: Callable[[Prompt, dict[str, Any], bool], None] | None = None
                   ) -> list[dict[str, Any]]:
    """Promises, resources or missed points, each for someone and, when that person
    is an interviewer with topics, the topic it bears on."""
    key, question = fields
    items: list[dict[str, Any]] = []
    while True:
        text = prompt(f"{question} (Enter when done)", default="", show_default=False)
        if not text.strip():
            return items
        to = prompt(f"    To whom ({', '.join(people)})", default=people[0],
                    value_proc=_checked(_choice(people)))
        item: dict[str, Any] = {key: text.strip(), "to": to}
        if topics.get(to):
            numbered = "; ".join(f"{n} {topic}" for n, topic in enumerate(topics[to], start=1))
            _ask_text(prompt, item, "about", f"    The topic of theirs it bears on ({numbered}; "
                      "a number, or Enter for none)", _numbered(topics[to]))
        if more:
            more(prompt, item, to in topics)
        items.append(item)
