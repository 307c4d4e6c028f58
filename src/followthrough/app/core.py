"""The application core: one object per store that owns every use case. The
command line builds one per command and the web UI one per request; both call
only its methods, so a use case behaves the same whichever face asks.

The settings are read from settings.toml once, when first needed, and every use
case of the core plans, checks, drafts and sends with that one reading. The
time is always :func:`followthrough.clock.now` (tests pin it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followthrough import clock
from followthrough.settings import Settings, load_settings

if TYPE_CHECKING:
    from followthrough.app.agenda import Agenda
    from followthrough.app.drafting import Approved
    from followthrough.app.mail import TrackingPlan
    from followthrough.app.planning import HistoryEntry, ReplyRecorded
    from followthrough.app.records import Imported
    from followthrough.check import CheckSettings
    from followthrough.compose import Draft
    from followthrough.compose.llm import LLMConfig
    from followthrough.debrief import Debrief
    from followthrough.mail.accounts import MailSettings
    from followthrough.plan import Action, Event
    from followthrough.store import PlannedRow, Store, StoredInterview
    from followthrough.store.outbox import OutboxRow
    from followthrough.store.quick import QuickStore
    from followthrough.store.rows import Reader

RECENT = 100
"""How many of the newest interviews every command looks at for a missing plan."""


class Core:
    """The use cases over ``store``, with ``settings`` (read from the data folder
    on first use when not given). ``quick`` opens a reader that answers the use
    cases that only read without opening the store (None: the store answers)."""

    def __init__(self, store: Store | Callable[[], Store],
                 settings: Settings | None = None,
                 quick: Callable[[], QuickStore | None] | None = None) -> None:
        self._store = store
        self._given = settings
        self._quick = quick

    @cached_property
    def store(self) -> Store:
        """The store; given as a function, it is opened on first use (planning a
        debrief file, for one, opens no database)."""
        return self._store() if callable(self._store) else self._store

    @cached_property
    def reader(self) -> Reader:
        """The store for use cases that only read: a SQLite database at this
        version's schema, with no plan to repair, is read with the standard
        library (:mod:`followthrough.store.quick`, start-up time); any other is
        :attr:`store`."""
        quick = self._quick() if self._quick is not None else None
        return quick if quick is not None else self.store

    @cached_property
    def settings(self) -> Settings:
        return self._given if self._given is not None else load_settings()

    @cached_property
    def mail(self) -> MailSettings:
        """The validated ``[mail]`` section."""
        from followthrough.mail.accounts import mail_settings

        return mail_settings(self.settings)

    @cached_property
    def checker(self) -> CheckSettings:
        """The ``[checker]`` section with the findings the user chose to ignore."""
        from followthrough.app.checking import checker_settings

        return checker_settings(self.settings)

    @cached_property
    def plan_keeper(self) -> TrackingPlan:
        """What the mail code calls after a send or a reply, planning with these settings."""
        from followthrough.app.mail import TrackingPlan

        return TrackingPlan(self.settings)

    def llm(self, *, enable: bool = False) -> LLMConfig | None:
        """The ``[llm]`` endpoint (the environment wins); ``enable`` turns it on for one run."""
        import os

        from followthrough.compose import llm_config

        return llm_config(self.settings.llm, os.environ, enable=enable,
                          source=self.settings.source)

    # planning

    def replan(self, interview_id: int) -> tuple[StoredInterview, list[Action]]:
        from followthrough.app.planning import replan

        return replan(self.store, interview_id, self.settings)

    def plan_of(self, target: str, *, view: bool = False
                ) -> tuple[StoredInterview, list[Action]]:
        """``target`` is a stored interview's id (its plan is recomputed and stored)
        or a debrief file (planned without storing anything; its id is 0). With
        ``view`` a stored debrief may come as the quick reader's read-only view
        (:mod:`followthrough.debrief.view`: enough to print or export the plan,
        without importing pydantic); else it is the validated model."""
        from followthrough.debrief.reading import typed_id

        stored = typed_id(target)
        if stored is not None:
            found, actions = self._replanned(stored)
            return (found if view else _as_model(found)), actions
        from followthrough.debrief import read_debrief
        from followthrough.plan import plan
        from followthrough.store import StoredInterview

        debrief = read_debrief(Path(target))
        now = clock.now()
        unsaved = StoredInterview(id=0, state="awaiting", debrief=debrief, source=None,
                                  created_at=now, updated_at=now)
        return unsaved, plan(debrief, now=now, overrides=self.settings.profiles)

    def _replanned(self, interview_id: int) -> tuple[StoredInterview, list[Action]]:
        """:meth:`replan`, read from :attr:`reader` as long as the plan stands as
        stored (nothing to write), else written to the store."""
        from followthrough.app.planning import replan
        from followthrough.store.quick import WriteNeeded

        try:
            return replan(self.reader, interview_id, self.settings)
        except WriteNeeded:
            return self.replan(interview_id)

    def plan_document(self, stored: StoredInterview, actions: Sequence[Action]
                      ) -> dict[str, Any]:
        """The plan as JSON, the same for ``plan --format json`` and the API."""
        from followthrough.app.planning import plan_document

        return plan_document(stored, actions, self.settings)

    def mark(self, action_id: str, status: str) -> tuple[PlannedRow, bool]:
        from followthrough.app.planning import mark

        return mark(self.store, action_id, status, self.settings)

    def reply(self, interview_id: int, person: str | None, until: date | None = None,
              said: str | None = None) -> ReplyRecorded:
        from followthrough.app.planning import record_reply

        return record_reply(self.store, interview_id, person, until, said, self.settings)

    def outcome(self, interview_id: int, outcome: str, person: str | None = None) -> bool:
        from followthrough.app.planning import record_outcome

        return record_outcome(self.store, interview_id, outcome, person, self.settings)

    def reference_checked(self, interview_id: int, person: str | None) -> bool:
        from followthrough.app.planning import record_reference_check

        return record_reference_check(self.store, interview_id, person, self.settings)

    def undo(self, target: str, event_id: int | None = None) -> tuple[int, Event]:
        from followthrough.app.planning import undo

        return undo(self.store, target, event_id, self.settings)

    def history(self, interview_id: int) -> list[HistoryEntry]:
        from followthrough.app.planning import history

        return history(self.store, interview_id)

    def agenda(self, zone: str | None = None, *, everything: bool = False) -> Agenda:
        from followthrough.app.agenda import agenda

        return agenda(self.store, zone, everything=everything)

    # records

    def add(self, debrief: Debrief, source: str | None = None) -> tuple[int, bool]:
        """Store the interview, then plan it; ``(id, created)``."""
        from followthrough.app.records import add_planned

        return add_planned(self.store, debrief, source, self.settings)

    def import_files(self, files: Sequence[Path]) -> list[Imported]:
        from followthrough.app.records import import_files

        return import_files(self.store, files, self.settings)

    def edit(self, interview_id: int, editor: Callable[[str], str | None],
             notify: Callable[[str], None] | None = None) -> bool:
        from followthrough.app.records import edit_interview

        return edit_interview(self.store, interview_id, editor, notify, self.settings)

    # drafting

    def draft(self, action_id: str) -> Draft:
        from followthrough.app.drafting import draft

        return draft(self, action_id)

    def approve(self, action_id: str, *, body: str | None = None, subject: str | None = None,
                at: str | None = None, local_files: bool = True,
                can_send: Callable[[], None] | None = None) -> Approved:
        from followthrough.app.drafting import approve

        return approve(self, action_id, body=body, subject=subject, at=at,
                       local_files=local_files, can_send=can_send)

    # the outbox

    def mark_sent(self, action_id: str) -> str:
        """The user sent it themselves: the action is done, a queued copy cancelled."""
        from followthrough.mail.outbox import mark_sent_by_user

        return mark_sent_by_user(self.store, action_id, self.plan_keeper)

    def cancel(self, action_id: str) -> OutboxRow:
        from followthrough.mail.outbox import cancel

        return cancel(self.store, action_id)

    def resolve(self, action_id: str, verdict: str) -> OutboxRow:
        """What happened to an uncertain message: ``sent`` or ``not-sent``."""
        from followthrough.mail.outbox import resolve

        return resolve(self.store, action_id, verdict, self.plan_keeper)

    # exports

    def eml(self, action_id: str) -> bytes:
        from followthrough.app.exports import eml

        return eml(self, action_id)


def open_core(db_url: str | None = None, settings: Settings | None = None,
              notify: Callable[[str], None] | None = None) -> Core:
    """The core over the store at ``db_url`` (the default database when None),
    opened on first use; then any interview stored without its plan is planned,
    and ``notify`` hears what opening it repaired or made private."""
    def opened() -> Store:
        from followthrough.app.records import repair_plans
        from followthrough.store import open_store

        store = open_store(db_url)
        repaired = repair_plans(store, lambda: core.settings)
        for notice in (*store.notices, *repaired):
            if notify is not None:
                notify(notice)
        return store

    def quick() -> QuickStore | None:
        from followthrough.store.quick import open_quick

        found = open_quick(db_url, notify)
        if found is not None and found.unplanned_among_newest(RECENT):
            found.close()
            return None
        return found

    core = Core(opened, settings, quick)
    return core


def shown_database(db_url: str | None) -> str:
    """The database URL (the default one when None) with any password masked."""
    from followthrough.paths import default_database_url
    from followthrough.store.engine import shown_url

    return shown_url(db_url or default_database_url())


def database_backend(db_url: str) -> str:
    """``sqlite``, ``postgresql``, ... for a database URL (a bad URL is BadInput)."""
    from followthrough.store.engine import backend_name

    return backend_name(db_url)


def open_database(db_url: str | None = None) -> Store:
    """The store at ``db_url`` (the default database when None), created and
    migrated when needed."""
    from followthrough.store import open_store

    return open_store(db_url)


def _as_model(stored: StoredInterview) -> StoredInterview:
    from followthrough.store.quick import with_model

    return with_model(stored)
