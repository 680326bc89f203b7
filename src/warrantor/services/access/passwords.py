"""Passwords: argon2id hashes (argon2-cffi), verified in about the same time for anyone.

The parameters are RFC 9106's low-memory profile (time cost 3, 64 MiB,
parallelism 4). A stored hash made with other parameters still verifies and
is replaced on the next successful sign-in (``needs_rehash``), so raising the
cost later upgrades every active user without a reset.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY

from warrantor.errors import InvalidInput, Problem

HASHER = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
"""The hasher new passwords are hashed with."""

MIN_LENGTH = 10
MAX_LENGTH = 1024


def check_password_rules(password: str, field: str = "password") -> None:
    """``InvalidInput`` naming ``field`` when a new password is too short or too long."""
    if len(password) < MIN_LENGTH:
        message = f"must be at least {MIN_LENGTH} characters long"
        raise InvalidInput(f"the password {message}", [Problem(message, field)])
    if len(password) > MAX_LENGTH:
        message = f"must be at most {MAX_LENGTH} characters long"
        raise InvalidInput(f"the password {message}", [Problem(message, field)])


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    return hasher.hash(password)


def verify_password(stored_hash: str, password: str, hasher: PasswordHasher = HASHER) -> bool:
    """Whether ``password`` matches ``stored_hash`` (a malformed hash never matches)."""
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, hasher: PasswordHasher = HASHER) -> bool:
    """Whether ``stored_hash`` was made with other parameters than ``hasher``'s."""
    try:
        return hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash("not a password anyone has")


def spend_verification_time(password: str, hasher: PasswordHasher = HASHER) -> None:
    """Verify against a dummy hash with ``hasher``'s cost, for an email no user has, so a
    wrong email and a wrong password take about as long (no probing for accounts)."""
    dummy = _dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    verify_password(dummy, password, hasher)
