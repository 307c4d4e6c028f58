"""Human-readable views of stored records (the JSON views are ``as_dict``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from followthrough import clock
from followthrough.app.agenda import is_overdue
from followthrough.cli import output
from followthrough.vocabulary import action_id

if TYPE_CHECKING:
    from followthrough.address import Role
    from followthrough.app.agenda import Agenda, AgendaItem
    from followthrough.app.types import StoredInterview
    from followthrough.debrief import Debrief
    from followthrough.debrief.model import Interviewer, Promise, Recruiter, Reference
    from followthrough.plan import Action
    from followthrough.plan.decision_words import Said


def _when(debrief: Debrief) -> str:
    starts = debrief.interview.starts
    theirs = starts.astimezone(debrief.zone)
    yours = starts.astimezone(debrief.candidate_zone)
    text = f"{theirs:%a %d %b %Y %H:%M} {debrief.zone_name}"
    if yours.utcoffset() != theirs.utcoffset():
        text += f" ({yours:%a %H:%M} your time, {debrief.candidate.timezone})"
    return text


def interview(stored: StoredInterview, out: output.Printer, said: Said | None = None) -> None:
    d = stored.debrief
    i = d.interview
    out.print(f"[bold]#{stored.id} {i.company}[/bold]: {i.role} (round {i.round})", markup=True)
    out.print(f"  when       {_when(d)}, {i.minutes} min" + (f", {i.format}" if i.format else ""))
    out.print(f"  state      {stored.state}")
    out.print(f"  contact    by {i.channel}")
    if i.decision or i.decision_by:
        parts = [p for p in (i.decision, i.decision_by and f"by {i.decision_by}") if p]
        out.print(f"  decision   {', '.join(str(p) for p in parts)}", markup=False)
    if said is not None:
        out.print(f"             {said.line()}", markup=False)
    if i.they_will_contact is not None:
        first = "yes, they will reach out first" if i.they_will_contact else "no"
        out.print(f"  they call  {first}")
    if i.notify_on_rejection is not None:
        told = "yes" if i.notify_on_rejection else "no, silence means no"
        out.print(f"  told if no {told}")
    if i.next_steps:
        out.print(f"  next       {i.next_steps}")
    out.print(f"  candidate  {d.candidate.name} <{d.candidate.email}>, {d.candidate.timezone}")
    if d.recruiter:
        firm = f", {d.recruiter.firm}" if d.recruiter.firm else ""
        runs = {True: ", runs the process", False: ", does not run the process",
                None: ""}[d.recruiter.runs_process]
        out.print(f"  recruiter  {d.recruiter.name}{firm}{runs}", markup=False)
        out.print(f"             {greeting(d, d.recruiter, 'recruiter')}", markup=False)
    out.print("")
    out.print("[bold]Interviewers[/bold]", markup=True)
    for person in d.interviewers:
        title = f", {person.title}" if person.title else ""
        rapport = f" [{person.rapport}]" if person.rapport else ""
        out.print(f"  {person.name}{title}{rapport}", markup=False)
        out.print(f"    {greeting(d, person, 'interviewer')}", markup=False)
        for topic in person.topic_texts:
            strength = person.strength_for(topic)
            out.print(f"    - {topic}" + (f" (your strength: {strength})" if strength else ""),
                      markup=False)
    _section(out, "Promises", [_promise(p) for p in d.promises])
    _section(out, "Missed points", [m.point + (f" (for {m.to})" if m.to else "")
                                    for m in d.missed])
    _section(out, "Resources to share", [r.title + (f" (for {r.to})" if r.to else "")
                                         for r in d.resources])
    _section(out, "Questions", [("(struggled) " if q.struggled else "") + q.asked
                                for q in d.questions])
    _section(out, "References", [_reference(d, r) for r in d.references])


def greeting(debrief: Debrief, person: Interviewer | Recruiter | Reference, role: Role) -> str:
    """How notes to ``person`` open, and why: ``Dear Ms Demir (family name, as usual in DE)``."""
    from followthrough.address import family_name
    from followthrough.app.drafting import addressed

    country = debrief.interview.country
    address = addressed(person.name, country, role, rapport=getattr(person, "rapport", None),
                        honorific=person.honorific, family=person.family_name,
                        form=person.address, salutation=person.salutation)
    if address.exact:
        return f"greeting  {address.exact} (as recorded)"
    word = "Hi" if role == "reference" and not address.formal else "Dear"
    form = "first name" if address.form == "first-name" else "family name"
    if address.missing:
        why = (f"first name: record an honorific to write "
               f"'Dear … {family_name(person.name, person.family_name)}'")
    elif person.address:
        why = f"{form}, as recorded"
    elif role == "reference":
        why = f"{form}, as usual with your own colleagues"
    else:
        why = f"{form}, as usual" + (f" in {country}" if country else "")
    return f"greeting  {word} {address.name} ({why})"


def _promise(promise: Promise) -> str:
    text = promise.what + (f" (to {promise.to})" if promise.to else "")
    if promise.attachment:
        text += f" [{promise.attachment}]"
    if promise.url:
        text += f"\n      link    {promise.url}"
    if promise.file:
        text += f"\n      attach  {promise.file}"
    if promise.shows:
        text += f"\n      shows   {promise.shows}"
    return text


def _reference(debrief: Debrief, reference: Reference) -> str:
    text = reference.name
    where = " at ".join(part for part in (reference.role, reference.company) if part)
    if where:
        text += f", {where}"
    if reference.current is not None:
        text += " (current)" if reference.current else " (former)"
    if reference.relationship:
        text += f"; {reference.relationship}"
    return text + f"\n      {greeting(debrief, reference, 'reference')}"


def _section(out: output.Printer, title: str, lines: list[str]) -> None:
    if not lines:
        return
    out.print("")
    out.print(f"[bold]{title}[/bold]", markup=True)
    for line in lines:
        out.print(f"  - {line}", markup=False)


def _status(action: Action, now: datetime, out: output.Printer) -> str:
    if not is_overdue(action, now):
        return action.status
    return "[bold red]overdue[/bold red]" if out.is_terminal else "overdue"


def plan(stored: StoredInterview, actions: Sequence[Action], out: output.Printer,
         said: Said | None = None, now: datetime | None = None) -> None:
    """The plan as a table; a pending step whose time has passed (``now``, by
    default the clock's) shows as overdue, in red on a terminal."""
    d = stored.debrief
    label = f"#{stored.id} " if stored.id else ""
    out.print(f"[bold]{label}{d.interview.company}[/bold]: {d.interview.role}, "
              f"{_when(d)}", markup=True)
    if said is not None:
        out.print(said.line(), markup=False)
    if not actions:
        out.print("Nothing left to plan.")
        return
    yours = d.candidate_zone
    now = now or clock.now()
    rows = []
    for action in actions:
        theirs = action.due
        mine = theirs.astimezone(yours)
        local = f"{theirs:%a %d %b %H:%M}"
        own = "" if mine.utcoffset() == theirs.utcoffset() else f"{mine:%a %d %b %H:%M}"
        why = action.why + (f" ({action.note})" if action.note else "")
        rows.append((action_id(stored.id, action.key) if stored.id else action.key,
                     _status(action, now, out), local, own, action.kind, action.to or "", why))
    output.table(None, ["id", "status", "due (their time)", "your time", "kind", "to", "why"],
                 rows, stream=out.file)


def agenda(found: Agenda, out: output.Printer) -> None:
    sections = (("overdue", "Overdue"), ("today", "Today"), ("upcoming", "Next 7 days"))
    _needs_you(found)
    if not found.needs_you and not any(found.total(name) for name, _ in sections):
        out.print(f"Nothing due in the next 7 days ({found.now:%a %d %b %H:%M} {found.zone}).")
        return
    for name, title in sections:
        items = getattr(found, name)
        if items:
            output.table(f"{title} (your time, {found.zone})",
                         ["when", "their time", "id", "company", "kind", "to", "why"],
                         [_agenda_row(item) for item in items])
        more = found.more(name)
        if more:
            out.print(f"{title}: and {more} more (`followthrough agenda --all` shows them).",
                      markup=False)


def _needs_you(found: Agenda) -> None:
    if found.needs_you:
        output.table("Needs you: messages not sent, or perhaps not",
                     ["id", "company", "to", "status", "what to do"],
                     [(item.action_id, item.company, item.to_address, item.status, item.todo)
                      for item in found.needs_you])


def _agenda_row(item: AgendaItem) -> tuple[str, ...]:
    data = item.as_dict()
    yours = datetime.fromisoformat(data["due_yours"])
    theirs = datetime.fromisoformat(data["due"])
    beside = ("" if theirs.utcoffset() == yours.utcoffset()
              else f"{theirs:%H:%M} {item.row.action.zone}")
    why = data["why"] + (f" [outbox: {item.outbox}]" if item.outbox else "")
    companies = item.companies
    company = data["company"] if len(companies) == 1 else f"{len(companies)} companies"
    return (f"{yours:%a %d %b %H:%M}", beside, data["id"], company, data["kind"],
            data["to"] or "", why)
