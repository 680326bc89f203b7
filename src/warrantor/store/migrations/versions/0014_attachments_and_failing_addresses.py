"""Attachments and failing mail addresses (issue #24).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

``attachments``: proofs of purchase and photos attached to an RMA or a unit; the
bytes are behind the storage port, the row says what they are and where.
``failing_addresses``: addresses a mail server refused for good at send time; no
mail goes to one until it is corrected.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", _instant(), nullable=False),
        sa.CheckConstraint("kind IN ('proof_of_purchase', 'photo')", name="ck_attachments_kind"),
        sa.CheckConstraint(
            "rma_id IS NOT NULL OR unit_id IS NOT NULL", name="ck_attachments_attached_to"
        ),
        sa.CheckConstraint("size_bytes > 0", name="ck_attachments_size_bytes"),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name="fk_attachments_rma_id_rmas"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_attachments_unit_id_units"),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
        sa.UniqueConstraint("storage_key", name="uq_attachments_storage_key"),
    )
    op.create_index("ix_attachments_rma_id", "attachments", ["rma_id"])
    op.create_index("ix_attachments_unit_id", "attachments", ["unit_id"])
    op.create_table(
        "failing_addresses",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("failed_at", _instant(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address", name="pk_failing_addresses"),
    )


def downgrade() -> None:
    op.drop_table("failing_addresses")
    op.drop_index("ix_attachments_unit_id", table_name="attachments")
    op.drop_index("ix_attachments_rma_id", table_name="attachments")
    op.drop_table("attachments")
