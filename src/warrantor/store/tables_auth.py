"""Tables: users, web sessions, API tokens and rate-limit counters (issue #6).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.

Secrets are never stored: a session or API token is kept as the SHA-256 of
its value (the value itself is a long random string, so a plain hash is
enough), a password as an argon2 hash.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from warrantor.store.tables import UtcDateTime, metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_login_at", UtcDateTime),
    Column("locale", String(20)),
    Column("time_zone", String(64)),
    CheckConstraint(
        "role IN ('customer', 'distributor', 'dealer', 'agent', 'technician', 'admin')",
        name="role",
    ),
)
"""People who sign in. ``email`` is stored lower-cased, so it is unique whatever the case.
``locale`` is the language they chose for pages and mail (``i18n.locales.SUPPORTED``), NULL
until they choose (then the browser's ``Accept-Language`` decides). ``time_zone`` is the IANA
zone their pages show times in, set from the browser at their first sign-in (NULL until then:
the service centre's zone)."""

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_secret", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Index("ix_web_sessions_user_id", "user_id"),
)
"""A browser signed in: the cookie holds the token, this row only its hash."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("name", String(100), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime),
    Column("expires_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    Index("ix_api_tokens_user_id", "user_id"),
)
"""An integration's key: shown once when made; ``prefix`` lets a person tell tokens apart."""

rate_limit_buckets = Table(
    "rate_limit_buckets",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_start", UtcDateTime, primary_key=True),
    Column("count", Integer, nullable=False),
)
"""Requests counted per key (e.g. ``check:<client ip>``) per fixed window.

In the database, not in memory, so every server process shares one count and
a restart does not reset it.
"""
