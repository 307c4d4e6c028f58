"""Passwords: argon2id hashes and the password policy (OWASP ASVS 5.0 V6, level 1).

Hashing
    argon2id through argon2-cffi with its RFC 9106 *low-memory* profile
    (time cost 3, 64 MiB, 4 lanes). Only the PHC string
    (``$argon2id$v=19$m=...``) is stored. A hash made with other parameters
    is replaced at the next successful sign-in (:func:`needs_rehash`).
    Tests set ``FOLLOWTHROUGH_TEST_FAST_HASHES=1`` (time cost 1, 8 MiB, 1
    lane) to stay fast; a server never should, and a hash made that way is
    upgraded at the holder's next sign-in once the variable is gone.

The policy (:func:`check_password`)
    * Length is counted in Unicode code points after NFC normalisation, the
      form the password is hashed in, so "é" typed as one or as two code
      points is one character and the same password on every keyboard.
    * At least 8 characters (ASVS 6.2.1) and at most 128 (6.2.9 asks that at
      least 64 be allowed; the cap bounds the hashing work per attempt).
      Nothing is ever truncated or trimmed.
    * No composition rules (6.2.5): any letters, digits, symbols, spaces and
      emoji. Only control characters (tab, newline, NUL, ...) and lone
      surrogates are refused, as no keyboard types them reliably.
    * Refused when in the list of common passwords shipped with the package
      (``data/common-passwords.txt``, 6.2.4), compared without regard to
      case, or when it is or contains the user's handle or the local part of
      their e-mail address (3 characters or longer), also without regard to
      case (6.2.11).

Errors are :class:`~followthrough.errors.BadInput` with one problem on the
field ``password``; the message never repeats the password.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY

from followthrough.errors import BadInput, Problem

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_CONTEXT_LENGTH = 3
FAST_HASHES_ENV = "FOLLOWTHROUGH_TEST_FAST_HASHES"
EXPECTED = f"{MIN_LENGTH} to {MAX_LENGTH} characters, not a common password"
_REFUSED_CATEGORIES = {"Cc", "Cs"}


@cache
def _production_hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


@cache
def _test_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)


def hasher() -> PasswordHasher:
    """The hasher in use: RFC 9106 low-memory, or the cheap one while testing."""
    if os.environ.get(FAST_HASHES_ENV) == "1":
        return _test_hasher()
    return _production_hasher()


def normalize(password: str) -> str:
    """The form a password is measured, checked and hashed in (NFC)."""
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    """The argon2id PHC string for ``password`` (call :func:`check_password` first)."""
    return hasher().hash(normalize(password))


def verify(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed hash matches nothing."""
    try:
        return hasher().verify(password_hash, normalize(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the current ones."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash(fast: bool) -> str:
    return hasher().hash(secrets.token_urlsafe(24))


def spend_verify_time(password: str) -> None:
    """Verify against a throwaway hash so that an unknown user costs as much
    time as a known one (no user enumeration by timing)."""
    verify(_dummy_hash(os.environ.get(FAST_HASHES_ENV) == "1"), password)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, case-folded."""
    text = (resources.files("followthrough.team") / "data" / "common-passwords.txt"
            ).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _problem(message: str) -> BadInput:
    return BadInput([Problem("password", message, expected=EXPECTED)])


def check_password(password: str, *, handle: str | None = None,
                   email: str | None = None) -> str:
    """Apply the policy; returns the normalised password or raises BadInput."""
    normal = normalize(password)
    length = len(normal)
    if length < MIN_LENGTH:
        raise _problem(f"too short: {length} characters; use at least {MIN_LENGTH} "
                       "(a few words with spaces make a good one)")
    if length > MAX_LENGTH:
        raise _problem(f"too long: {length} characters; use at most {MAX_LENGTH}")
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in normal):
        raise _problem("contains a control character (such as a tab or a line break); "
                       "letters, digits, symbols and spaces are all fine")
    folded = normal.casefold()
    if folded in common_passwords():
        raise _problem("this is one of the commonly used passwords that attackers try "
                       "first; choose another")
    for label, word in (("user name", handle),
                        ("e-mail name (before the @)", _local_part(email))):
        if not word:
            continue
        word = normalize(word).casefold()
        if folded == word or (len(word) >= MIN_CONTEXT_LENGTH and word in folded):
            raise _problem(f"contains your {label}, which others can guess; choose another")
    return normal


def _local_part(email: str | None) -> str | None:
    if not email:
        return None
    return email.rpartition("@")[0] or email
