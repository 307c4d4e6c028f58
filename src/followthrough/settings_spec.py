"""Every section and key of settings.toml as data: its kind, what it does and an
example. :func:`spec_problems` is the one check of a settings file's shape
(unknown sections and keys, values of the wrong kind, all reported at once);
``docs/settings.md`` is written from the same data (``python -m
followthrough.settings_spec``), so the reference cannot drift from the check.

What a value means beyond its kind (a rule id that exists, a reachable host) is
checked where it is used, by the module named in its section."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from followthrough.errors import Problem

Kind = Literal["text", "true or false", "number", "whole number", "list of text",
               "list of whole numbers", "list of tables", "time of day", "table of text"]


@dataclass(frozen=True)
class Key:
    name: str
    kind: Kind
    meaning: str
    example: str
    """A TOML value, as it would be written after ``name =``."""


@dataclass(frozen=True)
class Section:
    name: str
    meaning: str
    keys: tuple[Key, ...] = ()
    tables: tuple[Section, ...] = ()
    """Sub-tables, such as ``[mail.smtp]``."""
    checked_by: str = ""
    """The module that checks what the values mean."""
    per: str | None = None
    """Set for a section of named tables (``[profiles.JP]``): what names them."""

    def key(self, name: str) -> Key | None:
        return next((key for key in self.keys if key.name == name), None)

    def table(self, name: str) -> Section | None:
        return next((table for table in self.tables if table.name == name), None)


def _server(name: str, meaning: str, port: str, extra: tuple[Key, ...] = ()) -> Section:
    return Section(name, meaning, (
        Key("host", "text", "the server's name", '"mail.example.net"'),
        Key("port", "whole number", "default: 465 implicit, 587 starttls, 25 none", port),
        Key("user", "text", "the login", '"alex.morgan@example.net"'),
        Key("tls", "text", "implicit, starttls or none (none: 127.0.0.1 only)", '"implicit"'),
        Key("timeout", "number", "seconds per network step", "60"),
        Key("ca_file", "text", "trust this certificate too (a self-signed server)",
            '"/path/to/self-signed.pem"'),
        *extra))


PROFILE_KEYS: tuple[Key, ...] = (
    Key("name", "text", "the culture's name in the plan's words", '"Japan"'),
    Key("timezone", "text", "the zone business hours are in (an IANA name)", '"Asia/Tokyo"'),
    Key("business_start", "time of day", "when business hours begin", '"10:00"'),
    Key("business_end", "time of day", "when business hours end", '"17:30"'),
    Key("weekend", "list of whole numbers", "weekdays off, Monday = 0", "[5, 6]"),
    Key("subdivision", "text", "the holiday region when the debrief gives none", '"ENG"'),
    Key("closures", "list of tables", "customary closures: no business at all",
        '[{ name = "year-end", from = "12-29", to = "01-03" }]'),
    Key("slow_periods", "list of tables", "slow weeks: no status inquiry in them",
        '[{ name = "Obon", from = "08-13", to = "08-16" }]'),
    Key("slow_holidays", "list of tables",
        "slow weeks around movable public holidays; a wish opens the first inquiry after "
        "one, and wish_ahead closes an outcome note sent one to three days before it",
        '[{ name = "autumn", holidays = ["Sukkot"], before = 1, after = 1, '
        'wish = "I hope you had good holidays.", '
        'wish_ahead = "I wish you and your family happy holidays." }]'),
    Key("patience_days", "whole number",
        "business days after a stated decision date before the first inquiry", "3"),
    Key("buffer_days", "whole number",
        "business days after the interview before the first inquiry, with no date stated",
        "6"),
    Key("inquiry_gap_days", "whole number", "calendar days between two inquiries", "10"),
    Key("max_inquiries", "whole number", "inquiries to one company at most", "2"),
    Key("formality", "text", "formal or neutral: the register of the notes", '"formal"'),
    Key("salutation", "text", "title-surname or first-name", '"title-surname"'),
    Key("open_questions", "text",
        "ask: a question still open that cannot be told as part of a sentence is asked as "
        "written; later: it too is offered for a later stage, to anyone but a warm "
        "interviewer", '"later"'),
)

SPEC: tuple[Section, ...] = (
    Section("profiles", "Culture-profile values of your own, per country (\"*\": every "
            "country); they change when follow-ups are planned.", PROFILE_KEYS,
            checked_by="followthrough.culture", per="country code, or \"*\" for every country"),
    Section("checker", "The etiquette checker: rules off, severities, your own words.", (
        Key("disabled", "list of text", "rules (or rule-id prefixes) that never run",
            '["spelling"]'),
        Key("severities", "table of text", "a rule's severity: error, warning or info",
            '{ "pushy.demand.urgency" = "error" }'),
        Key("allow_words", "list of text", "words the spelling rule accepts", '["Nordlicht"]'),
        Key("ignored", "list of text", "fingerprints of findings you chose to ignore",
            '["2eff7aede5375f88"]'),
        Key("linkedin_account", "text", "free (200 characters a note) or premium (300)",
            '"free"'),
    ), checked_by="followthrough.check.settings"),
    Section("mail", "Sending and reply detection; nothing is sent without `approve`.", (
        Key("from", "text", "the sender's address (default: the debrief's candidate)",
            '"alex.morgan@example.net"'),
        Key("name", "text", "the sender's name (default: the candidate's)", '"Alex Morgan"'),
        Key("password_file", "text", "a file holding the password, readable by you only",
            '"~/.config/followthrough/mail-password"'),
    ), tables=(
        _server("smtp", "The sending account.", "465"),
        _server("imap", "Optional: reply detection and the Sent-folder check.", "993", (
            Key("sent_folder", "text", "found by its \\Sent flag when not given", '"Sent"'),)),
        Section("policy", "How the outbox sends.", (
            Key("max_attachments_mb", "number", "the files of one message, at most", "10"),
            Key("lease_seconds", "whole number", "how long a sender holds a message (30 or "
                "more)", "300"),
            Key("backoff_seconds", "list of whole numbers", "waits between retries",
                "[60, 300, 1800]"),
            Key("max_attempts", "whole number", "tries before a message fails", "8"),
        )),
    ), checked_by="followthrough.mail.accounts"),
    Section("llm", "An optional OpenAI-compatible endpoint that words drafts; off by default.",
            (
        Key("enabled", "true or false", "ask it for every draft", "false"),
        Key("base_url", "text", "the endpoint", '"http://127.0.0.1:8080/v1"'),
        Key("model", "text", "the model's name", '"local-model"'),
        Key("api_key_env", "text", "the name of an environment variable holding the key "
            "(never the key)", '"MY_LLM_KEY"'),
        Key("timeout", "number", "seconds to wait for an answer (up to 600)", "30"),
    ), checked_by="followthrough.compose.llm"),
    Section("team", "Team mode only (serve --team, worker --team).", (
        Key("allow_mail_hosts", "list of text", "private mail hosts users may name",
            '["10.1.2.3", "mail.internal.example"]'),
    ), checked_by="followthrough.mail.hosts"),
    Section("digest", "The morning digest e-mail (needs [mail.smtp]); off by default.", (
        Key("time", "time of day", "when it goes, in your time", '"07:30"'),
        Key("url", "text", "where `followthrough serve` answers, for its links",
            '"http://127.0.0.1:8000"'),
    ), checked_by="followthrough.app.digest"),
)
SECTIONS = tuple(section.name for section in SPEC)
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_HINTS: dict[str, str] = {"time of day": " (HH:MM, 24-hour)"}


def spec_problems(data: Mapping[str, object]) -> list[Problem]:
    """Every way ``data`` (a parsed settings.toml) strays from :data:`SPEC`."""
    problems: list[Problem] = []
    for name, value in data.items():
        section = next((each for each in SPEC if each.name == name), None)
        if section is None:
            problems.append(Problem(name, f"unknown section {name!r}",
                                    expected=" or ".join(SECTIONS)))
        elif section.per is not None:
            problems += _named_tables(section, value)
        else:
            problems += _table_problems(section, name, value)
    return problems


def _named_tables(section: Section, value: object) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(section.name, f"must be a table of tables, one per {section.per}")]
    return [problem for name, table in value.items()
            for problem in _table_problems(section, f"{section.name}.{name}", table)]


def _table_problems(section: Section, path: str, value: object) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(path, "must be a table", expected=f"[{path}] with its keys below it")]
    problems: list[Problem] = []
    for name, item in value.items():
        key, table = section.key(name), section.table(name)
        if table is not None:
            problems += _table_problems(table, f"{path}.{name}", item)
        elif key is None:
            known = [each.name for each in section.keys] + [each.name for each in section.tables]
            problems.append(Problem(f"{path}.{name}", "unknown key", expected=", ".join(known)))
        elif not _of_kind(item, key.kind):
            problems.append(Problem(f"{path}.{name}", f"must be {_article(key.kind)}",
                                    expected=f"{name} = {key.example}{_HINTS.get(key.kind, '')}"))
    return problems


def _of_kind(value: object, kind: Kind) -> bool:
    checks = {
        "text": lambda: isinstance(value, str),
        "true or false": lambda: isinstance(value, bool),
        "number": lambda: isinstance(value, int | float) and not isinstance(value, bool),
        "whole number": lambda: isinstance(value, int) and not isinstance(value, bool),
        "list of text": lambda: isinstance(value, list) and all(isinstance(v, str)
                                                                for v in value),
        "list of whole numbers": lambda: isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value),
        "list of tables": lambda: isinstance(value, list) and all(isinstance(v, dict)
                                                                  for v in value),
        "time of day": lambda: isinstance(value, str) and bool(_CLOCK.fullmatch(value)),
        "table of text": lambda: isinstance(value, dict) and all(isinstance(v, str)
                                                                 for v in value.values()),
    }
    return checks[kind]()


def _article(kind: Kind) -> str:
    return kind if kind.startswith(("list", "true", "table")) else f"a {kind}"


def settings_markdown() -> str:
    """docs/settings.md: every section and key, from :data:`SPEC`."""
    lines = ["# settings.toml", "",
             "<!-- Generated from src/followthrough/settings_spec.py by "
             "`python -m followthrough.settings_spec`; do not edit. -->", "",
             "The settings file sits in the data folder (`followthrough where` prints it; the "
             "web UI's Settings page edits it). Every key is optional. An unknown section or "
             "key, or a value of the wrong kind, is refused with every problem at once, as "
             "in a debrief.", ""]
    for section in SPEC:
        lines += _section_lines(section, section.name)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section_lines(section: Section, path: str) -> list[str]:
    header = f"[{path}.JP]` (one table per {section.per})" if section.per else f"[{path}]`"
    lines = [f"## `{header}" if path == section.name else f"### `{header}", "",
             section.meaning + (f" Checked by `{section.checked_by}`." if section.checked_by
                                else ""), "",
             "| key | kind | what it does | example |", "| --- | --- | --- | --- |"]
    lines += [f"| `{key.name}` | {key.kind} | {key.meaning} | `{key.name} = {key.example}` |"
              for key in section.keys]
    lines.append("")
    for table in section.tables:
        lines += _section_lines(table, f"{path}.{table.name}")
    return lines


if __name__ == "__main__":  # pragma: no cover - writes the docs
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
    target.write_text(settings_markdown(), encoding="utf-8")
    print(f"wrote {target}")
