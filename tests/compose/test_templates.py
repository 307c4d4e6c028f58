"""Templates as data: strict slots, the user's folder in front of ours, and every
sentence our own (no 8-word run copied from the seed articles, checked against
their fingerprint in tests/data/seed-shingles.txt: hashes, not the text)."""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from tests.compose.conftest import PROJECT, interview_end
from tests.conftest import seed_fingerprint

from followthrough.compose import compose, compose_one
from followthrough.compose.templating import Templates
from followthrough.debrief import Debrief, read_debrief
from followthrough.plan import Action, plan

BERLIN = PROJECT / "examples" / "debrief-berlin.toml"
DOCS = PROJECT / "docs" / "templates.md"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")


@pytest.fixture(scope="module")
def berlin() -> Debrief:
    return read_debrief(BERLIN)


def _actions(debrief: Debrief) -> list[Action]:
    return plan(debrief, now=interview_end(debrief) + timedelta(minutes=5))


def _thank_you(debrief: Debrief, name: str) -> Action:
    return next(a for a in _actions(debrief) if a.kind == "thank-you" and a.to == name)


def test_a_missing_value_is_an_error_not_a_blank(berlin: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text("Dear {{ person.nickname }},\n")

    with pytest.raises(UndefinedError):
        compose_one(None, berlin, _thank_you(berlin, "Jonas Becker"), template_dir=tmp_path)


def test_a_user_part_replaces_ours(berlin: Debrief, tmp_path: Path) -> None:
    folder = tmp_path / "parts" / "thank-you" / "close"
    folder.mkdir(parents=True)
    for name in ("1", "2", "3", "4", "5", "6"):
        (folder / f"{name}.txt.j2").write_text(
            "I am still keen, and I can walk you through the {{ company }} migration notes "
            "at any time.\n")

    draft = compose_one(None, berlin, _thank_you(berlin, "Aylin Demir"), template_dir=tmp_path)

    assert "I can walk you through the Nordlicht Mobility migration notes" in draft.body
    assert not [f for f in draft.findings if f.severity != "info"]


def test_a_user_template_extends_the_default(berlin: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text(
        '{% extends "default:thank-you.txt.j2" %}\n'
        "{% block close %}\nWith appreciation,\n{{ candidate.name }}\n{% endblock %}\n")

    draft = compose_one(None, berlin, _thank_you(berlin, "Jonas Becker"), template_dir=tmp_path)

    assert draft.body.endswith("With appreciation,\nSam Okafor\n")
    assert "keeping trip data in sync when riders lose signal" in draft.body
    assert draft.subject


def test_the_default_folder_is_templates_in_the_data_folder(berlin: Debrief,
                                                            private_home: Path) -> None:
    folder = private_home / "templates"
    folder.mkdir(parents=True)
    (folder / "keep-searching.txt.j2").write_text("My own list for {{ company }}.\n")

    drafts = compose(None, berlin, _actions(berlin), kind="keep-searching")

    assert drafts
    assert all(d.body == "My own list for Nordlicht Mobility.\n" for d in drafts)


def test_phrasings_differ_for_every_interviewer_of_a_panel(berlin: Debrief) -> None:
    templates = Templates(None)
    for part in ("thank-you/opening", "thank-you/lead", "thank-you/close"):
        count = len(templates.phrasings(part))
        chosen = {templates.choose(part, "interview 7", rank) for rank in range(count)}
        assert len(chosen) == count


def _template_texts() -> dict[str, str]:
    root = resources.files("followthrough.compose") / "templates"
    found: dict[str, str] = {}

    def walk(folder: object, prefix: str) -> None:
        for entry in folder.iterdir():  # type: ignore[attr-defined]
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".j2"):
                found[prefix + entry.name] = entry.read_text("utf-8")
    walk(root, "")
    return found


def _prose(template: str) -> list[str]:
    """The template's own words: text outside tags (a slot breaks a run) and the
    string literals inside tags, each as a separate piece."""
    pieces = [_TAG.sub(" \x00 ", template.replace("{#", " ").replace("#}", " "))]
    for tag in _TAG.findall(template):
        pieces += [a or b for a, b in _STRING.findall(tag)]
    return pieces


def test_no_eight_word_run_of_the_seed_articles_in_any_template() -> None:
    fingerprint = seed_fingerprint()
    seeds = fingerprint.read_fingerprint()
    assert len(seeds) > 4000
    texts = _template_texts()
    assert len(texts) > 40

    copied = {name: sorted(run for run in fingerprint.shingles("\x00".join(_prose(text)))
                           if fingerprint.digest(run) in seeds)
              for name, text in texts.items()}

    assert not {name: runs for name, runs in copied.items() if runs}


def test_the_seed_check_would_catch_a_copied_sentence() -> None:
    fingerprint = seed_fingerprint()
    sentence = "A copied sentence of twelve words would share five runs of eight."
    seeds = {fingerprint.digest(run) for run in fingerprint.shingles(sentence)}
    in_a_template = fingerprint.shingles("\x00".join(_prose(f"{{{{ greeting }}}}\n{sentence}\n")))
    cut_by_a_slot = fingerprint.shingles("\x00".join(_prose(
        sentence.replace("twelve", "{{ count }}"))))

    assert len(seeds) == 5
    assert {fingerprint.digest(run) for run in in_a_template} == seeds
    assert not {fingerprint.digest(run) for run in cut_by_a_slot} & seeds


def _docs_example(name: str) -> str:
    text = DOCS.read_text("utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n```[a-z+]*\n(.*?)```", text,
                      re.DOTALL)
    assert found, f"docs/templates.md has no example {name}"
    return found.group(1)


def test_the_documented_override_renders(berlin: Debrief, tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text(_docs_example("thank-you.txt.j2"))
    close = tmp_path / "parts" / "thank-you" / "close"
    close.mkdir(parents=True)
    (close / "7.txt.j2").write_text(_docs_example("parts/thank-you/close/7.txt.j2"))

    drafts = [compose_one(None, berlin, _thank_you(berlin, name), template_dir=tmp_path)
              for name in ("Jonas Becker", "Aylin Demir")]

    for draft in drafts:
        assert "P.S." in draft.body
        assert not [f for f in draft.findings if f.severity != "info"], draft.findings


def test_a_linkedin_draft_never_passes_the_users_account_limit() -> None:
    """`draft --linkedin-limit 300` on a free account (the checker's default) is
    written to 200 characters, LinkedIn's limit there; premium allows 300."""
    from followthrough.check import CheckSettings
    from followthrough.compose.composer import linkedin_cap

    assert linkedin_cap(300, None) == 200
    assert linkedin_cap(300, CheckSettings(linkedin_account="premium")) == 300
    assert linkedin_cap(150, CheckSettings(linkedin_account="premium")) == 150
