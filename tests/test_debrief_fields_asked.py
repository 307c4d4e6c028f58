"""Every field of a debrief is asked for, in the web form and in the guided questions of
``new``: the fields are read from the pydantic model (nested models and lists
included), so a field added there and to neither face fails here, by its path.

The web form: the edit page of a debrief that sets every field
(``tests/data/debrief-every-field.toml``) has an input for each, and saving that
page unchanged keeps every value. The guided questions: answered from a table
of answers, they give a debrief that sets every field. Only the fields below are
not asked, each for its reason.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from followthrough.app.records import import_files
from followthrough.cli.guided import ask_debrief
from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief
from tests.conftest import PROJECT
from tests.web.conftest import BASE, form_fields

EVERY_FIELD = PROJECT / "tests" / "data" / "debrief-every-field.toml"
NOT_ASKED: Mapping[str, str] = {
    "schema": "the format's version, always 1: the program writes it, nobody answers it",
}
"""Fields neither face asks for."""
NOT_ASKED_BY_NEW: Mapping[str, str] = {
    **NOT_ASKED,
    "promises[].attachment": "older debriefs' file name, mentioned and never attached: `new` "
                             "asks for the file to attach and the link instead",
    "references[].relationship": "older debriefs' free text: `new` asks for what it said in "
                                 "parts (role, company, whether you still work together)",
}
"""Fields the web form keeps (it edits older debriefs too) and ``new`` does not ask."""


def _models(annotation: Any, many: bool = False) -> Iterator[tuple[type[BaseModel] | None, bool]]:
    """The models an annotation holds, each with whether it is in a list; ``None``
    for a plain value (text, number, date ...)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _models(get_args(annotation)[0], many)
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _models(arg, many)
    elif origin is list:
        yield from _models(get_args(annotation)[0], True)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, many
    else:
        yield None, many


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field a record of ``model`` can hold: ``interviewers[].topics[].strength``."""
    paths: set[str] = set()
    for name, field in model.model_fields.items():
        path = prefix + (field.alias or name)
        for inner, many in _models(field.annotation):
            if inner is None:
                paths.add(path)
            else:
                paths |= model_paths(inner, f"{path}{'[]' if many else ''}.")
    return paths


def given_paths(record: BaseModel, prefix: str = "") -> set[str]:
    """The fields ``record`` was given a value for, in the form of :func:`model_paths`."""
    paths: set[str] = set()
    for name in record.model_fields_set:
        path = prefix + (type(record).model_fields[name].alias or name)
        value = getattr(record, name)
        for item, many in ([(v, True) for v in value] if isinstance(value, list)
                           else [(value, False)]):
            if isinstance(item, BaseModel):
                paths |= given_paths(item, f"{path}{'[]' if many else ''}.")
            else:
                paths.add(path)
    return paths


def test_the_model_walk_finds_nested_models_and_lists() -> None:
    paths = model_paths(Debrief)
    assert {"schema", "candidate.name", "interview.starts", "recruiter.salutation",
            "interviewers[].topics", "interviewers[].topics[].strength",
            "promises[].separate", "reflection.went_well", "references[].emphasise"} <= paths
    assert len(paths) >= 75


def test_the_every_field_debrief_sets_every_field() -> None:
    missing = model_paths(Debrief) - given_paths(read_debrief(EVERY_FIELD))
    assert not missing, f"set these in {EVERY_FIELD.name}: {sorted(missing)}"


# the web form ----------------------------------------------------------------

@pytest.fixture
def edit_page(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    from starlette.testclient import TestClient

    from followthrough.web import create_app

    app = create_app(f"sqlite:///{tmp_path / 'web.db'}",
                     now=datetime.fromisoformat("2026-12-02T12:00:00+01:00"))
    import_files(app.state.store, [EVERY_FIELD])
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        yield client, client.get("/interviews/1/edit").text


def _form_paths(names: Iterator[str] | list[str]) -> set[str]:
    return {re.sub(r"\[[0-9]+\]", "[]", name) for name in names}


def test_the_web_form_has_an_input_for_every_field(edit_page: tuple[Any, str]) -> None:
    _, html = edit_page
    shown = _form_paths(list(form_fields(html)))
    missing = model_paths(Debrief) - shown - set(NOT_ASKED)
    assert not missing, f"the web form asks nothing for {sorted(missing)} (web/forms.py SECTIONS)"


def test_saving_the_web_form_unchanged_keeps_every_field(edit_page: tuple[Any, str]) -> None:
    client, html = edit_page
    before = read_debrief(EVERY_FIELD).to_document()

    saved = client.post("/interviews/1/edit", data=form_fields(html))

    assert saved.status_code == 303, saved.text
    after = client.app.state.store.get_interview(1).debrief
    lost = sorted(model_paths(Debrief) - given_paths(after))
    assert not lost, f"the web form drops {lost}"
    assert after.to_document() == before


# the guided questions ----------------------------------------------------------

NOTE = str(EVERY_FIELD.parent / "every-field-note.pdf")
ANSWERS: Mapping[str, list[str]] = {
    "Your name": ["Sam Okafor"],
    "Your e-mail": ["sam.okafor@example.com"],
    "Your time zone": ["Europe/London"],
    "Strengths (separate with ;)": ["built the offline mode of a field-service app; mentored "
                                    "four junior engineers"],
    "Signature under your messages": ["Sam Okafor / sam.okafor@example.com"],
    "Company": ["Nordlicht Mobility GmbH"],
    "Role": ["Senior Android Engineer"],
    "Country where the interviewers work": ["US"],
    "Region, only if": ["CA"],
    "Their time zone": ["America/Los_Angeles"],
    "When did it start": ["2026-12-02 10:00"],
    "How many minutes": ["75"],
    "Which round": ["2"],
    "Format": ["video"],
    "How long did they say": ["they aim to decide within ten days"],
    "A decision date": ["2026-12-14"],
    "Will they contact you first": ["y"],
    "Are unsuccessful candidates told": ["y"],
    "Further rounds or next steps": ["a pairing session"],
    "How do they prefer to be contacted": ["email"],
    "Interviewer 1 name": ["Jonas Becker"],
    "Interviewer 2 name": ["Aylin Demir"],
    "Interviewer 3 name": [""],
    "Title": ["Engineering Manager", "Staff Engineer"],
    "E-mail": ["jonas.becker@nordlicht.example", "aylin.demir@nordlicht.example",
               "lena.hoffmann@talent.example", "priyanka.das@example.org"],
    "Phone": ["+49 30 0000 0001"],
    "LinkedIn URL": ["https://www.linkedin.com/in/example-jbecker"],
    "Rapport": ["warm", "neutral"],
    "In notes, address them by": ["family-name"],
    "Their family name": ["Demir-Wolf"],
    "Their honorific": ["Dr."],
    "The exact greeting": ["Dear Jonas"],
    "Topics you discussed with them": ["offline sync on the U-Bahn; how your team splits "
                                       "work between Kotlin Multiplatform and native code",
                                       "release trains"],
    'For "': ["1", ""],
    "Did you tell them about it in the interview": ["y"],
    "In a few words, for later notes": ["your Kotlin Multiplatform split"],
    "A moment with them": ["the whiteboard session"],
    "A question you would still like to ask them": ["How do you decide what to share?"],
    "Which topic is the question about": ["2", ""],
    "How it went with them": ["We got on well."],
    "Name (Enter if none)": ["Lena Hoffmann"],
    "Firm": ["Talentbrücke Recruiting"],
    "Do they run the process": ["y"],
    "What did you promise": ["the design note on conflict-free sync", ""],
    "Something worth sharing with them": ["a talk on CRDTs in mobile apps", ""],
    "A point you wish you had made": ["that I led the move to Compose", ""],
    "To whom": ["Jonas Becker"],
    "The topic of theirs it bears on": ["1"],
    "A link to it": ["https://example.org/sync-note"],
    "A file to attach": [NOTE],
    "What does it show?": ["how the app merged offline edits from two devices without "
                           "losing either"],
    "Send it in a message of its own": ["y"],
    "A question they asked": ["How would you test sync against a flaky network?", ""],
    "What you answered": ["A fault-injecting proxy; I could not say how to fake clock skew."],
    "Did you struggle with it": ["y"],
    "What you would answer now": ["I would replay recorded sessions against a drifting clock"],
    "Who asked it": ["Jonas Becker"],
    "What went well": ["the sync story"],
    "What to improve": ["say the result first"],
    "What you learned about them": ["The CTO meets every hire."],
    "Reference 1 name": ["Priyanka Das"],
    "Reference 2 name": [""],
    "What they are or were to you": ["tech lead"],
    "Where you worked together": ["Fieldwise Ltd"],
    "Do you still work together": ["n"],
    "What they should emphasise": ["the offline mode; mentoring"],
}
"""An answer for each question of ``new``, by how the question begins; a question asked
again takes the next answer (the last one once they run out)."""


class Answering:
    """``click.prompt`` answered from :data:`ANSWERS`, converted as click converts."""

    def __init__(self) -> None:
        self.asked: dict[str, int] = {}

    def __call__(self, text: str, default: Any = None, show_default: bool = True,
                 value_proc: Callable[[str], Any] | None = None, type: Any = None) -> Any:
        key = next((key for key in ANSWERS if text.strip().startswith(key)), None)
        assert key is not None, f"`new` asks {text.strip()!r}: give it an answer in ANSWERS"
        answers = ANSWERS[key]
        count = self.asked[key] = self.asked.get(key, 0) + 1
        answer: Any = answers[min(count, len(answers)) - 1]
        if answer == "" and default is not None:
            answer = default
        if value_proc is not None:
            return value_proc(str(answer))
        return type(str(answer)) if type is not None else answer


def test_the_guided_questions_ask_for_every_field(monkeypatch: pytest.MonkeyPatch) -> None:
    debrief = ask_debrief(Answering(), lambda _said: None)
    missing = model_paths(Debrief) - given_paths(debrief) - set(NOT_ASKED_BY_NEW)
    assert not missing, f"`new` asks nothing for {sorted(missing)} (cli/guided.py)"


def test_the_lists_of_fields_not_asked_name_real_fields() -> None:
    assert set(NOT_ASKED_BY_NEW) <= model_paths(Debrief)
