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
    * Judged by zxcvbn (6.2.4, 6.2.11), which matches common passwords,
      names, keyboard walks, dates, repeats and l33t swaps. The user's
      handle, name, firm and e-mail address (whole and word by word) are its
      extra dictionary. A score under :data:`MIN_SCORE` is refused with
      zxcvbn's own warning and suggestions, plus which of the user's own
      details it found.

Errors are :class:`~followthrough.errors.BadInput` with one problem on the
field ``password``; the message never repeats the password.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY
from zxcvbn import zxcvbn

from followthrough.errors import BadInput, Problem

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_SCORE = 3
"""zxcvbn's scale is 0 to 4; 3 means "safely unguessable", about 10^10 guesses."""
FAST_HASHES_ENV = "FOLLOWTHROUGH_TEST_FAST_HASHES"
EXPECTED = (f"{MIN_LENGTH} to {MAX_LENGTH} characters that are hard to guess, such as a few "
            "uncommon words")
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


def _problem(message: str) -> BadInput:
    return BadInput([Problem("password", message, expected=EXPECTED)])


def check_password(password: str, *, handle: str | None = None, email: str | None = None,
                   name: str | None = None, firm: str | None = None) -> str:
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
    own = _own_words({"user name": handle, "name": name, "firm's name": firm,
                      "e-mail address": email})
    judged = zxcvbn(normal, user_inputs=list(own), max_length=MAX_LENGTH)
    if judged["score"] < MIN_SCORE:
        raise _problem(_refusal(judged, own))
    return normal


def _own_words(details: dict[str, str | None]) -> dict[str, str]:
    """Each detail, whole and word by word, lower-cased: ``{word: what it is}``
    (the first detail to give a word names it)."""
    words: dict[str, str] = {}
    for label, value in details.items():
        for word in _variants(value or ""):
            words.setdefault(word, label)
    return words


def _variants(value: str) -> Iterator[str]:
    folded = normalize(value).casefold().strip()
    if not folded:
        return
    yield folded
    local = folded.rpartition("@")[0]
    if local:
        yield local
    parts = [part for part in re.split(r"[\W_]+", local or folded) if part]
    yield "".join(parts)
    yield from (part for part in parts if len(part) >= 2)


def _refusal(judged: dict[str, Any], own: dict[str, str]) -> str:
    """zxcvbn's reasons in one message, never repeating the password."""
    found = sorted({own[match["matched_word"]] for match in judged["sequence"]
                    if match.get("dictionary_name") == "user_inputs"
                    and match.get("matched_word") in own})
    feedback = judged["feedback"]
    reasons = [feedback["warning"]] if feedback["warning"] else []
    reasons += [f"It contains your {label}." for label in found]
    reasons += feedback["suggestions"]
    return (f"easy to guess (strength {judged['score']} of 4, at least {MIN_SCORE} needed). "
            + " ".join(reasons or ["Add another word or two."]))
