"""The settings spec is the one description of settings.toml: its examples pass its
check, a wrong kind or an unknown key is named, and the modules that read a section
know exactly the keys the spec lists."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from followthrough.app.digest import DIGEST_KEYS
from followthrough.check.settings import _SETTINGS_KEYS as CHECKER_KEYS
from followthrough.compose.llm import LLM_KEYS
from followthrough.culture import profile_fields
from followthrough.errors import BadInput
from followthrough.mail.accounts import MAIL_KEYS, SERVER_KEYS
from followthrough.settings import load_settings
from followthrough.settings_spec import SPEC, Section, spec_problems


def _section(name: str) -> Section:
    return next(section for section in SPEC if section.name == name)


def _names(section: Section) -> set[str]:
    return {key.name for key in section.keys} | {table.name for table in section.tables}


def _example(section: Section) -> dict[str, object]:
    text = "\n".join(f"{key.name} = {key.example}" for key in section.keys)
    table: dict[str, object] = tomllib.loads(text)
    table.update({sub.name: _example(sub) for sub in section.tables})
    return table


def test_the_modules_read_the_keys_the_spec_lists() -> None:
    assert {key.name for key in _section("profiles").keys} == set(profile_fields())
    assert _names(_section("checker")) == set(CHECKER_KEYS)
    assert _names(_section("llm")) == set(LLM_KEYS)
    assert _names(_section("digest")) == set(DIGEST_KEYS)
    assert _names(_section("mail")) == MAIL_KEYS
    smtp = _section("mail").table("smtp")
    imap = _section("mail").table("imap")
    assert smtp is not None
    assert imap is not None
    assert _names(smtp) | _names(imap) == SERVER_KEYS


def test_every_example_passes_the_check() -> None:
    document = {section.name: ({"JP": _example(section)} if section.per else _example(section))
                for section in SPEC}
    assert spec_problems(document) == []


@pytest.mark.parametrize(("document", "path", "message"), [
    ({"mial": {}}, "mial", "unknown section 'mial'"),
    ({"llm": {"enabled": "yes"}}, "llm.enabled", "must be true or false"),
    ({"mail": {"smtp": {"port": "465"}}}, "mail.smtp.port", "must be a whole number"),
    ({"mail": {"smtp": {"hots": "x"}}}, "mail.smtp.hots", "unknown key"),
    ({"digest": {"time": "7.30"}}, "digest.time", "must be a time of day"),
    ({"checker": "spelling"}, "checker", "must be a table"),
    ({"profiles": {"JP": {"buffer_days": True}}}, "profiles.JP.buffer_days",
     "must be a whole number"),
])
def test_a_stray_value_is_named_with_what_to_write(document: dict[str, object], path: str,
                                                  message: str) -> None:
    problems = spec_problems(document)
    assert [(problem.path, problem.message) for problem in problems] == [(path, message)]


def test_loading_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[llm]\nenabled = "yes"\n[team]\nallow_mail_host = []\n', encoding="utf-8")

    with pytest.raises(BadInput) as raised:
        load_settings(path)

    assert [problem.path for problem in raised.value.problems] == [
        "llm.enabled", "team.allow_mail_host"]
