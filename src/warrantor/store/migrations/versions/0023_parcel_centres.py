"""The service centre that received a parcel, and each centre's holding period for
unauthorized returns (issue #25, item 4).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("rma_parcels") as batch_op:
        batch_op.add_column(sa.Column("service_centre", sa.String(100), nullable=True))
    op.create_table(
        "service_centre_settings",
        sa.Column("brand", sa.String(100), nullable=False),
        sa.Column("centre", sa.String(100), nullable=False),
        sa.Column("holding_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("brand", "centre", name="pk_service_centre_settings"),
        sa.CheckConstraint(
            "holding_days >= 0", name="ck_service_centre_settings_holding_days_not_negative"
        ),
    )


def downgrade() -> None:
    op.drop_table("service_centre_settings")
    with op.batch_alter_table("rma_parcels") as batch_op:
        batch_op.drop_column("service_centre")
