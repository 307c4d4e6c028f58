"""The plan keeper the mail code is given: after a send, a reply or the user's
word, the application core updates the plan. ``mail`` sits below ``app`` and
never imports it; the core (and tests) hand it a :class:`TrackingPlan`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followthrough import clock
from followthrough.app import planning

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime, timedelta

    from followthrough.app.core import Core
    from followthrough.errors import Problem
    from followthrough.mail.digest import MorningDigest
    from followthrough.mail.outbox import Report
    from followthrough.mail.worker import Worker
    from followthrough.settings import Settings
    from followthrough.store import Store
    from followthrough.store.outbox import OutboxRow


class TrackingPlan:
    """:class:`followthrough.mail.outbox.PlanKeeper` over :mod:`followthrough.app.planning`,
    planning with ``settings`` (read from the data folder when not given)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def replan(self, store: Store, interview_id: int) -> object:
        return planning.replan(store, interview_id, self.settings)

    def record_reply(self, store: Store, interview_id: int, person: str | None) -> object:
        return planning.record_reply(store, interview_id, person, settings=self.settings)

    def mark_done(self, store: Store, action_id: str) -> str:
        return planning.mark(store, action_id, "done", self.settings)[0].status


PLAN = TrackingPlan()


def outbox(core: Core, statuses: Sequence[str] | None = None) -> list[OutboxRow]:
    """Every approved message (of ``statuses``), with its state."""
    from followthrough.store.outbox import OutboxStore

    return OutboxStore(core.store).rows(list(statuses) if statuses else None)


def attached(core: Core, rows: Sequence[OutboxRow]) -> dict[int, list[tuple[str, int]]]:
    """The names and sizes of the files each queued message carries, by row id."""
    from followthrough.store.outbox import OutboxStore

    return OutboxStore(core.store).attachment_names(list(rows))


def queued(core: Core, action_id: str) -> OutboxRow | None:
    """The action's message in the outbox, if it was approved."""
    from followthrough.store.outbox import OutboxStore

    return OutboxStore(core.store).by_action(action_id)


def due_now(core: Core) -> list[OutboxRow]:
    """What would go out now (``send --dry-run``)."""
    from followthrough.store.outbox import OutboxStore

    return OutboxStore(core.store).due(clock.now())


def worker(core: Core, *, poll: timedelta, team: bool = False, db_url: str | None = None,
           morning: MorningDigest | None = None) -> Worker:
    """The sender over the core's store, reporting back through its plan keeper;
    ``team``: one of several workers on a PostgreSQL database (``db_url``), held to
    the ``[team]`` hosts."""
    from followthrough.mail.hosts import HostGuard
    from followthrough.mail.outbox import Policy
    from followthrough.mail.worker import Worker, team_ready
    from followthrough.paths import default_database_url

    guard = HostGuard()
    if team:
        team_ready(db_url or default_database_url())
        guard = HostGuard.from_team_settings(core.settings.team)
    mail = core.mail
    return Worker(core.store, mail, plan=core.plan_keeper,
                  policy=Policy.from_settings(mail.policy), poll=poll, team=team, guard=guard,
                  morning=morning)


def mailto(core: Core, action_id: str) -> tuple[str, list[str]]:
    """A mailto: link to the action's message, and the files it cannot carry (RFC 6068)."""
    from followthrough.app.exports import outgoing
    from followthrough.mail.message import mailto as link

    found = queued(core, action_id)
    files = ([name for name, _ in attached(core, [found]).get(found.id, [])]
             if found is not None else list(core.draft(action_id).attachments))
    return link(outgoing(core, action_id, files=False)), files


def human_size(size: int) -> str:
    """``12 kB``: a file's size as the outbox lists it."""
    from followthrough.mail.message import human_size as shown

    return shown(size)


def outbox_row(core: Core, action_id: str) -> OutboxRow:
    """The action's message in the outbox; NotFound when it was never approved."""
    from followthrough.store.outbox import OutboxStore

    return OutboxStore(core.store).get(action_id)


def has_team_account(core: Core) -> bool:
    """Team mode: whether the user set up a sending account of their own."""
    from followthrough.mail.team_accounts import get_mail_account

    return get_mail_account(core.store, "smtp") is not None


def send_due_now(core: Core) -> Report:
    """One pass of the sender over what is due (`followthrough send`), with the
    ``[mail]`` account; the plan follows what went out."""
    from followthrough.mail.outbox import Policy, send_due
    from followthrough.mail.worker import smtp_transport

    mail = core.mail
    return send_due(core.store, smtp_transport(mail), Policy.from_settings(mail.policy),
                    plan=core.plan_keeper)


def wall_time(naive: datetime, zone: str, where: str) -> datetime:
    """``naive`` as the wall time it names in ``zone`` (one that does not exist, or
    exists twice, is refused naming ``where``)."""
    from followthrough.mail.outbox import wall_time as aware

    return aware(naive, zone, where)


def queued_rows(core: Core, action_ids: Sequence[str]) -> dict[str, OutboxRow]:
    """The outbox rows of those of ``action_ids`` that were approved."""
    from followthrough.store.outbox import OutboxStore

    box = OutboxStore(core.store)
    return {action_id: found for action_id in box.statuses(list(action_ids))
            if (found := box.by_action(action_id)) is not None}


def sending_account(settings: Settings) -> str | None:
    """The account approved messages go out through, in a few words; None when
    ``[mail.smtp]`` is missing or has problems."""
    from followthrough.errors import BadInput
    from followthrough.mail.accounts import mail_settings

    try:
        smtp = mail_settings(settings).smtp
    except BadInput:
        return None
    return smtp.describe() if smtp is not None else None


def section_problems(settings: Settings) -> list[Problem]:
    """The problems of the sections their own modules check: [mail] and [digest]."""
    from followthrough.app.digest import digest_settings
    from followthrough.errors import BadInput
    from followthrough.mail.accounts import mail_settings

    problems: list[Problem] = []
    for check in (mail_settings, digest_settings):
        try:
            check(settings)
        except BadInput as error:
            problems += error.problems
    return problems
