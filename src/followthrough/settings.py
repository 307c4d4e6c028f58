"""The user's settings: a TOML file in the data folder, merged over defaults.

    [profiles.JP]            # any culture-profile field, per country ("*": all)
    buffer_days = 6
    business_start = "10:00"

    [checker]                # etiquette checker: rules off, severities, words
    disabled = ["spelling"]
    allow_words = ["Nordlicht"]

    [llm]                    # optional drafting endpoint (OpenAI-compatible), off by default
    enabled = false
    base_url = "http://127.0.0.1:8080/v1"
    model = "local-model"
    api_key_env = "MY_LLM_KEY"   # the name of an environment variable, never the key

    [team]                   # team mode only (serve --team, worker --team)
    allow_mail_hosts = ["10.1.2.3", "mail.internal.example"]   # private hosts allowed

    [digest]                 # the morning digest e-mail (needs [mail.smtp]), off by default
    time = "07:30"

Unknown sections and keys are errors, like unknown keys in a debrief; every key is
described in docs/settings.md, written from :mod:`followthrough.settings_spec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthrough import paths
from followthrough.debrief.reading import HUGE_NUMBER, check_nesting, read_file
from followthrough.errors import BadInput, Problem

MAX_SETTINGS_BYTES = 100_000
"""settings.toml is a few hundred bytes; the web page's editor has the same limit."""


@dataclass(frozen=True)
class Settings:
    """What settings.toml says, by section (empty without the file)."""

    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    checker: dict[str, Any] = field(default_factory=dict)
    mail: dict[str, Any] = field(default_factory=dict)
    """Mail accounts and sending policy; validated by ``followthrough.mail.accounts``."""
    llm: dict[str, Any] = field(default_factory=dict)
    """An optional LLM endpoint for drafts; validated by ``followthrough.compose.llm``."""
    team: dict[str, Any] = field(default_factory=dict)
    """Team-mode server settings; validated by ``followthrough.team``."""
    digest: dict[str, Any] = field(default_factory=dict)
    """The morning digest; validated by ``followthrough.app.digest``."""
    source: str | None = None


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.settings_file()
    if not path.exists():
        return Settings()
    from followthrough import geo  # with zones and tomllib, only when there is a file
    from followthrough.settings_spec import spec_problems

    source = str(path)
    data = parse_settings(read_file(path, MAX_SETTINGS_BYTES, what="settings.toml"), source)
    problems = spec_problems(data)
    profiles = _table(data, "profiles")
    for country, values in profiles.items():
        if country != "*" and not geo.is_country(country):
            problems.append(Problem(f"profiles.{country}", "not a country code",
                                    expected="[profiles.JP] or [profiles.\"*\"]"))
        elif isinstance(values, dict):
            problems += _zone_problems(f"profiles.{country}", values)
    if problems:
        raise BadInput(problems, source)
    return Settings(profiles=profiles, checker=_table(data, "checker"), mail=_table(data, "mail"),
                    llm=_table(data, "llm"), team=_table(data, "team"),
                    digest=_table(data, "digest"), source=source)


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    """Section ``name`` of the file (empty when absent, or not a table: a problem then)."""
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def parse_settings(raw: bytes, source: str) -> dict[str, Any]:
    """settings.toml's bytes as data: UTF-8 TOML, nested no deeper than a debrief."""
    import tomllib

    try:
        text = raw.decode("utf-8")
        check_nesting(text, source)
        return tomllib.loads(text)
    except UnicodeDecodeError as err:
        raise BadInput([Problem("(file)", f"not UTF-8 text (byte {err.start})")],
                       source) from None
    except tomllib.TOMLDecodeError as err:
        raise BadInput([Problem("(file)", f"not valid TOML: {err}")], source) from None
    except ValueError:
        raise BadInput([Problem("(file)", HUGE_NUMBER)], source) from None


def _zone_problems(prefix: str, values: dict[str, Any]) -> list[Problem]:
    """A profile's ``timezone`` is an IANA place (never ``localtime``), with a
    suggestion for a typo."""
    zone = values.get("timezone")
    if not isinstance(zone, str):
        return []
    from followthrough.debrief.zones import zone_problem

    problem = zone_problem(zone)
    return [Problem(f"{prefix}.timezone", problem)] if problem else []
