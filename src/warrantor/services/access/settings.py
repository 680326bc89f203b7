"""Settings of sign-in and the public check's rate limit (environment, prefix ``WARRANTOR_``).

Kept apart from ``warrantor.settings`` (another area's file) and read once by
the app factory (``app.state.auth_settings``); nothing reads them at import time.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from warrantor.services.access.sign_in_backoff import BackOffRules


class AuthSettings(BaseSettings):
    """How long a web session lasts, whether its cookie is HTTPS-only, how often one
    client may use the public check."""

    model_config = SettingsConfigDict(env_prefix="WARRANTOR_", extra="ignore")

    session_max_hours: int = Field(default=12, ge=1)
    """A web session ends this long after sign-in, however active."""
    session_idle_minutes: int = Field(default=120, ge=1)
    """... or this long after its last request."""
    cookie_secure: bool = False
    """Send the session cookie over HTTPS only (set it when served behind TLS)."""
    check_rate_limit: int = Field(default=30, ge=1)
    """Public warranty checks one client address may make per window (page and anonymous API)."""
    check_rate_window_seconds: int = Field(default=60, ge=1)
    login_rate_limit: int = Field(default=10, ge=1)
    """Sign-in attempts one client address may make per window."""
    login_free_failures: int = Field(default=3, ge=1)
    """Failed sign-ins in a row an account may have before its next attempt waits."""
    login_first_wait_s: int = Field(default=2, ge=1)
    """The first wait; it doubles with each further failure ..."""
    login_max_wait_s: int = Field(default=900, ge=1)
    """... up to this (never a lock-out: after the wait, the right password works)."""
    login_failures_mail_after: int = Field(default=10, ge=1)
    """The account's owner is mailed once when its failures in a row reach this."""

    @property
    def sign_in_back_off(self) -> BackOffRules:
        """The per-account back-off these settings describe."""
        return BackOffRules(
            free_failures=self.login_free_failures,
            first_wait_s=self.login_first_wait_s,
            max_wait_s=self.login_max_wait_s,
            mail_after=self.login_failures_mail_after,
        )
