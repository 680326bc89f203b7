"""Issued certificates (the verification registry) and their numbering.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("extension_id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("buyer_code", sa.String(length=64), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("issued_at", _instant(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("replaces", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", _instant(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revoked_reason IS NULL)",
            name="ck_certificates_revocation_has_reason",
        ),
        sa.CheckConstraint("years >= 1", name="ck_certificates_years_positive"),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_certificates_period_in_order"),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("number", name="uq_certificates_number"),
    )
    op.create_index("ix_certificates_brand_serial", "certificates", ["brand", "serial"])
    op.create_index("ix_certificates_buyer_code", "certificates", ["buyer_code"])
    op.create_index("ix_certificates_extension_id", "certificates", ["extension_id"])
    op.create_table(
        "certificate_sequences",
        sa.Column("prefix", sa.String(length=64), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name="pk_certificate_sequences"),
    )


def downgrade() -> None:
    op.drop_table("certificate_sequences")
    op.drop_index("ix_certificates_extension_id", table_name="certificates")
    op.drop_index("ix_certificates_buyer_code", table_name="certificates")
    op.drop_index("ix_certificates_brand_serial", table_name="certificates")
    op.drop_table("certificates")
