"""docs/input.md is generated from the limits validation enforces."""

from __future__ import annotations

from followthrough.app.records import MAX_EXPORT_BYTES
from followthrough.cli.checking import MAX_TEXT as CHECK_BYTES
from followthrough.debrief.limits import DEPENDS, READS, field_limits, page
from followthrough.settings import MAX_SETTINGS_BYTES
from followthrough.web.routes.drafts import MAX_SUBJECT, MAX_TEXT
from tests.conftest import PROJECT


def test_the_limits_page_is_current() -> None:
    assert (PROJECT / "docs" / "input.md").read_text(encoding="utf-8") == page(), (
        "docs/input.md is stale: run `.venv/bin/python -m followthrough.debrief.limits "
        "> docs/input.md`")


def test_the_page_states_the_limits_the_code_enforces() -> None:
    stated = dict(READS)

    assert stated["an export file (`export json`) given to `import`"] == \
        f"{MAX_EXPORT_BYTES:,} bytes"
    assert stated["a message given to `check` (a file or standard input)"] == \
        f"{CHECK_BYTES:,} bytes"
    assert stated["`settings.toml`, and the web page that edits it"] == \
        f"{MAX_SETTINGS_BYTES:,} bytes"
    assert stated["a message's body in the web editor, its .eml or Approve"] == \
        f"{MAX_TEXT:,} characters"
    assert stated["a message's subject in the web editor"] == f"{MAX_SUBJECT:,} characters"


def test_every_text_field_of_a_debrief_has_a_limit() -> None:
    limited = dict(field_limits())

    for field in ("candidate.name", "interview.company", "interview.role",
                  "interviewers[].topics[]", "questions[].answer", "interviewers"):
        assert field in limited
    assert limited["interview.company"] == "200 characters, one line"
    assert limited["candidate.signature"] == "5,000 characters, lines"
    assert limited["interviewers[].topics[].short"] == "60 characters, one line"
    assert limited["promises[].shows"] == "160 characters, one line"


def test_the_fields_that_depend_on_another_are_real_fields() -> None:
    from followthrough.debrief.model import Debrief
    from tests.test_debrief_fields_asked import model_paths

    named = {field for fields, _ in DEPENDS for field in fields}

    assert "interviewers[].topics[].told" in named
    assert "interviewers[].topics[].short" in named
    assert named <= model_paths(Debrief)
