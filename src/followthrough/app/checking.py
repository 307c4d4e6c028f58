"""Checking messages against the etiquette rules, with the user's settings and
the record of the interview they belong to. The CLI's ``check`` and the web
UI's live check both call :func:`check_texts`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from followthrough import paths
from followthrough.check import CheckSettings, Finding, check_many
from followthrough.errors import BadInput, Problem
from followthrough.settings import Settings, load_settings

if TYPE_CHECKING:
    from datetime import datetime

    from followthrough.debrief import Debrief

IGNORED_FILE = "ignored-findings.txt"


def ignored_path() -> Path:
    return paths.home() / IGNORED_FILE


def ignored_fingerprints() -> set[str]:
    path = ignored_path()
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def ignore(fingerprints: list[str]) -> int:
    """Remember findings the user chose to ignore; returns how many were new."""
    known = ignored_fingerprints()
    new = [f for f in dict.fromkeys(fingerprints) if f not in known]
    if new:
        path = ignored_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.writelines(f"{fingerprint}\n" for fingerprint in new)
    return len(new)


def checker_settings(settings: Settings | None = None) -> CheckSettings:
    """The ``[checker]`` settings with the findings the user chose to ignore."""
    settings = settings or load_settings()
    base = CheckSettings.from_mapping(settings.checker, path="checker")
    base.ignored |= ignored_fingerprints()
    return base


def resolve_recipient(debrief: Debrief | None, name: str | None) -> str | None:
    """``--to`` must name someone in the record; returns the name as recorded."""
    if name is None or debrief is None:
        return name
    from followthrough.debrief import same_person_key

    for person in debrief.people():
        if same_person_key(person) == same_person_key(name):
            return person
    raise BadInput([Problem("--to", f"{name!r} is not anyone in this debrief",
                            expected=" or ".join(debrief.people()))])


def check_texts(texts: Mapping[str, str], *, context: Debrief | None = None,
                kind: str | None = None, to: str | None = None,
                sent_at: datetime | None = None,
                attachments: Mapping[str, Sequence[str] | None] | None = None,
                settings: CheckSettings | None = None) -> dict[str, list[Finding]]:
    recipient = resolve_recipient(context, to)
    return check_many(texts, context=context, kind=kind,
                      to={name: recipient for name in texts} if recipient else None,
                      sent_at=sent_at, settings=settings or checker_settings(),
                      attachments=attachments)


@dataclass(frozen=True)
class Message:
    """A message to check: its text (an e-mail's subject line and text part) and the
    names of its attachments (None for a plain text: not known)."""

    text: str
    attachments: tuple[str, ...] | None = None


def read_message(name: str, raw: bytes) -> Message:
    """A text file as UTF-8, or an ``.eml`` file by its MIME parts: the subject and
    plain-text body are checked, and its attachments are what it really carries."""
    if not name.casefold().endswith(".eml"):
        try:
            return Message(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise BadInput([Problem("TEXTFILE", "not UTF-8 text", source=name)]) from None
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    if not isinstance(parsed, EmailMessage):  # pragma: no cover - policy.default makes one
        raise BadInput([Problem("TEXTFILE", "not an e-mail message", source=name)])
    body = parsed.get_body(preferencelist=("plain",))
    if body is None:
        raise BadInput([Problem("TEXTFILE", "the .eml has no plain-text part to check",
                                expected="a message with a text/plain part", source=name)])
    try:
        content = body.get_content()
    except (LookupError, UnicodeDecodeError):
        raise BadInput([Problem("TEXTFILE", "the .eml's text part is in an unknown encoding",
                                source=name)]) from None
    subject = " ".join(str(parsed.get("Subject", "")).split())
    text = f"Subject: {subject}\n\n{content}" if subject else str(content)
    files = tuple(part.get_filename() or part.get_content_type()
                  for part in parsed.iter_attachments())
    return Message(text, files)
