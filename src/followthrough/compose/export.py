"""Drafts as files: one ``.txt`` per draft, one ``.eml`` per e-mail draft.

The ``.txt`` holds the subject line (``Subject: ...``, as ``followthrough
check`` reads it) and the body. The ``.eml`` is built by the mail package's
message builder (the same safe headers as a sent message) and marked
``X-Unsent: 1`` so a mail client opens it as a draft; it carries the draft's
files (a promise's ``file``), read when it is written: a missing or too large
file is an error naming it, and nothing is written. File names are slugs of
the action id; existing files are never replaced unless ``force`` is given,
and then nothing is written if any would be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from followthrough.compose.composer import Draft
from followthrough.errors import BadInput, Problem

MAX_SLUG = 100
_NOT_SAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Sender:
    name: str
    addr: str


def slug(action_id: str) -> str:
    """A file name stem from an action id: ASCII letters, digits and hyphens only."""
    folded = unicodedata.normalize("NFKD", action_id).encode("ascii", "ignore").decode()
    stem = _NOT_SAFE.sub("-", folded.casefold()).strip("-")[:MAX_SLUG].strip("-")
    return stem or "draft"


def is_email(draft: Draft) -> bool:
    return draft.is_message and draft.channel == "email" and bool(draft.to_email)


def text_file(draft: Draft) -> str:
    body = draft.body if draft.body.endswith("\n") else draft.body + "\n"
    return f"Subject: {draft.subject}\n\n{body}" if draft.subject else body


def eml_bytes(draft: Draft, sender: Sender, at: datetime, *,
              max_attachment_bytes: int | None = None) -> bytes:
    """The draft as an unsent RFC 5322 message (CRLF line ends), with its files
    (``max_attachment_bytes``: the limit, by default the mail package's)."""
    from followthrough.mail.message import (
        DEFAULT_MAX_ATTACHMENT_BYTES,
        Outgoing,
        build,
        new_message_id,
        read_attachments,
        to_bytes,
    )

    if not draft.to_email:
        raise BadInput([Problem(draft.action, "this person has no e-mail address")])
    limit = DEFAULT_MAX_ATTACHMENT_BYTES if max_attachment_bytes is None \
        else max_attachment_bytes
    prefix = draft.action.partition(".")[0]
    files = read_attachments(draft.attachments, max_bytes=limit, where=draft.action,
                             interview_id=int(prefix) if prefix.isdigit() else None)
    out = Outgoing(from_name=sender.name, from_addr=sender.addr, to_name=draft.to or "",
                   to_addr=draft.to_email, subject=draft.subject or "", body=draft.body,
                   message_id=new_message_id(sender.addr), attachments=files)
    return to_bytes(build(out, at, unsent=True, max_attachment_bytes=limit))


def planned_files(drafts: Sequence[Draft], folder: Path) -> list[tuple[Path, Draft, str]]:
    """Every file to write: (path, draft, "txt" | "eml"), names unique in the folder."""
    taken: set[str] = set()
    planned: list[tuple[Path, Draft, str]] = []
    for draft in drafts:
        stem = base = slug(draft.action)
        number = 2
        while stem in taken:
            stem = f"{base}-{number}"
            number += 1
        taken.add(stem)
        planned.append((folder / f"{stem}.txt", draft, "txt"))
        if is_email(draft):
            planned.append((folder / f"{stem}.eml", draft, "eml"))
    return planned


def write_drafts(drafts: Sequence[Draft], folder: Path, *, sender: Sender, at: datetime,
                 force: bool = False, max_attachment_bytes: int | None = None) -> list[Path]:
    """Write the files; refuse (writing nothing) if any exists and ``force`` is
    off, or if a file to attach is missing, unreadable or too large."""
    planned = planned_files(drafts, folder)
    if folder.exists() and not folder.is_dir():
        raise BadInput([Problem("--out", f"{folder} is not a folder")])
    if not force:
        existing = [path for path, _, _ in planned if path.exists() or path.is_symlink()]
        if existing:
            raise BadInput([Problem("--out", f"{path} exists; use --force to replace it")
                            for path in existing])
    contents = [(path, eml_bytes(draft, sender, at, max_attachment_bytes=max_attachment_bytes)
                 if kind == "eml" else text_file(draft).encode("utf-8"))
                for path, draft, kind in planned]
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in contents:
        if force and path.is_symlink():
            path.unlink()
        with path.open("wb" if force else "xb") as handle:
            handle.write(data)
    return [path for path, _ in contents]
