"""Customers' help requests (issue #23, items 6 and 7): a serial the installed base lacks,
or a unit another account owns, waiting for an agent to resolve or reject it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("purchased_on", sa.Date(), nullable=True),
        sa.Column("proof_of_purchase", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("proof_file_name", sa.String(length=255), nullable=True),
        sa.Column("proof_content_type", sa.String(length=100), nullable=True),
        sa.Column("proof_size_bytes", sa.Integer(), nullable=True),
        sa.Column("proof_sha256", sa.String(length=64), nullable=True),
        sa.Column("proof_storage_key", sa.String(length=200), nullable=True),
        sa.Column("opened_at", _instant(), nullable=False),
        sa.Column("closed_at", _instant(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('unknown_serial', 'ownership_claim')", name="ck_help_requests_kind"
        ),
        sa.CheckConstraint(
            "state IN ('open', 'resolved', 'rejected')", name="ck_help_requests_state"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_help_requests_account_id_accounts"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_help_requests_unit_id_units"),
        sa.PrimaryKeyConstraint("id", name="pk_help_requests"),
    )
    op.create_index("ix_help_requests_state", "help_requests", ["state", "id"])
    op.create_index("ix_help_requests_account_id", "help_requests", ["account_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_help_requests_account_id", table_name="help_requests")
    op.drop_index("ix_help_requests_state", table_name="help_requests")
    op.drop_table("help_requests")
