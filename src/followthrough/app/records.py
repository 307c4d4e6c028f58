"""Use cases on stored debriefs: import, edit, export. The CLI and the web UI
both call these; neither talks to the store's tables directly."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followthrough import __version__, clock
from followthrough.app.core import RECENT as RECENT
from followthrough.app.planning import reflection_written, replan
from followthrough.debrief import Debrief, parse_debrief, to_toml
from followthrough.debrief.parse import MAX_BYTES, parse_debrief_bytes, validate_debrief
from followthrough.debrief.reading import load_json, read_file, read_stdin
from followthrough.errors import BadInput, Problem
from followthrough.settings import Settings
from followthrough.store import Store

if TYPE_CHECKING:
    from followthrough.app.backup import BackupExtras

EXPORT_VERSION = 1
MAX_EXPORT_BYTES = MAX_BYTES * 100
"""An export file holds many debriefs: up to 100 MB."""


@dataclass(frozen=True)
class Imported:
    id: int
    file: str
    created: bool

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "created": self.created}


@dataclass(frozen=True)
class _Parsed:
    file: str
    debrief: Debrief
    source: str | None
    extras: BackupExtras | None = None
    """What an export keeps besides the debrief (uid, times, events)."""


def import_files(store: Store, files: Sequence[Path],
                 settings: Settings | None = None) -> list[Imported]:
    """Validate every file, then store them; nothing is stored if any fails. Each
    file is one transaction with its interviews and their plans: a file is stored
    entirely or not at all, and no interview is ever stored without its plan."""
    parsed: list[list[_Parsed]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            parsed.append(_read_any(path))
        except BadInput as error:
            problems.extend(error.problems)
    if problems:
        raise BadInput(problems)
    results: list[Imported] = []
    for items in parsed:
        with store.atomic():
            results.extend(_store_planned(store, item, settings) for item in items)
    return results


def _store_planned(store: Store, item: _Parsed, settings: Settings | None) -> Imported:
    from followthrough.app.backup import restore_events, restore_mail

    extras = item.extras
    interview_id, created = store.add_interview(
        item.debrief, item.source, extras.restored() if extras else None)
    if created:
        if extras and extras.events:
            restore_events(store, interview_id, extras.events, settings)
        if extras:
            restore_mail(store, interview_id, extras)
        replan(store, interview_id, settings)
    return Imported(interview_id, item.file, created)


def repair_plans(store: Store, settings: Callable[[], Settings] | None = None) -> list[str]:
    """Plan each interview stored without a plan; a notice for each. Older
    versions could leave them anywhere, so the first opening by this version
    (which migrates) looks at all of them; after that only a write cut off
    outside an import could, among the newest, so the :data:`RECENT` are looked
    at (0.1 s at 100,000 interviews for all, a few ms for these). ``settings``
    gives the settings to plan with, read only when a plan is missing."""
    notices = []
    for interview_id in store.unplanned_interviews(None if store.migrated else RECENT):
        with store.atomic():
            replan(store, interview_id, settings() if settings else None)
        notices.append(f"interview #{interview_id} had been stored without its plan "
                       "(an import was cut off); it is planned now")
    return notices


def _read_any(path: Path) -> list[_Parsed]:
    if str(path) == "-":
        return _parse_raw(read_stdin(MAX_BYTES, what="a debrief on standard input"),
                          "<stdin>")
    if path.suffix.lower() == ".json":
        return _parse_raw(read_file(path, MAX_EXPORT_BYTES, what="an export"), str(path))
    raw = read_file(path, MAX_BYTES)
    debrief = parse_debrief_bytes(raw, source=str(path), files_from=path.absolute().parent)
    return [_Parsed(str(path), debrief, raw.decode("utf-8-sig"))]


def _parse_raw(raw: bytes, name: str) -> list[_Parsed]:
    stripped = raw.lstrip()
    if stripped.startswith(b"{") and b'"interviews"' in raw:
        return _parse_export(raw, name)
    debrief = parse_debrief_bytes(raw, source=name)
    source = None if stripped.startswith(b"{") else raw.decode("utf-8-sig")
    return [_Parsed(name, debrief, source)]


def _parse_export(raw: bytes, name: str) -> list[_Parsed]:
    from followthrough.app.backup import read_extras

    document = load_json(raw, name)
    items = document.get("interviews") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise BadInput([Problem("interviews", "expected a list of interviews")], name)
    parsed = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("debrief"), dict):
            raise BadInput([Problem(f"interviews[{index}].debrief", "missing")], name)
        try:
            debrief = validate_debrief(item["debrief"], source=name, from_json=True,
                                       incoming=True)
        except BadInput as error:
            raise BadInput([Problem(f"interviews[{index}].debrief.{p.path}", p.message,
                                    None, p.expected) for p in error.problems], name) from None
        extras = read_extras(item, f"interviews[{index}]", name)
        parsed.append(_Parsed(f"{name}#{index}", debrief, extras.source, extras))
    return parsed


def export_document(store: Store, interview_id: int | None) -> dict[str, Any]:
    from followthrough.app.backup import interview_entries

    return {"version": EXPORT_VERSION, "generator": f"followthrough {__version__}",
            "interviews": interview_entries(store, interview_id)}


def source_text(debrief: Debrief, source: str | None) -> str:
    """The TOML the user wrote if we have it, otherwise one written from the record."""
    return source if source is not None else to_toml(debrief)


def edit_interview(store: Store, interview_id: int,
                   editor: Callable[[str], str | None],
                   notify: Callable[[str], None] | None = None,
                   settings: Settings | None = None) -> bool:
    """Let ``editor`` change the TOML; validate and store it. Returns whether it changed.
    New words in the reflection complete the reflection step.
    Text with problems goes back to the editor with the problems on top (see
    :func:`edit_until_valid`). A promise added to someone whose thank-you has gone
    is kept as a message of its own (``notify`` hears of it)."""
    stored = store.get_interview(interview_id)
    before = source_text(stored.debrief, stored.source)
    folder = debrief_folder(stored.debrief, before)
    source = f"interview #{interview_id} (edited)"

    def parse(text: str) -> Debrief:
        return parse_debrief(text, source=source, files_from=folder)

    edited = edit_until_valid(before, editor, parse, f"#{interview_id}", notify)
    if edited is None:
        return False
    after, debrief = edited
    with store.atomic():
        late = _promises_after_thanks(store, interview_id, stored.debrief, debrief)
        if late:
            after = _kept_separate(after, late)
            debrief = parse(after)
        store.replace_interview(interview_id, debrief, after)
        replan(store, interview_id, settings)
    reflection_written(store, interview_id, stored.debrief.reflection, debrief.reflection,
                       settings)
    if notify is not None:
        for index in late:
            promise = debrief.promises[index]
            notify(f"#{interview_id}: your thank-you to {promise.to} has gone, so "
                   f"{promise.what} is planned as a message of its own (`separate = true`).")
    return True


SCISSORS = "# ------------------------ >8 ------------------------"
"""Everything above this line of a reopened edit is followthrough's, and is dropped."""


def edit_until_valid(before: str, editor: Callable[[str], str | None],
                     parse: Callable[[str], Debrief], label: str,
                     notify: Callable[[str], None] | None = None) -> tuple[str, Debrief] | None:
    """The edited text and its debrief, reopening the editor while the text has
    problems, as ``git commit`` does. ``None`` when nothing is to be stored: the
    text came back as it was stored, or empty. Invalid text that comes back
    unchanged (a user giving up, or an editor that changes nothing) raises the
    problems, so no editor can loop for ever."""
    returned = editor(before)
    failed: BadInput | None = None
    last: str | None = None
    while True:
        text = _without_problems(returned) if returned is not None else (last or before)
        if text == before:
            return None
        if not text.strip():
            if notify is not None:
                notify(f"The edited text was empty: the edit is abandoned and {label} "
                       "is as it was.")
            return None
        if failed is not None and text == last:
            raise failed
        try:
            return text, parse(text)
        except BadInput as error:
            failed, last = error, text
        returned = editor(_with_problems(text, failed, label))


def _with_problems(text: str, error: BadInput, label: str) -> str:
    count = len(error.problems)
    intro = [f"# followthrough could not store this edit of {label}: "
             f"{count} problem{'s' if count != 1 else ''}."]
    outro = ["# Fix the text below the line and save to try again. Save an empty",
             f"# file to leave {label} as it was; saved unchanged, the edit stops.",
             SCISSORS]
    offset = len(intro) + count + len(outro)
    listed = [f"#   {_problem_line(problem, offset)}" for problem in error.problems]
    return "\n".join(intro + listed + outro) + "\n" + text


def _problem_line(problem: Problem, offset: int) -> str:
    where = f"line {problem.line + offset}: " if problem.line is not None else ""
    what = f"{where}{problem.path}: {problem.message}"
    if problem.expected:
        what += f" (expected {problem.expected})"
    return " ".join(what.split())


def _without_problems(text: str) -> str:
    """``text`` without the problems :func:`_with_problems` put on top."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.rstrip() == SCISSORS:
            return "".join(lines[index + 1:])
        if not line.startswith("# "):
            break
    return text


PROMISES_HEADER = re.compile(r"(?m)^[ \t]*\[\[promises\]\][^\n]*\n")


def _promises_after_thanks(store: Store, interview_id: int, old: Debrief,
                           new: Debrief) -> list[int]:
    """The promises an edit adds to an interviewer whose thank-you has already gone:
    it cannot carry them, so they go as messages of their own."""
    from followthrough.debrief.model import same_person_key
    from followthrough.plan import thank_you_key

    known = {(p.what.casefold(), same_person_key(p.to or "")) for p in old.promises}
    gone = {row.key for row in store.plan_of(interview_id)
            if row.kind == "thank-you" and row.status == "done"}
    return [index for index, promise in enumerate(new.promises)
            if not promise.separate and promise.to
            and (promise.what.casefold(), same_person_key(promise.to)) not in known
            and thank_you_key(new, promise.to) in gone]


def _kept_separate(text: str, indexes: list[int]) -> str:
    """``separate = true`` written into the ``[[promises]]`` tables at ``indexes`` (the
    record keeps the choice, so a backup restores it); unchanged when the promises
    are not written as ``[[promises]]`` tables."""
    headers = list(PROMISES_HEADER.finditer(text))
    if len(headers) <= max(indexes):
        return text
    for index in sorted(indexes, reverse=True):
        end = headers[index].end()
        text = text[:end] + "separate = true  # its thank-you had already gone\n" + text[end:]
    return text


def debrief_folder(debrief: Debrief, source: str) -> Path | None:
    """The folder the stored debrief's relative ``file`` paths were read from, found
    from a promise whose stored (absolute) file ends with the path the text gives;
    ``None`` when no promise tells."""
    try:
        written = tomllib.loads(source).get("promises", [])
    except tomllib.TOMLDecodeError:
        return None
    for promise, raw in zip(debrief.promises, written, strict=False):
        given = raw.get("file") if isinstance(raw, dict) else None
        if not promise.file or not isinstance(given, str) or Path(given).is_absolute():
            continue
        stored = Path(promise.file)
        depth = len(Path(given).parts)
        if stored.parts[-depth:] == Path(given).parts:
            return Path(*stored.parts[:-depth])
    return None


def default_filename(debrief: Debrief) -> str:
    company = re.sub(r"[^a-z0-9]+", "-", debrief.interview.company.casefold()).strip("-")
    return f"debrief-{company or 'interview'}-{debrief.interview.starts.date().isoformat()}.toml"


def save_new(store: Store, debrief: Debrief, target: Path | None,
             settings: Settings | None = None) -> tuple[Path, int]:
    """Write a debrief made at the prompt to TOML, then store it."""
    text = (f"# Recorded with followthrough on {clock.now().date().isoformat()}.\n"
            + to_toml(debrief))
    path = target or Path(default_filename(debrief))
    if path.exists():
        raise BadInput([Problem("--output", f"{path} exists already; not overwriting it",
                                expected="a new file name")])
    parse_debrief(text, source=str(path))
    path.write_text(text, encoding="utf-8")
    return path, add_planned(store, debrief, text, settings)[0]


def add_planned(store: Store, debrief: Debrief, source: str | None = None,
                settings: Settings | None = None) -> tuple[int, bool]:
    """Store the interview and plan it, in one transaction; ``(id, created)`` (the
    same debrief stored before is not stored again)."""
    with store.atomic():
        interview_id, created = store.add_interview(debrief, source)
        if created:
            replan(store, interview_id, settings)
    return interview_id, created
