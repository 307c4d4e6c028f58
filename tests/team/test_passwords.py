"""The password policy (ASVS 5.0 V6 level 1) and argon2id hashing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followthrough.errors import BadInput
from followthrough.team import common_passwords, passwords
from followthrough.team.passwords import check_password, hash_password, needs_rehash, verify


@pytest.mark.parametrize("password", [
    "Zq7#kLm2",                          # exactly 8
    "correct horse staple",              # spaces and no digits or capitals: fine
    "all lower case words here",
    "pässwörter sind ärgerlich",
    "東京の面接はうまくいった",
    "🦊🦊🦊🦊🦊🦊🦊🦊",                   # eight code points
    " leading and trailing spaces ",
    "x" * 10 + "y" * 54,                 # 64 must be allowed
    "qz" * 64,                           # 128, the cap
])
def test_accepted(password: str) -> None:
    assert check_password(password, handle="ana", email="ana@example.com") == \
        unicodedata.normalize("NFC", password)


@pytest.mark.parametrize(("password", "reason"), [
    ("Zq7#kLm", "too short: 7"),
    ("", "too short: 0"),
    ("e\u0301" * 5, "too short: 5"),     # ten code points typed, five after NFC
    ("qz" * 64 + "q", "too long: 129"),
    ("tab\tinside it", "control character"),
    ("line\nbreak inside", "control character"),
    ("password123", "commonly used"),
    ("PassWord123", "commonly used"),    # case does not matter
    ("QWERTYUIOP", "commonly used"),
    ("1q2w3e4r5t", "commonly used"),
    ("summer2026!", "commonly used"),
    ("jennifer1987", "commonly used"),
    ("iloveyou", "commonly used"),
    ("11111111", "commonly used"),
    ("        ", "commonly used"),
    ("followthrough1", "commonly used"),
    ("kenmori2", "user name"),           # the handle itself, any case
    ("my name is KENMORI!", "user name"),
    ("hello from ken.mori.x", "e-mail name"),
])
def test_refused(password: str, reason: str) -> None:
    with pytest.raises(BadInput) as caught:
        check_password(password, handle="kenmori", email="ken.mori.x@example.com")
    [problem] = caught.value.problems
    assert problem.path == "password"
    assert reason in problem.message
    assert problem.expected
    if len(password) >= 3:
        assert password not in str(caught.value)
        assert password not in (problem.expected or "")


def test_short_context_words_are_only_refused_when_equal() -> None:
    check_password("al fresco dining out", handle="al", email="al@example.com")
    with pytest.raises(BadInput):
        check_password("ALALALALAL", handle="alalalalal")


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


def test_shipped_list_matches_its_generator() -> None:
    shipped = common_passwords.DATA_FILE.read_text(encoding="utf-8")
    assert shipped == common_passwords.render(), (
        "run `.venv/bin/python -m followthrough.team.common_passwords`")
    entries = passwords.common_passwords()
    assert len(entries) > 5000
    assert all(len(entry) >= passwords.MIN_LENGTH for entry in entries)
    assert all(entry == entry.casefold() for entry in entries)


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
