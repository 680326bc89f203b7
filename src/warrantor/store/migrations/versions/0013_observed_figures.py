"""Figures the worker observes for ``/metrics`` (issue #22).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

``observed_figures``: RMAs late per centre and the job queue's depth and age,
stored each minute by the ``observe`` duty, so a scrape of ``/metrics`` reads a
few rows instead of scanning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "observed_figures",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("labels", sa.String(length=500), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "labels", name="pk_observed_figures"),
    )


def downgrade() -> None:
    op.drop_table("observed_figures")
