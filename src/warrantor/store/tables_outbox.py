"""Tables.

The mail outbox: messages written in the same transaction as the change they tell about,
sent by ``warrantor worker`` (issue #5).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Table, Text

from warrantor.store.tables import UtcDateTime, metadata

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
"""Where a message is: waiting (maybe after a failed try), leased by a worker, delivered,
or given up after its last attempt (visible, and retried only by hand)."""

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic", String(100), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("to_address", String(320), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_attempt_at", UtcDateTime),
    Column("last_error", Text),
    Column("lease_token", String(64)),
    Column("lease_until", UtcDateTime),
    Column("sent_at", UtcDateTime),
    Column("takeovers", Integer, nullable=False, server_default="0"),
    CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
    Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    Index("ix_outbox_reference", "reference"),
)
"""One message to one address. ``attempts`` counts tries; a failed try sets
``next_attempt_at`` later (backoff) and keeps ``last_error``; a worker holds a
``sending`` row only until ``lease_until``, so a crashed worker's message goes out again;
``takeovers`` counts those times (a sent message with takeovers may have arrived twice,
with one Message-ID)."""
