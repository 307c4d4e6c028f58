"""Team mode: each user's own SMTP/IMAP account, its password encrypted at rest.

The password is encrypted with Fernet (AES-128-CBC plus HMAC-SHA256) under the
server's key file, ``FOLLOWTHROUGH_SECRET_KEY_FILE`` or
``<home>/team-secret.key``, made (mode 0600) the first time it is needed. The
database holds only the token: a copy of the database without the key file
gives no password. The clear password lives in a :class:`Secret` for the
length of one connection and is never logged.

A message is sent through its owner's account when they have one, else
through the server's relay (``[mail.smtp]`` in the settings). A user's host is
checked against the SSRF rules (:mod:`followthrough.mail.hosts`) when it is
saved and again at each connection; the relay is the admin's and trusted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from followthrough import clock, paths
from followthrough.errors import BadInput, Problem
from followthrough.mail.accounts import (
    DEFAULT_PORTS,
    TLS_MODES,
    MailAccountError,
    MailSettings,
    Secret,
    Server,
    password_for,
)
from followthrough.mail.hosts import HostGuard, HostRefused, Resolver, check_host_name
from followthrough.mail.outbox import Transport
from followthrough.mail.smtp import Hook, Outcome, SendResult, submit
from followthrough.store import Store
from followthrough.store.mail_accounts import KINDS, MailAccountRow, MailAccountStore

log = logging.getLogger("followthrough.mail")

KEY_ENV = "FOLLOWTHROUGH_SECRET_KEY_FILE"
KEY_NAME = "team-secret.key"
TIMEOUT = 30.0
"""Seconds per network step on a user's server."""

# the key file ------------------------------------------------------------


def key_file() -> Path:
    named = os.environ.get(KEY_ENV)
    return Path(named).expanduser() if named else paths.home() / KEY_NAME


def server_key(create: bool = True) -> Fernet:
    """The server's Fernet key, made on first use (0600, atomically: two
    processes starting at once end up with the same key)."""
    path = key_file()
    if not path.exists():
        if not create:
            raise MailAccountError(f"no key file {path}: stored passwords cannot be read")
        _create_key(path)
    try:
        info = path.stat()
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise MailAccountError(f"the key file {path} can be read by other users; "
                                   f"refusing to use it (chmod 600 {path})")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise MailAccountError(f"the key file {path} belongs to another user")
        return Fernet(path.read_bytes().strip())
    except (OSError, ValueError) as err:
        raise MailAccountError(f"the key file {path} cannot be used "
                               f"({type(err).__name__})") from None


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(Fernet.generate_key() + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def encrypt(key: Fernet, password: str) -> str:
    return key.encrypt(password.encode("utf-8")).decode("ascii")


def decrypt(key: Fernet, token: str) -> Secret:
    try:
        return Secret(key.decrypt(token.encode("ascii")).decode("utf-8"))
    except (InvalidToken, ValueError, UnicodeError):
        raise MailAccountError("the stored mail password cannot be read with this server's "
                               "key (was the key file replaced?); set the account again"
                               ) from None


# saving an account --------------------------------------------------------


@dataclass(frozen=True)
class TeamAccount:
    """What a user may see of their account: everything but the password."""

    kind: str
    host: str
    port: int
    username: str | None
    tls: str
    sent_folder: str | None
    has_password: bool
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "host": self.host, "port": self.port,
                "username": self.username, "tls": self.tls,
                "sent_folder": self.sent_folder, "password": "set" if self.has_password
                else "none", "updated": self.updated_at.isoformat()}


def _view(row: MailAccountRow) -> TeamAccount:
    return TeamAccount(row.kind, row.host, row.port, row.username, row.tls, row.sent_folder,
                       row.secret is not None, row.updated_at)


def set_mail_account(store: Store, kind: str, host: str, port: int | None,
                     username: str | None, tls: str, password: str | None,
                     sent_folder: str | None = None, allowed_hosts: Iterable[str] = (),
                     *, resolver: Resolver | None = None) -> TeamAccount:
    """Check and save ``store``'s owner's account of ``kind``. Every problem
    is reported at once (BadInput, each naming its field); the host must not
    resolve to a loopback, private or reserved address unless
    ``allowed_hosts`` (the admin's ``[team] allow_mail_hosts``) allows it."""
    guard = HostGuard.from_allowed(allowed_hosts, resolver)
    problems: list[Problem] = []
    if kind not in KINDS:
        problems.append(Problem("kind", f"{kind!r} is not an account kind",
                                expected=" | ".join(KINDS)))
    if tls not in TLS_MODES:
        problems.append(Problem("tls", f"{tls!r} is not a TLS mode",
                                expected=" | ".join(TLS_MODES)))
    if port is None and kind in KINDS and tls in TLS_MODES:
        port = DEFAULT_PORTS[kind][tls]
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        problems.append(Problem("port", f"{port!r} is not a port number", expected="1-65535"))
    host = host.strip() if isinstance(host, str) else host
    host_ok = isinstance(host, str) and 0 < len(host) <= 253
    if host_ok:
        try:
            check_host_name(host)
        except HostRefused:
            host_ok = False
    if not host_ok:
        problems.append(Problem("host", "must be a host name", expected="smtp.example.net"))
    elif tls == "none" and not guard.explicitly_allowed(host):
        problems.append(Problem("tls", "tls = \"none\" would send the password in clear "
                                "text; only for a host the admin allows",
                                expected="implicit | starttls"))
    if username is not None and (not isinstance(username, str) or not username.strip()
                                 or len(username) > 320
                                 or any(c in username for c in "\r\n\0")):
        problems.append(Problem("username", "must be text on one line (at most 320 "
                                "characters)"))
    if password is not None and (not isinstance(password, str) or len(password) > 1024
                                 or any(c in password for c in "\r\n\0")):
        problems.append(Problem("password", "must be one line of at most 1024 characters"))
    if username and not password:
        problems.append(Problem("password", "is needed with a username"))
    if sent_folder is not None and (kind != "imap" or not isinstance(sent_folder, str)
                                    or not sent_folder.strip() or len(sent_folder) > 200
                                    or any(c in sent_folder for c in "\r\n\0")):
        problems.append(Problem("sent_folder", "only for an IMAP account: a folder name on "
                                "one line"))
    if host_ok and isinstance(port, int) and not problems:
        try:
            guard.pin(host, port)
        except HostRefused as refused:
            problems.append(Problem("host", str(refused)))
    if problems:
        raise BadInput(problems)
    secret = encrypt(server_key(), password) if password else None
    row = MailAccountStore(store).set(kind, host, int(port or 0), username or None, tls,
                                      sent_folder, secret, clock.now())
    log.info("user #%s saved their %s account (%s:%s)", store.owner_id, kind, host, port)
    return _view(row)


def get_mail_account(store: Store, kind: str) -> TeamAccount | None:
    found = MailAccountStore(store).get(kind)
    return _view(found) if found is not None else None


def remove_mail_account(store: Store, kind: str) -> bool:
    return MailAccountStore(store).delete(kind)


# using the accounts -------------------------------------------------------


def server_of(row: MailAccountRow, timeout: float = TIMEOUT) -> Server:
    return Server(kind=row.kind, host=row.host, port=row.port, user=row.username,
                  tls=row.tls,  # type: ignore[arg-type] # checked when saved
                  timeout=timeout, sent_folder=row.sent_folder)


def account_of(store: Store, owner_id: int, kind: str, key: Fernet | None = None
               ) -> tuple[Server, Secret | None] | None:
    """The owner's own account and its password, or None without one."""
    row = MailAccountStore(store, owner_id).get(kind)
    if row is None:
        return None
    password = None
    if row.secret is not None:
        password = decrypt(key or server_key(create=False), row.secret)
    return server_of(row), password


def _refusing(detail: str) -> Transport:
    """A transport for an owner whose mail cannot go out: nothing is sent."""

    def send(sender: str, recipients: Sequence[str], payload: bytes,
             confirm: Callable[[], bool], hook: Hook) -> SendResult:
        return SendResult(Outcome.TEMPORARY, None, detail, account_problem=True)

    return send


class TeamRoutes:
    """For each owner, the transport their messages go through (looked up
    once per pass: a changed account is used from the next pass on)."""

    def __init__(self, store: Store, mail: MailSettings, guard: HostGuard) -> None:
        self.store = store
        self.mail = mail
        self.guard = guard
        self._key: Fernet | None = None
        self._relay: Transport | None = None
        self._by_owner: dict[int, Transport] = {}

    def __call__(self, owner_id: int) -> Transport:
        if owner_id not in self._by_owner:
            self._by_owner[owner_id] = self._route(owner_id)
        return self._by_owner[owner_id]

    def _route(self, owner_id: int) -> Transport:
        try:
            own = account_of(self.store, owner_id, "smtp", self._server_key())
        except MailAccountError as err:
            log.warning("user #%s: their SMTP account cannot be used: %s", owner_id, err)
            return _refusing(f"your SMTP account cannot be used: {err}")
        if own is None:
            return self._relay_transport()
        server, password = own
        guard = self.guard

        def send(sender: str, recipients: Sequence[str], payload: bytes,
                 confirm: Callable[[], bool], hook: Hook) -> SendResult:
            return submit(server, password, sender, recipients, payload, confirm=confirm,
                          hook=hook, guard=guard, quiet=True)

        return send

    def _server_key(self) -> Fernet | None:
        if self._key is None and server_key_exists():
            self._key = server_key(create=False)
        return self._key

    def _relay_transport(self) -> Transport:
        if self._relay is None:
            relay = self.mail.smtp
            if relay is None:
                self._relay = _refusing("no SMTP account of yours and no server relay "
                                        "([mail.smtp]); ask the admin")
            else:
                try:
                    password = password_for(relay, self.mail)
                except MailAccountError as err:
                    log.warning("the server relay cannot be used: %s", err)
                    self._relay = _refusing("the server's mail relay is not usable; ask "
                                            "the admin")
                else:
                    def send(sender: str, recipients: Sequence[str], payload: bytes,
                             confirm: Callable[[], bool], hook: Hook) -> SendResult:
                        return submit(relay, password, sender, recipients, payload,
                                      confirm=confirm, hook=hook, quiet=True)

                    self._relay = send
        return self._relay


def server_key_exists() -> bool:
    return key_file().exists()
