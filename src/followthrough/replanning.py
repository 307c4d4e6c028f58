"""The plan keeper the mail code is given: after a send, a reply or the user's
word, the tracking layer updates the plan. ``mail`` sits below ``tracking`` and
never imports it; the commands (and tests) hand it :data:`PLAN`."""

from __future__ import annotations

from followthrough import tracking
from followthrough.store import Store


class TrackingPlan:
    """:class:`followthrough.mail.outbox.PlanKeeper` over :mod:`followthrough.tracking`."""

    def replan(self, store: Store, interview_id: int) -> object:
        return tracking.replan(store, interview_id)

    def record_reply(self, store: Store, interview_id: int, person: str | None) -> object:
        return tracking.record_reply(store, interview_id, person)

    def mark_done(self, store: Store, action_id: str) -> str:
        return tracking.mark_action(store, action_id, "done").status


PLAN = TrackingPlan()
