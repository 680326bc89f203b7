"""Written permissions: the maker's permission for what a finding names (issue 19, item 4).

Who at the maker granted it, on which day, what was permitted, and the letter
where there is one; on an RMA (that claim) or on the unit (every claim on it).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "written_permissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("finding", sa.String(length=100), nullable=False),
        sa.Column("granted_by", sa.String(length=200), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("permitted", sa.Text(), nullable=False),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name="fk_written_permissions_rma_id_rmas", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name="fk_written_permissions_unit_id_units"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_written_permissions"),
    )
    op.create_index("ix_written_permissions_unit_id", "written_permissions", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_written_permissions_unit_id", table_name="written_permissions")
    op.drop_table("written_permissions")
