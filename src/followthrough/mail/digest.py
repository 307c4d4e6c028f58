"""Sending the morning digest: once a day, at the chosen time in the user's zone, one
message to the user's own address, built by :func:`followthrough.mail.message.build`
and handed to the same transport as every queued message (the one SMTP module).

The day is claimed in the store (``digests``) before anything is sent, so a second
tick, a second worker or a crash after the send never sends it again that day. Only
a send the server refused for now, or could not take (nothing delivered), is tried
again on a later tick of the same day, at most :data:`MAX_ATTEMPTS` times in all; a
send whose answer was lost is ``uncertain`` and is not repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from followthrough import clock
from followthrough.mail.message import Outgoing, build, new_message_id, to_bytes
from followthrough.mail.outbox import Report, Transport
from followthrough.mail.smtp import Hook, Outcome
from followthrough.store import Store
from followthrough.store.digests import DigestDays

log = logging.getLogger("followthrough.mail")
MAX_ATTEMPTS = 3
STATUS_AFTER = {Outcome.SENT: "sent", Outcome.TEMPORARY: "failed",
                Outcome.PERMANENT: "refused", Outcome.UNCERTAIN: "uncertain"}
DigestText = Callable[[Store], "tuple[str, str] | None"]
"""The digest's subject and body for the store's owner; None when nothing is due."""


@dataclass(frozen=True)
class MorningDigest:
    at: time
    """When it goes out each day, in ``zone``."""
    zone: str
    to_name: str
    to_addr: str
    from_name: str
    from_addr: str
    text: DigestText

    def day_if_due(self, now: datetime) -> str | None:
        """Today's date in ``zone`` (ISO) once its time has come; else None."""
        local = now.astimezone(ZoneInfo(self.zone))
        return local.date().isoformat() if local.time() >= self.at else None


def send_morning_digest(store: Store, morning: MorningDigest, transport: Transport,
                        hook: Hook | None = None) -> Report:
    """Send today's digest if its time has come and it has not gone out today."""
    report = Report()
    now = clock.now()
    day = morning.day_if_due(now)
    days = DigestDays(store)
    known = days.get(day) if day else None
    if day is None or (known is not None and known.status != "failed"):
        return report
    text = morning.text(store)
    if text is None:
        days.claim(day, "empty", now)
        return report
    message_id = new_message_id(morning.from_addr)
    if not days.claim(day, "sending", now, message_id, max_attempts=MAX_ATTEMPTS):
        return report
    subject, body = text
    payload = to_bytes(build(Outgoing(
        from_name=morning.from_name, from_addr=morning.from_addr, to_name=morning.to_name,
        to_addr=morning.to_addr, subject=subject, body=body, message_id=message_id), now))
    result = transport(morning.from_addr, [morning.to_addr], payload, lambda: True,
                       hook or _no_hook)
    status = STATUS_AFTER[result.outcome]
    days.finish(day, status, clock.now(), None if status == "sent" else result.detail)
    if status == "sent":
        report.sent.append(f"digest.{day}")
        return report
    notice = f"digest.{day}: {status}: {result.detail}"
    report.notices.append(notice)
    log.warning("%s", notice)
    (report.retrying if status == "failed" else report.failed).append(f"digest.{day}")
    report.cannot_connect = report.cannot_connect or result.account_problem
    return report


def _no_hook(_point: str) -> None:
    return None
