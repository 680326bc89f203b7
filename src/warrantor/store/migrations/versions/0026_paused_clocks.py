"""Paused clocks (issue #23, item 5): each clock of an RMA stopped while the desk waits on
the customer (a paid-repair quote's answer, documents, a certificate), with when it
started and ended and how far the due date moved; and which waits pause which clock at
each service centre (a wait without a row pauses the repair clock).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "rma_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("wait", sa.String(length=20), nullable=False),
        sa.Column("clock", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.Column("moved_days", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "wait IN ('quote', 'documents', 'certificate')", name="ck_rma_pauses_wait"
        ),
        sa.CheckConstraint("clock IN ('number', 'repair')", name="ck_rma_pauses_clock"),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name="fk_rma_pauses_rma_id_rmas", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rma_pauses"),
    )
    op.create_index("ix_rma_pauses_rma_id", "rma_pauses", ["rma_id", "ended_at"])
    op.create_table(
        "centre_clock_pauses",
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("wait", sa.String(length=20), nullable=False),
        sa.Column("clocks", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "wait IN ('quote', 'documents', 'certificate')", name="ck_centre_clock_pauses_wait"
        ),
        sa.PrimaryKeyConstraint("brand", "centre", "wait", name="pk_centre_clock_pauses"),
    )


def downgrade() -> None:
    op.drop_table("centre_clock_pauses")
    op.drop_index("ix_rma_pauses_rma_id", table_name="rma_pauses")
    op.drop_table("rma_pauses")
