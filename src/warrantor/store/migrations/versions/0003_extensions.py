"""Price lists, extension orders, quotes, assignments, unit extensions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "extension_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("product_line", sa.String(length=100), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("retired_at", _instant(), nullable=True),
        sa.Column("retired_by", sa.String(length=100), nullable=True),
        sa.CheckConstraint("years >= 1", name="ck_extension_prices_years"),
        sa.CheckConstraint("amount_minor >= 0", name="ck_extension_prices_amount"),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from",
            name="ck_extension_prices_validity",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_extension_prices"),
    )
    op.create_index(
        "ix_extension_prices_lookup",
        "extension_prices",
        ["brand", "product_line", "years", "currency"],
    )
    op.create_table(
        "unit_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("purchased_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("dates_from", sa.String(length=30), nullable=False),
        sa.Column("buyer_account_id", sa.Integer(), nullable=False),
        sa.Column("certificate_number", sa.String(length=64), nullable=True),
        sa.Column("granted_at", _instant(), nullable=False),
        sa.Column("moved_from_unit_id", sa.Integer(), nullable=True),
        sa.Column("moved_at", _instant(), nullable=True),
        sa.Column("move_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("years >= 1", name="ck_unit_extensions_years"),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_unit_extensions_span"),
        _fk("unit_extensions", "unit_id", "units"),
        _fk("unit_extensions", "buyer_account_id", "accounts"),
        _fk("unit_extensions", "moved_from_unit_id", "units"),
        sa.PrimaryKeyConstraint("id", name="pk_unit_extensions"),
    )
    op.create_index("ix_unit_extensions_unit_id", "unit_extensions", ["unit_id"])
    op.create_table(
        "extension_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("price_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", _instant(), nullable=True),
        sa.Column("extension_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('awaiting_payment', 'paid', 'cancelled')",
            name="ck_extension_orders_status",
        ),
        _fk("extension_orders", "unit_id", "units"),
        _fk("extension_orders", "account_id", "accounts"),
        _fk("extension_orders", "price_id", "extension_prices"),
        _fk("extension_orders", "extension_id", "unit_extensions"),
        sa.PrimaryKeyConstraint("id", name="pk_extension_orders"),
    )
    op.create_index("ix_extension_orders_account_id", "extension_orders", ["account_id"])
    op.create_table(
        "extension_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("product_line", sa.String(length=100), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price_id", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("accepted_at", _instant(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("settled_at", _instant(), nullable=True),
        sa.Column("settlement", sa.String(length=20), nullable=True),
        sa.Column("settled_quantity", sa.Integer(), nullable=True),
        sa.Column("settled_minor", sa.BigInteger(), nullable=True),
        sa.Column("settlement_reference", sa.String(length=200), nullable=True),
        sa.CheckConstraint("quantity >= 1", name="ck_extension_quotes_quantity"),
        sa.CheckConstraint(
            "status IN ('quoted', 'accepted', 'paid', 'settled')",
            name="ck_extension_quotes_status",
        ),
        sa.CheckConstraint(
            "settlement IS NULL OR settlement IN ('credit_note', 'refund')",
            name="ck_extension_quotes_kind",
        ),
        _fk("extension_quotes", "account_id", "accounts"),
        _fk("extension_quotes", "price_id", "extension_prices"),
        sa.PrimaryKeyConstraint("id", name="pk_extension_quotes"),
    )
    op.create_index("ix_extension_quotes_account_id", "extension_quotes", ["account_id"])
    op.create_table(
        "extension_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("received_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "(order_id IS NULL) <> (quote_id IS NULL)", name="ck_extension_payments_one_charge"
        ),
        _fk("extension_payments", "order_id", "extension_orders"),
        _fk("extension_payments", "quote_id", "extension_quotes"),
        sa.PrimaryKeyConstraint("id", name="pk_extension_payments"),
        sa.UniqueConstraint("order_id", name="uq_extension_payments_order_id"),
        sa.UniqueConstraint("quote_id", name="uq_extension_payments_quote_id"),
    )
    op.create_table(
        "extension_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("extension_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", _instant(), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        _fk("extension_assignments", "quote_id", "extension_quotes"),
        _fk("extension_assignments", "unit_id", "units"),
        _fk("extension_assignments", "extension_id", "unit_extensions"),
        sa.PrimaryKeyConstraint("id", name="pk_extension_assignments"),
        sa.UniqueConstraint("unit_id", name="uq_extension_assignments_unit_id"),
    )
    op.create_index("ix_extension_assignments_quote_id", "extension_assignments", ["quote_id"])
    op.create_table(
        "extension_assignment_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("clause_ids", sa.String(length=500), nullable=False),
        sa.Column("attempted_at", _instant(), nullable=False),
        sa.Column("attempted_by", sa.String(length=100), nullable=False),
        _fk("extension_assignment_refusals", "quote_id", "extension_quotes"),
        sa.PrimaryKeyConstraint("id", name="pk_extension_assignment_refusals"),
    )
    op.create_index(
        "ix_extension_assignment_refusals_quote_id",
        "extension_assignment_refusals",
        ["quote_id"],
    )


def downgrade() -> None:
    op.drop_table("extension_assignment_refusals")
    op.drop_table("extension_assignments")
    op.drop_table("extension_payments")
    op.drop_table("extension_quotes")
    op.drop_table("extension_orders")
    op.drop_table("unit_extensions")
    op.drop_table("extension_prices")
