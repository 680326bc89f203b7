"""RMAs and their timeline, notes, number sequences, parcels (unauthorized returns), shipments.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rma_number_sequences",
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("brand", "year", name=op.f("pk_rma_number_sequences")),
    )
    op.create_table(
        "rmas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("customer_account_id", sa.Integer(), nullable=True),
        sa.Column("opened_by_account_id", sa.Integer(), nullable=True),
        sa.Column("opened_by_label", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("symptom", sa.Text(), nullable=False),
        sa.Column("backup_acknowledged_at", _instant(), nullable=True),
        sa.Column("proof_of_purchase", sa.String(length=200), nullable=True),
        sa.Column("service_country", sa.String(length=2), nullable=False),
        sa.Column("service_point", sa.String(length=100), nullable=False),
        sa.Column("opened_at", _instant(), nullable=False),
        sa.Column("updated_at", _instant(), nullable=False),
        sa.Column("documents_validated_at", _instant(), nullable=True),
        sa.Column("number_issued_at", _instant(), nullable=True),
        sa.Column("received_at", _instant(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("shipped_at", _instant(), nullable=True),
        sa.Column("closed_at", _instant(), nullable=True),
        sa.Column("number_due_on", sa.Date(), nullable=True),
        sa.Column("number_due_at", _instant(), nullable=True),
        sa.Column("number_due_provisional", sa.Boolean(), nullable=True),
        sa.Column("number_due_clauses", sa.String(length=400), nullable=True),
        sa.Column("repair_due_on", sa.Date(), nullable=True),
        sa.Column("repair_due_at", _instant(), nullable=True),
        sa.Column("repair_due_provisional", sa.Boolean(), nullable=True),
        sa.Column("repair_due_clauses", sa.String(length=400), nullable=True),
        sa.Column("needs_attention", sa.Boolean(), nullable=False),
        sa.Column("attention_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('requested', 'troubleshooting', 'resolved_remotely', "
            "'documents_validated', 'awaiting_unit', 'received', 'inspecting', 'repairing', "
            "'quote_pending', 'ready_to_ship', 'shipped', 'closed', 'cancelled', 'rejected')",
            name=op.f("ck_rmas_state"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_account_id"],
            ["accounts.id"],
            name=op.f("fk_rmas_customer_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_rmas_opened_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_rmas_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmas")),
        sa.UniqueConstraint("number", name=op.f("uq_rmas_number")),
    )
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.create_index("ix_rmas_customer_account_id", ["customer_account_id"], unique=False)
        batch_op.create_index(
            "ix_rmas_opened_by_account_id", ["opened_by_account_id"], unique=False
        )
        batch_op.create_index("ix_rmas_state_opened", ["state", "opened_at"], unique=False)
        batch_op.create_index("ix_rmas_unit_id", ["unit_id"], unique=False)

    op.create_table(
        "rma_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("at", _instant(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_rma_notes_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_notes")),
    )
    with op.batch_alter_table("rma_notes", schema=None) as batch_op:
        batch_op.create_index("ix_rma_notes_rma_id", ["rma_id", "id"], unique=False)

    op.create_table(
        "rma_parcels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("number_on_parcel", sa.String(length=40), nullable=True),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("sender_contact", sa.String(length=320), nullable=False),
        sa.Column("sender_account_id", sa.Integer(), nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("tracking", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("received_at", _instant(), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("resolved_at", _instant(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("return_carrier", sa.String(length=100), nullable=True),
        sa.Column("return_tracking", sa.String(length=100), nullable=True),
        sa.Column("clause_ids", sa.String(length=400), nullable=False),
        sa.CheckConstraint(
            "status IN ('matched', 'held', 'returned', 'disposed')",
            name=op.f("ck_rma_parcels_status"),
        ),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_rma_parcels_rma_id_rmas")),
        sa.ForeignKeyConstraint(
            ["sender_account_id"],
            ["accounts.id"],
            name=op.f("fk_rma_parcels_sender_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_parcels")),
    )
    with op.batch_alter_table("rma_parcels", schema=None) as batch_op:
        batch_op.create_index("ix_rma_parcels_rma_id", ["rma_id"], unique=False)
        batch_op.create_index("ix_rma_parcels_status", ["status", "received_at"], unique=False)

    op.create_table(
        "rma_shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("tracking", sa.String(length=100), nullable=False),
        sa.Column("paid_by", sa.String(length=20), nullable=False),
        sa.Column("clause_ids", sa.String(length=400), nullable=False),
        sa.Column("shipped_at", _instant(), nullable=False),
        sa.Column("shipped_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "paid_by IN ('maker', 'customer')", name=op.f("ck_rma_shipments_paid_by")
        ),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_rma_shipments_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_shipments")),
    )
    with op.batch_alter_table("rma_shipments", schema=None) as batch_op:
        batch_op.create_index("ix_rma_shipments_rma_id", ["rma_id"], unique=False)

    op.create_table(
        "rma_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=False),
        sa.Column("to_state", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", _instant(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_rma_transitions_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_transitions")),
    )
    with op.batch_alter_table("rma_transitions", schema=None) as batch_op:
        batch_op.create_index("ix_rma_transitions_rma_id", ["rma_id", "id"], unique=False)

    op.create_table(
        "rma_parcel_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "amount_minor >= 0", name=op.f("ck_rma_parcel_costs_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"],
            ["rma_parcels.id"],
            name=op.f("fk_rma_parcel_costs_parcel_id_rma_parcels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_parcel_costs")),
    )
    with op.batch_alter_table("rma_parcel_costs", schema=None) as batch_op:
        batch_op.create_index("ix_rma_parcel_costs_parcel_id", ["parcel_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rma_parcel_costs", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_parcel_costs_parcel_id")

    op.drop_table("rma_parcel_costs")
    with op.batch_alter_table("rma_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_transitions_rma_id")

    op.drop_table("rma_transitions")
    with op.batch_alter_table("rma_shipments", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_shipments_rma_id")

    op.drop_table("rma_shipments")
    with op.batch_alter_table("rma_parcels", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_parcels_status")
        batch_op.drop_index("ix_rma_parcels_rma_id")

    op.drop_table("rma_parcels")
    with op.batch_alter_table("rma_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_notes_rma_id")

    op.drop_table("rma_notes")
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.drop_index("ix_rmas_unit_id")
        batch_op.drop_index("ix_rmas_state_opened")
        batch_op.drop_index("ix_rmas_opened_by_account_id")
        batch_op.drop_index("ix_rmas_customer_account_id")

    op.drop_table("rmas")
    op.drop_table("rma_number_sequences")
