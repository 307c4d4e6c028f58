"""Sign-in, sessions (rotation, idle and absolute expiry) and throttling, on
SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from followthrough import clock
from followthrough.store.team import TeamStore
from followthrough.team import admin, auth, passwords
from followthrough.team.auth import LoginRefused, LoginThrottled, login, logout, resolve
from tests.team.conftest import ANA_PASSWORD, KEN_PASSWORD, START

CLIENT = "203.0.113.7"


def test_login_opens_a_session_stored_as_a_hash(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
        assert session.user.handle == "ana"
        assert session.expires_at == START + auth.IDLE_TIMEOUT
        assert len(session.token) >= 43
        assert len(session.csrf_token) >= 43
        assert session.token != session.csrf_token
        assert team.session(session.token, START) is None
        hashed = hashlib.sha256(session.token.encode()).hexdigest()
        row = team.session(hashed, START)
        assert row is not None
        assert row.user.handle == "ana"
        assert row.csrf_token == session.csrf_token
        resolved = resolve(team, session.token)
    assert resolved is not None
    assert resolved.user.handle == "ana"
    assert resolved.csrf_token == session.csrf_token


def test_handle_is_matched_without_case_or_spaces(team: TeamStore) -> None:
    with clock.frozen(START):
        assert login(team, "  ANA ", ANA_PASSWORD, CLIENT).user.handle == "ana"


def test_one_message_for_unknown_user_wrong_password_and_disabled_user(
        team: TeamStore, monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []
    real_verify = passwords.verify

    def counting_verify(password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify", counting_verify)
    messages = []
    with clock.frozen(START):
        for handle, password in (("nobody", ANA_PASSWORD), ("ana", "not her password"),
                                 ("local", "the local user has none")):
            with pytest.raises(LoginRefused) as caught:
                login(team, handle, password, CLIENT)
            messages.append(str(caught.value))
        admin.set_enabled(team, "ken", False)
        with pytest.raises(LoginRefused) as caught:
            login(team, "ken", KEN_PASSWORD, CLIENT)
        messages.append(str(caught.value))
    assert len(set(messages)) == 1
    assert messages[0] == auth.REFUSED_MESSAGE
    assert len(verified) == 4, "every attempt costs one argon2 verification"


def test_rotation_on_login_invalidates_the_old_token(team: TeamStore) -> None:
    with clock.frozen(START):
        first = login(team, "ana", ANA_PASSWORD, CLIENT)
        second = login(team, "ana", ANA_PASSWORD, CLIENT, replaces=first.token)
        assert second.token != first.token
        assert second.csrf_token != first.csrf_token
        assert resolve(team, first.token) is None
        assert resolve(team, second.token) is not None
        planted = "a-token-an-attacker-set-before-sign-in"
        third = login(team, "ken", KEN_PASSWORD, CLIENT, replaces=planted)
        assert third.token != planted
        assert resolve(team, planted) is None


def test_unknown_and_empty_tokens_resolve_to_nothing(team: TeamStore) -> None:
    with clock.frozen(START):
        assert resolve(team, None) is None
        assert resolve(team, "") is None
        assert resolve(team, "made-up") is None
        logout(team, None)
        logout(team, "made-up")


def test_logout_ends_the_session(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
        logout(team, session.token)
        assert resolve(team, session.token) is None


def test_idle_expiry_slides_with_use(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
    with clock.frozen(START + timedelta(hours=11)):
        used = resolve(team, session.token)
        assert used is not None
        assert used.expires_at == START + timedelta(hours=23)
    with clock.frozen(START + timedelta(hours=22, minutes=59)):
        assert resolve(team, session.token) is not None
    with clock.frozen(START + timedelta(hours=34, minutes=58)):
        assert resolve(team, session.token) is not None
    with clock.frozen(START + timedelta(hours=47)):
        assert resolve(team, session.token) is None, "12 hours without a request"


def test_idle_session_expires(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
    with clock.frozen(START + auth.IDLE_TIMEOUT - timedelta(seconds=1)):
        assert resolve(team, session.token) is not None
    with clock.frozen(START + auth.IDLE_TIMEOUT * 2):
        assert resolve(team, session.token) is None


def test_expiry_is_written_at_most_once_a_minute(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
    hashed = auth.token_hash(session.token)
    with clock.frozen(START + timedelta(seconds=59)) as now:
        assert resolve(team, session.token) is not None
        row = team.session(hashed, now)
        assert row is not None
        assert row.expires_at == START + auth.IDLE_TIMEOUT
    with clock.frozen(START + timedelta(seconds=61)) as now:
        assert resolve(team, session.token) is not None
        row = team.session(hashed, now)
        assert row is not None
        assert row.expires_at == now + auth.IDLE_TIMEOUT


def test_absolute_expiry_after_seven_days_of_use(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ana", ANA_PASSWORD, CLIENT)
    at = START
    while at + timedelta(hours=6) < START + auth.ABSOLUTE_TIMEOUT:
        at += timedelta(hours=6)
        with clock.frozen(at):
            used = resolve(team, session.token)
            assert used is not None, at
            assert used.expires_at <= START + auth.ABSOLUTE_TIMEOUT
    with clock.frozen(START + auth.ABSOLUTE_TIMEOUT - timedelta(seconds=1)):
        assert resolve(team, session.token) is not None
    with clock.frozen(START + auth.ABSOLUTE_TIMEOUT):
        assert resolve(team, session.token) is None


def test_disabling_a_user_ends_their_sessions(team: TeamStore) -> None:
    with clock.frozen(START):
        session = login(team, "ken", KEN_PASSWORD, CLIENT)
        admin.set_enabled(team, "ken", False)
        assert resolve(team, session.token) is None
        admin.set_enabled(team, "ken", True)
        assert resolve(team, session.token) is None, "enabling does not revive sessions"
        assert login(team, "ken", KEN_PASSWORD, CLIENT).user.active


def test_changing_the_password_ends_sessions(team: TeamStore) -> None:
    with clock.frozen(START):
        one = login(team, "ken", KEN_PASSWORD, CLIENT)
        two = login(team, "ken", KEN_PASSWORD, "198.51.100.2")
        assert admin.set_password(team, "ken", "a brand new kettle song") == 2
        assert resolve(team, one.token) is None
        assert resolve(team, two.token) is None
        with pytest.raises(LoginRefused):
            login(team, "ken", KEN_PASSWORD, CLIENT)
        assert login(team, "ken", "a brand new kettle song", CLIENT).user.handle == "ken"


def test_an_outdated_hash_is_replaced_at_sign_in(team: TeamStore,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = team.user("ana").password_hash
    assert cheap is not None
    assert "m=8192,t=1,p=1" in cheap
    monkeypatch.delenv(passwords.FAST_HASHES_ENV)
    with clock.frozen(START):
        login(team, "ana", ANA_PASSWORD, CLIENT)
    upgraded = team.user("ana").password_hash
    assert upgraded is not None
    assert "m=65536,t=3,p=4" in upgraded


# ------------------------------------------------------------------ throttling


def _fail(team: TeamStore, handle: str, client: str = CLIENT, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(LoginRefused):
            login(team, handle, "certainly not it", client)


def test_delays_grow_from_30_seconds_to_15_minutes() -> None:
    assert [auth.handle_delay(n) for n in range(5)] == [None] * 5
    seconds = [auth.handle_delay(n).total_seconds()  # type: ignore[union-attr]
               for n in range(5, 12)]
    assert seconds == [30, 60, 120, 240, 480, 900, 900]
    assert auth.handle_delay(10_000) == auth.MAX_DELAY


def test_handle_throttled_after_five_failures(team: TeamStore) -> None:
    with clock.frozen(START):
        _fail(team, "ana", times=5)
        with pytest.raises(LoginThrottled) as caught:
            login(team, "ana", ANA_PASSWORD, CLIENT)
        assert caught.value.retry_after == 30
        with pytest.raises(LoginThrottled):
            login(team, "ANA", ANA_PASSWORD, "198.51.100.2")   # any client, any case
    with clock.frozen(START + timedelta(seconds=29)):
        with pytest.raises(LoginThrottled) as caught:
            login(team, "ana", ANA_PASSWORD, CLIENT)
        assert caught.value.retry_after == 1
    assert team.recent_failures("ana", CLIENT, START - timedelta(hours=1)) == (5, 5), (
        "throttled attempts are not recorded")
    with clock.frozen(START + timedelta(seconds=30)):
        _fail(team, "ana")
    with clock.frozen(START + timedelta(seconds=60)):
        with pytest.raises(LoginThrottled) as caught:
            login(team, "ana", ANA_PASSWORD, CLIENT)
        assert caught.value.retry_after == 30, "the sixth failure doubles the delay to 60 s"
    with clock.frozen(START + timedelta(seconds=90)):
        assert login(team, "ana", ANA_PASSWORD, CLIENT).user.handle == "ana"
        _fail(team, "ana", times=4)
        assert login(team, "ana", ANA_PASSWORD, CLIENT), "a success resets the count"
    with clock.frozen(START + timedelta(seconds=90)):
        assert login(team, "ken", KEN_PASSWORD, CLIENT), "other handles are unaffected"


def test_unknown_handles_are_throttled_like_known_ones(team: TeamStore) -> None:
    with clock.frozen(START):
        _fail(team, "nobody", times=5)
        with pytest.raises(LoginThrottled) as caught:
            login(team, "nobody", "whatever it is", CLIENT)
    assert caught.value.retry_after == 30


def test_failures_older_than_the_window_do_not_count(team: TeamStore) -> None:
    with clock.frozen(START):
        _fail(team, "ana", times=4)
    with clock.frozen(START + auth.WINDOW + timedelta(seconds=1)):
        _fail(team, "ana", times=4)
        assert login(team, "ana", ANA_PASSWORD, CLIENT)


def test_client_throttled_after_twenty_failures(team: TeamStore) -> None:
    with clock.frozen(START):
        assert login(team, "ken", KEN_PASSWORD, CLIENT)
        for number in range(19):
            _fail(team, f"guess{number}")
        assert login(team, "ken", KEN_PASSWORD, CLIENT), "a success does not reset the client"
        _fail(team, "guess-last")
        with pytest.raises(LoginThrottled) as caught:
            login(team, "ana", ANA_PASSWORD, CLIENT)
        assert caught.value.retry_after == 15 * 60
        assert login(team, "ana", ANA_PASSWORD, "198.51.100.2"), "other clients may sign in"
    with clock.frozen(START + auth.WINDOW):
        assert login(team, "ana", ANA_PASSWORD, CLIENT)


def test_old_attempts_are_deleted_at_a_sign_in_and_recent_ones_kept(team: TeamStore) -> None:
    from sqlalchemy import func, select

    from followthrough.store.schema import login_attempts

    def attempts() -> int:
        with team.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(login_attempts)) or 0)

    with clock.frozen(START):
        _fail(team, "ana", times=3)
    with clock.frozen(START + auth.ATTEMPTS_KEPT - timedelta(minutes=1)):
        _fail(team, "ken", times=2)
        assert login(team, "ana", ANA_PASSWORD, CLIENT)
    assert attempts() == 6
    with clock.frozen(START + auth.ATTEMPTS_KEPT + timedelta(minutes=1)):
        assert login(team, "ana", ANA_PASSWORD, CLIENT)
    assert attempts() == 4
