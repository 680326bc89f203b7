"""Settings of sign-in and the public check's rate limit (environment, prefix ``WARRANTOR_``).

Kept apart from ``warrantor.settings`` (another area's file) and read once by
the app factory (``app.state.auth_settings``); nothing reads them at import time.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
