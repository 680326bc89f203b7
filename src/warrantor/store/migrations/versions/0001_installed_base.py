"""The installed base: brands, product lines, models, accounts, units, findings, readings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "brands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_brands"),
        sa.UniqueConstraint("name", name="uq_brands_name"),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("is_direct_customer", sa.Boolean(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("created_at", _instant(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('customer', 'distributor', 'dealer', 'agent', 'technician', 'admin')",
            name="ck_accounts_kind",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("code", name="uq_accounts_code"),
    )
    op.create_table(
        "product_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name="fk_product_lines_brand_id_brands"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_product_lines"),
        sa.UniqueConstraint("brand_id", "code", name="uq_product_lines_brand_id_code"),
    )
    op.create_table(
        "models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("product_line_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name="fk_models_brand_id_brands"),
        sa.ForeignKeyConstraint(
            ["product_line_id"],
            ["product_lines.id"],
            name="fk_models_product_line_id_product_lines",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_models"),
        sa.UniqueConstraint("brand_id", "name", name="uq_models_brand_id_name"),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("manufactured_on", sa.Date(), nullable=True),
        sa.Column("first_invoiced_on", sa.Date(), nullable=True),
        sa.Column("first_invoiced_to_id", sa.Integer(), nullable=True),
        sa.Column("purchased_on", sa.Date(), nullable=True),
        sa.Column("proof_of_purchase", sa.String(length=200), nullable=True),
        sa.Column("country_of_purchase", sa.String(length=2), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("updated_at", _instant(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name="fk_units_brand_id_brands"),
        sa.ForeignKeyConstraint(
            ["first_invoiced_to_id"],
            ["accounts.id"],
            name="fk_units_first_invoiced_to_id_accounts",
        ),
        sa.ForeignKeyConstraint(["model_id"], ["models.id"], name="fk_units_model_id_models"),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"], name="fk_units_owner_id_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.UniqueConstraint("brand_id", "serial", name="uq_units_brand_id_serial"),
    )
    with op.batch_alter_table("units") as batch_op:
        batch_op.create_index("ix_units_serial", ["serial"])
        batch_op.create_index("ix_units_model_id", ["model_id"])
        batch_op.create_index("ix_units_country_purchased", ["country_of_purchase", "purchased_on"])
        batch_op.create_index("ix_units_purchased_on", ["purchased_on"])
    op.create_table(
        "unit_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("finding", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name="fk_unit_findings_unit_id_units",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_unit_findings"),
    )
    with op.batch_alter_table("unit_findings") as batch_op:
        batch_op.create_index("ix_unit_findings_unit_id", ["unit_id"])
    op.create_table(
        "usage_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("bytes_written", sa.BigInteger(), nullable=False),
        sa.Column("power_on_hours", sa.Integer(), nullable=True),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name="fk_usage_readings_unit_id_units",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_usage_readings"),
    )
    with op.batch_alter_table("usage_readings") as batch_op:
        batch_op.create_index("ix_usage_readings_unit_read_on", ["unit_id", "read_on"])


def downgrade() -> None:
    op.drop_table("usage_readings")
    op.drop_table("unit_findings")
    op.drop_table("units")
    op.drop_table("models")
    op.drop_table("product_lines")
    op.drop_table("accounts")
    op.drop_table("brands")
