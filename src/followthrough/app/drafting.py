"""Draft and approve, once for both faces: the draft of an action is composed
with the ``[checker]`` settings and, when ``[llm]`` is enabled, the LLM's text;
approving queues that draft, or the text the user edited, checked again."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from followthrough import clock
from followthrough.errors import BadInput, NotFound, Problem
from followthrough.vocabulary import action_id

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from followthrough.address import Address, Role
    from followthrough.app.core import Core
    from followthrough.compose import Draft
    from followthrough.debrief import Debrief
    from followthrough.plan import Action
    from followthrough.store import PlannedRow, StoredInterview
    from followthrough.store.outbox import OutboxRow


MAX_BODY = 20_000
"""A message is a few hundred words: an edited text is refused past this many characters."""
MAX_SUBJECT = 300


def edited_text(path: Path) -> str:
    """The edited text of a message from a UTF-8 file, or standard input for ``-``."""
    from followthrough.debrief.reading import read_file, read_stdin

    what = "an edited message"
    raw = (read_stdin(MAX_BODY * 4, what=what) if str(path) == "-"
           else read_file(path, MAX_BODY * 4, what=what))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput([Problem("--body", "not UTF-8 text", expected="a UTF-8 text file")],
                       str(path)) from None
    return text


class Approved(NamedTuple):
    row: OutboxRow
    created: bool
    """False when the message was queued already (approving twice queues it once)."""


def planned_draft(core: Core, action_id: str) -> tuple[PlannedRow, list[Action], Draft]:
    """The action's row, its interview's fresh plan and the action's draft."""
    from followthrough.compose import compose_one

    row = core.store.find_action(action_id)
    stored, actions = core.replan(row.interview_id)
    action = next((each for each in actions if each.key == row.key), None)
    if action is None:
        raise NotFound(f"{action_id} is no longer in the plan of interview #{row.interview_id}")
    written = compose_one(row.interview_id, stored.debrief, action,
                          check_settings=core.checker, llm=core.llm(), now=clock.now(),
                          plan=actions)
    return core.store.find_action(action_id), actions, written


def drafts(core: Core, stored: StoredInterview, actions: Sequence[Action], *,
           kind: str | None = None, to: str | None = None, template_dir: Path | None = None,
           linkedin_limit: int | None = None, use_llm: bool = False) -> list[Draft]:
    """A draft for every pending action of the plan (of ``kind``, to ``to``), checked
    with the ``[checker]`` settings; ``use_llm`` asks the LLM endpoint for this run
    even when ``[llm]`` does not enable it."""
    from followthrough.compose import compose
    from followthrough.compose.composer import LINKEDIN_LIMIT

    return compose(stored.id or None, stored.debrief, actions, kind=kind, to=to,
                   template_dir=template_dir, linkedin_limit=linkedin_limit or LINKEDIN_LIMIT,
                   check_settings=core.checker, llm=core.llm(enable=use_llm), now=clock.now())


def row_draft(core: Core, stored: StoredInterview, row: PlannedRow,
              rows: Sequence[PlannedRow] = (), *, worded: bool = True) -> Draft | None:
    """The draft of a stored plan row among the interview's ``rows`` (a thank-you
    carries the promises planned inside it; a later inquiry refers to the first),
    or None when the action is no message to someone. ``worded``: checked with
    the ``[checker]`` settings and from the LLM when ``[llm]`` is enabled; else
    the template's text alone (enough to learn the files it attaches)."""
    from followthrough.app.planning import as_action
    from followthrough.compose import compose_one
    from followthrough.vocabulary import MESSAGE_KINDS

    if row.kind not in MESSAGE_KINDS:
        return None
    return compose_one(stored.id, stored.debrief, as_action(row),
                       check_settings=core.checker if worded else None,
                       llm=core.llm() if worded else None,
                       now=clock.now() if worded else None,
                       plan=[as_action(each) for each in rows])


def draft(core: Core, action_id: str) -> Draft:
    """The draft of one action (draft ids are action ids), whatever its status."""
    return planned_draft(core, action_id)[2]


def approve(core: Core, action_id: str, *, body: str | None = None,
            subject: str | None = None, at: str | None = None,
            local_files: bool = True, can_send: Callable[[], None] | None = None) -> Approved:
    """Queue the action's draft, or ``body`` under ``subject`` when the user edited
    it (checked again: an error finding refuses it), for its planned time or ``at``
    (``now``, or an ISO time). Refused: a promise that goes inside a thank-you, a
    file to attach when ``local_files`` is False (a server that is nobody's own
    computer), whatever ``can_send`` raises once the text passed (no account to
    send with), and whatever :func:`followthrough.mail.outbox.approve` refuses."""
    from followthrough.app.checking import check_texts
    from followthrough.mail.message import attachment_limit
    from followthrough.mail.outbox import approve as queue

    row, _, written = planned_draft(core, action_id)
    stored = core.store.get_interview(row.interview_id)
    refuse_inside_thanks(stored.debrief, row)
    if not local_files:
        refuse_server_files(written.attachments, action_id)
    if body is not None:
        _refuse_too_long(body, subject or "")
        findings = check_texts({"draft": body}, context=stored.debrief, kind=row.kind,
                               to=row.recipient, settings=core.checker)["draft"]
        written = replace(written, body=body, subject=subject or written.subject,
                          findings=findings)
    if can_send is not None:
        can_send()
    mail = core.mail
    found, created = queue(core.store, written, at=at, from_addr=mail.from_addr,
                           from_name=mail.from_name,
                           max_attachment_bytes=attachment_limit(mail.policy))
    return Approved(found, created)


def _refuse_too_long(body: str, subject: str) -> None:
    for name, text, limit in (("body", body, MAX_BODY), ("subject", subject, MAX_SUBJECT)):
        if len(text) > limit:
            raise BadInput([Problem(name, f"is {len(text):,} characters long; at most "
                                          f"{limit:,} are allowed")])


def inside_thanks(row: PlannedRow) -> bool:
    """Whether ``row`` is a promise planned inside the thank-you to its person (rule
    promise.with-thank-you): a line of the plan, not a message to write or approve."""
    from followthrough.plan.rules import PROMISE_WITH_THANKS

    return row.rule == PROMISE_WITH_THANKS.id


def carrying_thanks(debrief: Debrief, row: PlannedRow) -> str | None:
    """The id of the thank-you that carries ``row``, when it is a promise inside one."""
    from followthrough.plan import thank_you_key

    key = thank_you_key(debrief, row.recipient) if inside_thanks(row) and row.recipient else None
    return action_id(row.interview_id, key) if key else None


def refuse_inside_thanks(debrief: Debrief, row: PlannedRow) -> None:
    """A promise planned inside a thank-you goes with it: approving it alone is refused,
    naming the thank-you to approve instead."""
    thanks = carrying_thanks(debrief, row)
    if thanks is not None:
        raise BadInput([Problem(row.id, f"this promise goes inside your thank-you to "
                                        f"{row.recipient}, not as a message of its own",
                                expected=f"approve the thank-you, {thanks}, which carries it")])


def refuse_server_files(paths: Sequence[str], where: str) -> None:
    """Team mode: the server's disk is nobody's own computer, and a user could
    name any file the server can read (its secret key, another user's files)
    and mail it to themselves. So no file is read from it for a web user."""
    if paths:
        raise BadInput([Problem(
            where, f"{', '.join(paths)}: in team mode no file is attached from the "
            "server's disk (it is not your computer, and any file on it could be named)",
            expected="a link in the promise's `url`, or the file attached in your own mail "
                     "program; without the promise's `file` the text can be approved here")])


def addressed(name: str, country: str | None, role: Role, *, rapport: str | None = None,
              honorific: str | None = None, family: str | None = None,
              form: str | None = None, salutation: str | None = None) -> Address:
    """How the drafts will address ``name``, as both faces preview it: the culture's
    default form for ``country``, the person's own choices over it, in the English
    of the country (US or GB spelling)."""
    from followthrough.address import address_for
    from followthrough.compose.english import variant_for
    from followthrough.culture import profile_for

    return address_for(name, country=country,
                       culture_salutation=profile_for(country).salutation, role=role,
                       rapport=rapport, honorific=honorific, family=family, form=form,
                       salutation=salutation, variant=variant_for(country))
