"""A team user's own SMTP and IMAP accounts (table ``mail_accounts``).

One row per owner and kind. ``secret`` is stored exactly as given: the caller
(:mod:`followthrough.mail.team_accounts`) passes the password already
encrypted, so no clear password ever reaches this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from followthrough.store import Store
from followthrough.store.engine import reader
from followthrough.store.schema import mail_accounts, users

KINDS = ("smtp", "imap")


@dataclass(frozen=True)
class MailAccountRow:
    owner_id: int
    kind: str
    host: str
    port: int
    username: str | None
    tls: str
    sent_folder: str | None
    secret: str | None
    """The encrypted password (a Fernet token), never the password."""
    updated_at: datetime


_COLUMNS = (mail_accounts.c.owner_id, mail_accounts.c.kind, mail_accounts.c.host,
            mail_accounts.c.port, mail_accounts.c.username, mail_accounts.c.tls,
            mail_accounts.c.sent_folder, mail_accounts.c.secret, mail_accounts.c.updated_at)


class MailAccountStore:
    """The accounts of ``store``'s owner, or of ``owner_id`` (the team worker
    looks up the account of each message's owner)."""

    def __init__(self, store: Store, owner_id: int | None = None) -> None:
        self.engine = store.engine
        self.owner_id = store.owner_id if owner_id is None else owner_id

    def get(self, kind: str) -> MailAccountRow | None:
        with reader(self.engine).connect() as connection:
            found = connection.execute(select(*_COLUMNS).where(
                mail_accounts.c.owner_id == self.owner_id,
                mail_accounts.c.kind == kind)).first()
        return MailAccountRow(*found) if found is not None else None

    def set(self, kind: str, host: str, port: int, username: str | None, tls: str,
            sent_folder: str | None, secret: str | None, now: datetime) -> MailAccountRow:
        """Insert or replace the owner's account of ``kind``."""
        values = {"host": host, "port": port, "username": username, "tls": tls,
                  "sent_folder": sent_folder, "secret": secret, "updated_at": now}
        try:
            self._upsert(kind, values)
        except IntegrityError:
            self._upsert(kind, values)  # another request inserted it first: now it updates
        found = self.get(kind)
        assert found is not None  # noqa: S101 - written just now
        return found

    def _upsert(self, kind: str, values: dict[str, object]) -> None:
        with self.engine.begin() as connection:
            changed = connection.execute(update(mail_accounts).where(
                mail_accounts.c.owner_id == self.owner_id, mail_accounts.c.kind == kind)
                .values(**values)).rowcount
            if not changed:
                connection.execute(insert(mail_accounts).values(
                    owner_id=self.owner_id, kind=kind, **values))

    def delete(self, kind: str) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(delete(mail_accounts).where(
                mail_accounts.c.owner_id == self.owner_id, mail_accounts.c.kind == kind))
        return bool(result.rowcount)


def owners_with_account(store: Store, kind: str) -> list[tuple[int, str]]:
    """``(owner_id, handle)`` of every active user with an account of ``kind``."""
    with reader(store.engine).connect() as connection:
        found = connection.execute(
            select(users.c.id, users.c.handle)
            .select_from(mail_accounts.join(users, users.c.id == mail_accounts.c.owner_id))
            .where(mail_accounts.c.kind == kind, users.c.active.is_(True))
            .order_by(users.c.id)).all()
    return [(int(owner), str(handle)) for owner, handle in found]
