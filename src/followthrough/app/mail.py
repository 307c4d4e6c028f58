"""The plan keeper the mail code is given: after a send, a reply or the user's
word, the application core updates the plan. ``mail`` sits below ``app`` and
never imports it; the core (and tests) hand it a :class:`TrackingPlan`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followthrough.app import planning

if TYPE_CHECKING:
    from followthrough.settings import Settings
    from followthrough.store import Store


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
