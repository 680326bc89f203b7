"""Secrets handed to a browser or an integration, and how they are kept: as a SHA-256 digest.

The values are 256-bit random strings, so a fast hash is enough (unlike a
password, they can't be guessed from a dictionary); the database never holds
one that would let a reader sign in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "wrt_"
"""Every API token starts with this, so a leaked one is easy to recognise (and scan for)."""

VISIBLE_PREFIX_LENGTH = 12
"""How much of an API token lists show: enough to tell tokens apart, too little to use."""


def digest(value: str) -> str:
    """The stored form of a session or API token."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_csrf_secret() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def same_secret(given: str | None, expected: str) -> bool:
    """Compare in constant time (a CSRF token in a form with the session's)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
