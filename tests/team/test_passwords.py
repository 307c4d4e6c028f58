"""The password policy (ASVS 5.0 V6 level 1) and argon2id hashing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zxcvbn import zxcvbn

from followthrough.errors import BadInput, Problem
from followthrough.team import passwords
from followthrough.team.passwords import check_password, hash_password, needs_rehash, verify

USER = {"handle": "kenmori", "email": "ken.mori.x@example.com", "name": "Ken Mori",
        "firm": "Acme Partners"}


@pytest.mark.parametrize("password", [
    "correct horse staple",              # spaces and no digits or capitals: fine
    "all lower case words here",
    "pässwörter sind ärgerlich",
    "東京の面接はうまくいった",
    " leading and trailing spaces ",
    "harbour lights at dusk near Kobe",
    "Zq7#kLm2vB",
    "velvet-otter-tangent-prism-9",      # a strong passphrase
    "b7Rk2pQ9vX4mT8wL" * 4,              # 64 must be allowed
    "h3Vq8ZkT2mWp5RnX" * 8,              # 128, the cap
])
def test_accepted(password: str) -> None:
    assert check_password(password, **USER) == unicodedata.normalize("NFC", password)


@pytest.mark.parametrize(("password", "reason"), [
    ("Zq7#kLm", "too short: 7"),
    ("", "too short: 0"),
    ("e\u0301" * 5, "too short: 5"),     # ten code points typed, five after NFC
    ("qz" * 64 + "q", "too long: 129"),
    ("tab\tinside it", "control character"),
    ("line\nbreak inside", "control character"),
])
def test_refused_before_judging(password: str, reason: str) -> None:
    problem = _refusal(password)
    assert reason in problem.message


@pytest.mark.parametrize(("password", "reason"), [
    # keyboard walks
    ("qwertyuiop", "top-100 common password"),
    ("zxcvbnm,./", "Straight rows of keys"),
    ("asdfghjkl;'", "Straight rows of keys"),
    ("1q2w3e4r5t", "very common password"),
    ("1qaz2wsx3edc", "very common password"),
    ("zaqxswcdevfr", "similar to a commonly used password"),
    # names plus years
    ("jennifer1987", "Common names and surnames"),
    ("Michael2001!", "Common names and surnames"),
    ("Mori2024", "your name"),
    ("kenmori1990", "your user name"),
    # l33t variants of the firm's name
    ("@cmep@rtners", "your firm's name"),
    ("4cm3P4rtn3r5!", "your firm's name"),
    ("AcmePartners2026", "your firm's name"),
    # the user's own e-mail
    ("ken.mori.x@example.com", "your e-mail address"),
    ("Ken.Mori.X@Example.com", "your e-mail address"),
    # and the rest of what zxcvbn knows
    ("password123", "common"),
    ("summer2026!", "similar to a commonly used password"),
    ("iloveyou", "common"),
    ("11111111", "common password"),
    ("🦊🦊🦊🦊🦊🦊🦊🦊", "Repeats"),
    ("        ", "Repeats"),
])
def test_refused_with_zxcvbns_reason(password: str, reason: str) -> None:
    problem = _refusal(password)
    assert problem.message.startswith("easy to guess (strength ")
    assert reason in problem.message


def test_the_refusal_is_zxcvbns_feedback() -> None:
    judged = zxcvbn("jennifer1987", user_inputs=[])
    message = _refusal("jennifer1987").message
    assert judged["feedback"]["warning"] in message
    assert all(suggestion in message for suggestion in judged["feedback"]["suggestions"])


def test_the_users_details_matter() -> None:
    check_password("AcmePartners2026", handle="ana", email="ana@example.com")
    with pytest.raises(BadInput):
        check_password("AcmePartners2026", handle="ana", firm="Acme Partners")


def _refusal(password: str) -> Problem:
    with pytest.raises(BadInput) as caught:
        check_password(password, **USER)
    [problem] = caught.value.problems
    assert problem.path == "password"
    assert problem.expected
    if len(password) >= 3:
        assert password not in str(caught.value)
        assert password not in (problem.expected or "")
    return problem


def test_nfc_and_nfd_spellings_verify_alike() -> None:
    composed = "café au lait à deux"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    digest = hash_password(decomposed)
    assert verify(digest, composed)


def test_hash_is_argon2id_and_never_the_password() -> None:
    digest = hash_password("harbour lights at dusk")
    assert digest.startswith("$argon2id$v=19$")
    assert "harbour" not in digest
    assert not verify(digest, "harbour lights at dawn")
    assert not verify("not a hash", "harbour lights at dusk")


def test_production_profile_is_rfc_9106_low_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = hash_password("harbour lights at dusk")
    monkeypatch.delenv(passwords.FAST_HASHES_ENV)
    hasher = passwords.hasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 65536, 4)
    assert needs_rehash(fast)
    assert needs_rehash("garbage")


@settings(max_examples=40, deadline=None)
@given(password=st.text(min_size=8, max_size=40), other=st.text(min_size=1, max_size=40))
def test_any_accepted_password_verifies_and_no_other(password: str, other: str) -> None:
    try:
        accepted = check_password(password, handle="ken")
    except BadInput:
        return
    digest = hash_password(password)
    assert verify(digest, password)
    assert verify(digest, accepted)
    if unicodedata.normalize("NFC", other) != accepted:
        assert not verify(digest, other)
