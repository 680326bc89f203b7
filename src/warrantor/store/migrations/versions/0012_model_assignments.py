"""Model assignments: a model no policy places, assigned to a product line by an admin.

Issue 19, item 1. Append-only in use: each assignment of a model is a new
version row; the highest version is in force.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "model_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("product_line", sa.String(length=100), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("version >= 1", name="ck_model_assignments_version"),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name="fk_model_assignments_brand_id_brands"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_model_assignments"),
        sa.UniqueConstraint(
            "brand_id", "model", "version", name="uq_model_assignments_brand_id_model_version"
        ),
    )


def downgrade() -> None:
    op.drop_table("model_assignments")
