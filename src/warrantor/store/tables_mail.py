"""Tables.

Mail addresses a server refused for good (issue #24): no more mail goes to one
until someone corrects it.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from warrantor.store.tables import UtcDateTime, metadata

failing_addresses = Table(
    "failing_addresses",
    metadata,
    Column("address", String(320), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("failed_at", UtcDateTime, nullable=False),
    Column("outbox_id", Integer, nullable=False),
)
"""One row per address (lower case) that a mail server refused permanently (an SMTP 5xx
reply to ``RCPT TO``) when it was sent to: the server's words, when, and the outbox
message it refused. Correcting the address deletes the row."""
