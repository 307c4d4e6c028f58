"""The records the core's use cases take and return, for the faces to name in
their annotations: the command line and the web UI import them from here, never
from the layers below the core."""

from __future__ import annotations

from followthrough.compose import Draft
from followthrough.mail.accounts import MailSettings
from followthrough.mail.digest import MorningDigest
from followthrough.mail.outbox import SEND_NOW, OutboxError, Report
from followthrough.store import PlannedRow, Store, StoredInterview
from followthrough.store.outbox import OutboxRow
from followthrough.store.rows import Reader
from followthrough.store.schema import LOCAL_USER
from followthrough.store.team import ROLES, TeamStore, TeamUser

__all__ = ["LOCAL_USER", "ROLES", "SEND_NOW", "Draft", "MailSettings", "MorningDigest",
           "OutboxError", "OutboxRow", "PlannedRow", "Reader", "Report", "Store",
           "StoredInterview", "TeamStore", "TeamUser"]
