"""The stored coverage projection per unit (issue: Set-based coverage).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Units already stored get no row here: ``warrantor coverage recompute`` fills
the table (a unit without a row is answered by the full evaluation meanwhile).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "coverage_projection",
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey(
                "units.id", name="fk_coverage_projection_unit_id_units", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column(
            "brand_id",
            sa.Integer(),
            sa.ForeignKey("brands.id", name="fk_coverage_projection_brand_id_brands"),
            nullable=False,
        ),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("usage_limit_bytes", sa.BigInteger(), nullable=True),
        sa.Column("reading_bytes", sa.BigInteger(), nullable=True),
        sa.Column("reading_on", sa.Date(), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("stretches", sa.Text(), nullable=False),
        sa.Column("covered_from", sa.Date(), nullable=True),
        sa.Column("last_ends_on", sa.Date(), nullable=True),
        sa.Column("last_kind", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("unit_id", name="pk_coverage_projection"),
    )
    op.create_index(
        "ix_coverage_projection_expiry",
        "coverage_projection",
        ["last_ends_on", "unit_id"],
        postgresql_include=["covered_from", "brand_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_coverage_projection_expiry", table_name="coverage_projection")
    op.drop_table("coverage_projection")
