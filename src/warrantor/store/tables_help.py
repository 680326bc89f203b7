"""Tables.

Customers' help requests (issue #23, items 6 and 7): a serial the installed base
doesn't hold, or a unit another account owns that the customer says they bought.
Each waits in the agents' queue until it is resolved (the unit added, or its owner
changed) or rejected with a reason.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from warrantor.store.tables import UtcDateTime, metadata

HELP_KINDS = ("unknown_serial", "ownership_claim")
"""What the customer asks: add a serial the installed base lacks, or move a unit another
account owns to them (they bought it second-hand)."""

HELP_STATES = ("open", "resolved", "rejected")

help_requests = Table(
    "help_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("opened_by", Integer),
    Column("contact_email", String(320), nullable=False),
    Column("brand", String(100), nullable=False),
    Column("serial", String(64), nullable=False),
    Column("model", String(200)),
    Column("purchased_on", Date),
    Column("proof_of_purchase", String(200)),
    Column("description", Text, nullable=False),
    Column("proof_file_name", String(255)),
    Column("proof_content_type", String(100)),
    Column("proof_size_bytes", Integer),
    Column("proof_sha256", String(64)),
    Column("proof_storage_key", String(200)),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", Integer),
    Column("resolution", Text),
    Column("unit_id", Integer, ForeignKey("units.id")),
    CheckConstraint("kind IN ('unknown_serial', 'ownership_claim')", name="kind"),
    CheckConstraint("state IN ('open', 'resolved', 'rejected')", name="state"),
    Index("ix_help_requests_state", "state", "id"),
    Index("ix_help_requests_account_id", "account_id", "id"),
    Index(
        "uq_help_requests_one_open",
        "account_id",
        "brand",
        "serial",
        unique=True,
        postgresql_where=text("state = 'open'"),
        sqlite_where=text("state = 'open'"),
    ),
)
"""One request: who asked (account, user id, the address answers go to), what they typed
(brand, serial, model, purchase date, proof reference, description), the proof file they
sent (behind the attachments' storage port, by key), and how it ended (``closed_*``,
``resolution``: the agent's note or reason, ``unit_id``: the unit added or moved).
Queues page by (state, id); a customer's own list by (account, id). An account has at most
one open request about a unit (brand and serial): ``uq_help_requests_one_open``, partial on
``state = 'open'``, holds what the service checks first, against two requests sent at once."""
