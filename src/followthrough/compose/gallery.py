"""The drafts gallery: every draft for every example debrief, in one Markdown page.

``docs/drafts.md`` shows what the product writes, so that anyone can review the
drafts blind (docs: ``shared/drafts-rubric.md``, "How to review drafts blind")
without running anything. For each debrief in ``examples/`` it plans the
follow-ups as of the interview's end and drafts every action at its planned
send time; then it records one outcome a few days later (the four outcomes in
turn across the examples) and drafts the notes that outcome calls for.

Regenerate the page from the project's root::

    python -m followthrough.compose.gallery

Everything from the ``## Blind review`` heading on is kept as it is in the
existing file: that part is written by reviewers, not generated.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from followthrough.address import Variant, address_of
from followthrough.compose.composer import Draft, compose
from followthrough.culture import profile_for
from followthrough.debrief import Debrief, read_debrief
from followthrough.plan import Event, plan
from followthrough.plan.planner import Outcome as Result

BLIND_REVIEW = "## Blind review"
BLIND_REVIEW_PLACEHOLDER = "(to be filled in)"
COMMAND = "python -m followthrough.compose.gallery"
OUTCOMES: tuple[Result, ...] = ("rejected", "offer", "withdrawn", "next-round")
"""The outcome recorded for each example in turn (by its place in sorted order)."""
OUTCOME_KINDS: dict[str, str] = {
    "rejected": "rejection-reply",
    "offer": "offer-reply",
    "withdrawn": "withdrawal",
    "next-round": "next-round-thanks",
}
"""The note each outcome calls for."""
OUTCOME_AFTER_DAYS = 3
"""The outcome is recorded this many days after the interview (on a working day)."""
SELF_ZONE_KINDS = frozenset({"reflection", "keep-searching", "company-watch",
                             "next-round-prep", "reference-brief", "referee-thanks"})
"""Kinds timed in the candidate's calendar (their own tasks, and notes to their references)."""
_FENCE = re.compile(r"`{3,}")


@dataclass(frozen=True)
class Outcome:
    """One outcome recorded after the interview and the notes it calls for."""

    result: Result
    at: datetime
    drafts: list[Draft]


@dataclass(frozen=True)
class Example:
    """One example debrief, planned at the interview's end and drafted."""

    path: Path
    """Relative to the project's root: ``examples/debrief-berlin.toml``."""
    source: Path
    debrief: Debrief
    now: datetime
    drafts: list[Draft]
    outcome: Outcome | None


def example_files(examples_dir: Path) -> list[Path]:
    """Every debrief in the folder, in name order."""
    return sorted(examples_dir.glob("*.toml"))


def interview_end(debrief: Debrief) -> datetime:
    interview = debrief.interview
    return interview.starts + timedelta(minutes=interview.minutes)


def collect(examples_dir: Path) -> list[Example]:
    """Every example debrief with its drafts (our templates only: a user's own
    templates in their data folder never change the gallery)."""
    with tempfile.TemporaryDirectory(prefix="followthrough-gallery-") as empty:
        templates = Path(empty)
        return [_example(examples_dir, path, OUTCOMES[number % len(OUTCOMES)], templates,
                         sequence=number + 1)
                for number, path in enumerate(example_files(examples_dir))]


def _example(examples_dir: Path, path: Path, result: Result, templates: Path, *,
             sequence: int) -> Example:
    """One example drafted as the ``sequence``-th interview a user stores, so the
    examples vary their phrasings as one user's successive interviews do."""
    debrief = read_debrief(path)
    now = interview_end(debrief)
    actions = plan(debrief, now=now)
    drafts = compose(sequence, debrief, actions, template_dir=templates)
    return Example(path=Path(examples_dir.name) / path.name, source=path, debrief=debrief,
                   now=now, drafts=drafts,
                   outcome=outcome_drafts(debrief, result, templates, sequence=sequence))


def outcome_drafts(debrief: Debrief, result: Result, templates: Path, *,
                   sequence: int | None = None) -> Outcome | None:
    """The notes the planner plans after ``result`` is recorded a few days after the
    interview (``rejection-reply``, ``offer-reply``, ``withdrawal`` or
    ``next-round-thanks``), drafted at their planned time; ``None`` when the
    planner plans no such note."""
    at = outcome_time(debrief)
    actions = plan(debrief, [Event(kind="outcome", at=at, outcome=result)], now=at)
    wanted = OUTCOME_KINDS[result]
    chosen = [action for action in actions if action.kind == wanted]
    if not chosen:
        return None
    drafts = compose(sequence, debrief, actions, template_dir=templates)
    keys = {f"{sequence or 'file'}.{action.key}" for action in chosen}
    return Outcome(result=result, at=at,
                   drafts=[draft for draft in drafts if draft.action in keys])


def outcome_time(debrief: Debrief) -> datetime:
    """A few days after the interview's end, moved on to the company's next working day."""
    at = interview_end(debrief).astimezone(debrief.zone) + timedelta(days=OUTCOME_AFTER_DAYS)
    country = debrief.interview.country
    if country is None:
        return at
    days_off = holidays.country_holidays(country, years=[at.year, at.year + 1])
    weekend = profile_for(country).weekend
    if weekend is None:
        weekend = tuple(days_off.weekend)
    while at.weekday() in weekend or at.date() in days_off:
        at += timedelta(days=1)
    return at


def render_gallery(examples_dir: Path) -> str:
    """``docs/drafts.md``: the introduction, every example's drafts, and the blind
    review section with its placeholder."""
    return render_markdown(collect(examples_dir))


def render_markdown(examples: Sequence[Example]) -> str:
    parts = [_introduction(examples)]
    parts += [_example_section(example) for example in examples]
    parts.append(f"{BLIND_REVIEW}\n\n{BLIND_REVIEW_PLACEHOLDER}\n")
    return "\n".join(parts)


def generated_part(text: str) -> str:
    """The part of the page before the ``## Blind review`` heading."""
    head, _, _ = _split(text)
    return head


def merge(fresh: str, existing: str | None) -> str:
    """The freshly rendered page, keeping the blind review of ``existing`` as it is."""
    if existing is None:
        return fresh
    head, _, _ = _split(fresh)
    _, heading, tail = _split(existing)
    if not heading:
        return fresh
    return head + heading + tail


def _split(text: str) -> tuple[str, str, str]:
    """(before the heading, the heading line, what follows it)."""
    match = re.search(rf"^{re.escape(BLIND_REVIEW)}[ \t]*$", text, re.MULTILINE)
    if match is None:
        return text, "", ""
    return text[:match.start()], text[match.start():match.end()], text[match.end():]


def _introduction(examples: Sequence[Example]) -> str:
    lines = [
        "# Drafts gallery",
        "",
        "Every draft followthrough writes for every example debrief in `examples/`,",
        "so that anyone can read and score them without running anything (see",
        "\"How to review drafts blind\" in the drafts rubric). Each debrief is",
        "planned as of the end of its interview (`--now` is the interview's end),",
        "and each draft is written for its own planned action, at the time it is",
        "due to go out: the times shown are the recipient's local times. Then one",
        "outcome is recorded a few days after the interview (a rejection, an offer,",
        "a withdrawal or a next round, in turn across the examples), with the",
        "notes it calls for.",
        "",
        "The page is generated: do not edit it by hand. After any change to the",
        "templates, the planner or the examples, regenerate it from the project's",
        "root with",
        "",
        f"    {COMMAND}",
        "",
        "A test fails when this page and a fresh render differ. The section",
        f"\"{BLIND_REVIEW.lstrip('# ')}\" at the end is written by reviewers and kept",
        "as it is.",
        "",
        "Examples:",
        "",
    ]
    for example in examples:
        interview = example.debrief.interview
        lines.append(f"- [{_title(example)}](#{_anchor(_title(example))}): "
                     f"{interview.role} at {interview.company} (`{example.path.as_posix()}`)")
    lines.append("")
    return "\n".join(lines)


def _title(example: Example) -> str:
    stem = example.path.stem.removeprefix("debrief-")
    return " ".join(word.capitalize() for word in stem.split("-"))


def _anchor(title: str) -> str:
    """GitHub's anchor for a heading: lower case, spaces to hyphens, punctuation gone."""
    return re.sub(r"[^\w\- ]", "", title.casefold()).replace(" ", "-")


def _example_section(example: Example) -> str:
    debrief = example.debrief
    interview = debrief.interview
    candidate = debrief.candidate
    profile = profile_for(interview.country)
    local = interview.starts.astimezone(debrief.zone)
    end = example.now.astimezone(debrief.zone)
    how = ", ".join(part for part in (interview.format, f"round {interview.round}") if part)
    lines = [
        f"## {_title(example)}",
        "",
        f"Source: `{example.path.as_posix()}`.",
        "",
        f"- **Company and role:** {interview.company}, {interview.role}.",
        f"- **Country:** {profile.name if interview.country else 'not given'}"
        f"{f' ({interview.country})' if interview.country else ''}; interviewers' zone "
        f"{debrief.zone_name}.",
        f"- **Interview:** {_when(local)} to {end:%H:%M} ({how}); contact by "
        f"{interview.channel}.",
        f"- **Candidate:** {candidate.name}, in {candidate.timezone}.",
    ]
    if interview.decision or interview.decision_by:
        said = [f'"{interview.decision}"' if interview.decision else None,
                f"by {_day(interview.decision_by)}" if interview.decision_by else None]
        lines.append(f"- **Timing they gave:** {', '.join(s for s in said if s)}.")
    lines += ["", "People and how the notes address them:", "",
              "| person | who | addressed as |", "|---|---|---|"]
    lines += [f"| {name} | {who} | {addressed} |" for name, who, addressed in _people(debrief)]
    lines += ["", f"### Drafts planned at the interview's end ({_when(end)})", ""]
    lines += [_draft_section(example, number, draft)
              for number, draft in enumerate(example.drafts, start=1)]
    outcome = example.outcome
    if outcome is not None:
        at = outcome.at.astimezone(debrief.zone)
        lines += [f"### After the outcome \"{outcome.result}\", recorded {_when(at)}", ""]
        lines += [_draft_section(example, number, draft)
                  for number, draft in enumerate(outcome.drafts, start=1)]
    return "\n".join(lines)


def _people(debrief: Debrief) -> list[tuple[str, str, str]]:
    country = debrief.interview.country
    salutation = profile_for(country).salutation
    variant: Variant = "US" if country == "US" else "GB"
    rows = []
    for person in debrief.interviewers:
        who = ", ".join(part for part in (
            "interviewer", person.title,
            f"{person.rapport} rapport" if person.rapport else None) if part)
        address = address_of(person, role="interviewer", country=country,
                              culture_salutation=salutation, variant=variant)
        rows.append((person.name, who, _addressed(address.name, address.form,
                                                  address.exact, address.missing)))
    recruiter = debrief.recruiter
    if recruiter is not None:
        who = ", ".join(part for part in (
            "recruiter", recruiter.firm,
            "runs the process" if recruiter.runs_process else None) if part)
        address = address_of(recruiter, role="recruiter", country=country,
                              culture_salutation=salutation, variant=variant)
        rows.append((recruiter.name, who, _addressed(address.name, address.form,
                                                     address.exact, address.missing)))
    for reference in debrief.references:
        tense = {True: "current", False: "former", None: None}[reference.current]
        role = " ".join(part for part in (tense, reference.role) if part)
        at = f"{role} at {reference.company}" if role and reference.company else role
        who = ", ".join(part for part in ("reference", at or reference.relationship) if part)
        address = address_of(reference, role="reference", country=country,
                              culture_salutation=salutation, variant=variant)
        rows.append((reference.name, who, _addressed(address.name, address.form,
                                                     address.exact, address.missing)))
    return rows


def _addressed(name: str, form: str, exact: str | None, missing: str | None) -> str:
    if exact:
        return f"\"{exact}\" (recorded greeting)"
    text = f"{name} ({form.replace('-', ' ')})"
    return f"{text}; honorific not recorded" if missing else text


def _draft_section(example: Example, number: int, draft: Draft) -> str:
    to = f" to {draft.to}" if draft.to else ""
    lines = [f"#### {number}. {draft.kind}{to}", "",
             f"- **Action:** `{draft.action}`",
             f"- **Channel:** {draft.channel}",
             f"- **Due:** {_due(example.debrief, draft)}"]
    if draft.attachments:
        files = ", ".join(f"`{_attachment(example, item)}`" for item in draft.attachments)
        lines.append(f"- **Attachments:** {files}")
    if draft.note:
        lines.append(f"- **Shown with the draft:** {draft.note}")
    text = draft.body.rstrip("\n")
    if draft.subject:
        text = f"Subject: {draft.subject}\n\n{text}"
    fence = "`" * max([3, *(len(run) + 1 for run in _FENCE.findall(text))])
    lines += ["", f"{fence}text", text, fence, ""]
    return "\n".join(lines)


def _due(debrief: Debrief, draft: Draft) -> str:
    """The due time as the recipient reads it, with their zone where it is known."""
    zone_name = debrief.candidate.timezone if draft.kind in SELF_ZONE_KINDS \
        else debrief.zone_name
    due = draft.due
    if due.utcoffset() == due.astimezone(ZoneInfo(zone_name)).utcoffset():
        return f"{_when(due)} {zone_name} ({_offset(due)})"
    return f"{_when(due)} ({_offset(due)})"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _when(moment: datetime) -> str:
    return f"{_day(moment)}, {moment:%H:%M}"


def _offset(moment: datetime) -> str:
    return f"UTC{moment.isoformat()[-6:]}"


def _attachment(example: Example, item: str) -> str:
    """A file as the debrief names it; absolute paths relative to the debrief's folder."""
    path = Path(item)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(example.source.parent.resolve()).as_posix()
    except ValueError:
        return path.name


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=COMMAND, description="Write docs/drafts.md: every draft for every example "
                                  "debrief. Run it from the project's root.")
    parser.add_argument("--examples", type=Path, default=Path("examples"),
                        help="the folder of example debriefs (default: examples)")
    parser.add_argument("--out", type=Path, default=Path("docs") / "drafts.md",
                        help="the page to write (default: docs/drafts.md)")
    args = parser.parse_args(argv)
    examples: Path = args.examples
    out: Path = args.out
    if not examples.is_dir():
        parser.error(f"{examples} is not a folder: run this from the project's root")
    existing = out.read_text(encoding="utf-8") if out.exists() else None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(merge(render_gallery(examples), existing), encoding="utf-8")
    print(f"Wrote {out}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

