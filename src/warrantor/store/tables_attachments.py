"""Tables.

Customers' attachments (issue #24): proofs of purchase and photos, attached to an RMA
or a registered unit. The bytes live behind the storage port
(``services.attachments.storage``); a row holds what was checked and where they are.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table

from warrantor.store.tables import UtcDateTime, metadata

ATTACHMENT_KINDS = ("proof_of_purchase", "photo")
"""What an attachment shows: the purchase (invoice, receipt) or the unit (a photo)."""

attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id")),
    Column("unit_id", Integer, ForeignKey("units.id")),
    Column("kind", String(20), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False, unique=True),
    Column("uploaded_by", Integer),
    Column("uploaded_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('proof_of_purchase', 'photo')", name="kind"),
    CheckConstraint("rma_id IS NOT NULL OR unit_id IS NOT NULL", name="attached_to"),
    CheckConstraint("size_bytes > 0", name="size_bytes"),
    Index("ix_attachments_rma_id", "rma_id"),
    Index("ix_attachments_unit_id", "unit_id"),
)
"""One stored file, attached to an RMA, a unit, or both (a proof sent with an RMA also
proves the unit's purchase). ``content_type`` is what its bytes are (checked by content,
not by its name); ``file_name`` is the name it came with, shown only; ``uploaded_by`` is
the user id of who sent it (as the audit trail names actors: no key, so an operator or a
removed user still reads)."""
