"""Sign-in, server-side sessions and login throttling for team mode.

Sessions
    A session is a random token (``secrets.token_urlsafe(32)``, 256 bits) in
    the cookie :data:`SESSION_COOKIE`; the database keeps only its SHA-256,
    so a copy of the database logs nobody in. Each session has its own random
    CSRF token. Signing in always makes a new session and deletes the one the
    browser had (``replaces``), so a token planted before sign-in is useless
    after it (session fixation).

    A session ends after :data:`IDLE_TIMEOUT` (12 hours) without a request,
    and in any case :data:`ABSOLUTE_TIMEOUT` (7 days) after sign-in. Using a
    session pushes its idle expiry forward, written at most once a minute
    (:data:`TOUCH_EVERY`) so that requests do not each cost a write.
    Disabling a user or changing their password ends their sessions.

Throttling
    Every attempt is recorded (handle as typed, lower-cased; client address;
    outcome). Before the password is looked at:

    * per handle: after :data:`HANDLE_FREE_FAILURES` (5) failures within
      :data:`WINDOW` (15 minutes) since the handle's last success, the next
      attempt waits 30 seconds after the latest failure, doubling with each
      further failure up to 15 minutes (:data:`MAX_DELAY`);
    * per client address: after :data:`CLIENT_MAX_FAILURES` (20) failures
      within the window, the client waits until 15 minutes after its latest
      failure.

    A throttled attempt is refused with :class:`LoginThrottled` without
    checking the password and is not recorded, so it neither reveals whether
    the password was right nor makes the wait longer. The delays are waits,
    not lockouts: the rightful user gets in after at most 15 minutes.

Unknown handles, wrong passwords and disabled users all get the same
:class:`LoginRefused` message, and an unknown handle still costs one argon2
verification, so neither the answer nor its timing tells who has an account.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from followthrough import clock
from followthrough.errors import FollowthroughError
from followthrough.store.team import TeamStore, TeamUser
from followthrough.team import passwords

SESSION_COOKIE = "ft_session"
IDLE_TIMEOUT = timedelta(hours=12)
ABSOLUTE_TIMEOUT = timedelta(days=7)
TOUCH_EVERY = timedelta(minutes=1)

WINDOW = timedelta(minutes=15)
HANDLE_FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
CLIENT_MAX_FAILURES = 20
ATTEMPTS_KEPT = timedelta(days=1)
"""Sign-in attempts older than this are deleted at the next successful sign-in
(throttling looks back :data:`WINDOW` only)."""

REFUSED_MESSAGE = "the user name or the password is wrong, or the account is disabled"

log = logging.getLogger(__name__)


class LoginRefused(FollowthroughError):
    """Unknown user, wrong password or disabled user: one message for all three."""

    def __init__(self) -> None:
        super().__init__(REFUSED_MESSAGE)


class LoginThrottled(FollowthroughError):
    """Too many failed attempts: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-in attempts; try again in {retry_after} seconds")


@dataclass
class Session:
    token: str
    user: TeamUser
    csrf_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """What the database keeps of a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalize_handle(handle: str) -> str:
    return handle.strip().lower()


def handle_delay(failures: int) -> timedelta | None:
    """How long after the latest failure the next attempt must wait, given the
    handle's recent failures (None: no wait)."""
    if failures < HANDLE_FREE_FAILURES:
        return None
    doublings = min(failures - HANDLE_FREE_FAILURES, 10)
    return min(FIRST_DELAY * (1 << doublings), MAX_DELAY)


def retry_after(team: TeamStore, handle: str, client: str, now: datetime) -> int | None:
    """Seconds to wait before this handle may try again from this client, or None."""
    by_handle, by_client = team.recent_failures(handle, client, now - WINDOW)
    waits = []
    delay = handle_delay(by_handle)
    if delay is not None:
        waits.append(delay)
    if by_client >= CLIENT_MAX_FAILURES:
        waits.append(WINDOW)
    if not waits:
        return None
    latest = team.last_failure(handle, client)
    if latest is None:
        return None
    remaining = (latest + max(waits) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else None


def login(team: TeamStore, handle: str, password: str, client: str, *,
          replaces: str | None = None) -> Session:
    """Check the password and open a new session (deleting ``replaces``, the raw
    token of the session the browser had)."""
    now = clock.now()
    typed = normalize_handle(handle)
    wait = retry_after(team, typed, client, now)
    if wait is not None:
        log.warning("sign-in throttled from %s (retry after %s s)", client, wait)
        raise LoginThrottled(wait)
    user = team.find_user(typed) if typed else None
    if user is None or not user.password_hash:
        passwords.spend_verify_time(password)
        team.record_attempt(typed, client, now, succeeded=False)
        log.info("sign-in refused from %s: unknown user or no password", client)
        raise LoginRefused
    matches = passwords.verify(user.password_hash, password)
    if not matches or not user.active:
        team.record_attempt(typed, client, now, succeeded=False)
        log.info("sign-in refused for user #%s from %s: %s", user.id, client,
                 "disabled" if matches else "wrong password")
        raise LoginRefused
    team.record_attempt(typed, client, now, succeeded=True)
    if passwords.needs_rehash(user.password_hash):
        team.set_password_hash(user.id, passwords.hash_password(password))
    session = _open_session(team, user, now, replaces)
    log.info("user #%s signed in from %s", user.id, client)
    return session


def _open_session(team: TeamStore, user: TeamUser, now: datetime,
                  replaces: str | None) -> Session:
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    expires_at = now + min(IDLE_TIMEOUT, ABSOLUTE_TIMEOUT)
    team.purge_sessions(now)
    team.purge_attempts(now - ATTEMPTS_KEPT)
    team.create_session(token_hash(token), user.id, csrf_token, now, expires_at,
                        replaces=token_hash(replaces) if replaces else None)
    return Session(token, user, csrf_token, expires_at)


def resolve(team: TeamStore, token: str | None) -> Session | None:
    """The live session for a cookie's token (None when unknown, expired or the
    user is disabled); pushes the idle expiry forward at most once a minute."""
    if not token:
        return None
    now = clock.now()
    hashed = token_hash(token)
    row = team.session(hashed, now)
    if row is None:
        return None
    expires_at = min(now + IDLE_TIMEOUT, row.created_at + ABSOLUTE_TIMEOUT)
    if expires_at - row.expires_at >= TOUCH_EVERY:
        team.touch_session(hashed, now, expires_at)
    else:
        expires_at = row.expires_at
    return Session(token, row.user, row.csrf_token, expires_at)


def logout(team: TeamStore, token: str | None) -> None:
    """End the session of this token (nothing happens for an unknown one)."""
    if token:
        team.end_session(token_hash(token))
