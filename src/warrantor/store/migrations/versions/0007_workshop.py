"""Inspections, decisions, parts, replacements, repair coverages.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _rma_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "rma_id",
        sa.Integer(),
        sa.ForeignKey("rmas.id", name=f"fk_{table}_rma_id_rmas", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "rma_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_findings"),
        sa.Column("finding", sa.String(length=100), nullable=False),
        sa.Column("voids_unit", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rma_findings"),
        sa.UniqueConstraint("rma_id", "finding", name="uq_rma_findings_rma_id_finding"),
    )
    op.create_table(
        "rma_smart_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_smart_reports"),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("model_name", sa.String(length=200), nullable=True),
        sa.Column("serial_reported", sa.String(length=200), nullable=True),
        sa.Column("serial_matches", sa.Boolean(), nullable=False),
        sa.Column("protocol", sa.String(length=10), nullable=False),
        sa.Column("drive_bytes_written", sa.BigInteger(), nullable=False),
        sa.Column("carried_bytes_written", sa.BigInteger(), nullable=False),
        sa.Column("power_on_hours", sa.Integer(), nullable=True),
        sa.Column("unit_rule", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rma_smart_reports"),
    )
    op.create_index("ix_rma_smart_reports_rma_id", "rma_smart_reports", ["rma_id"])
    op.create_table(
        "rma_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_certificates"),
        sa.Column("certificate_number", sa.String(length=100), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("document", sa.Text(), nullable=True),
        sa.Column("attached_at", _instant(), nullable=False),
        sa.Column("attached_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rma_certificates"),
    )
    op.create_index("ix_rma_certificates_rma_id", "rma_certificates", ["rma_id"])
    op.create_table(
        "rma_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_decisions"),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("applies_kind", sa.String(length=20), nullable=True),
        sa.Column("applies_until", sa.Date(), nullable=True),
        sa.Column("coverage_until", sa.Date(), nullable=True),
        sa.Column("clause_ids", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("facts_used", sa.Text(), nullable=False),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.Column("decided_at", _instant(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('covered', 'not_covered', 'needs_information')",
            name="ck_rma_decisions_outcome",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rma_decisions"),
    )
    op.create_index("ix_rma_decisions_rma_id", "rma_decisions", ["rma_id"])
    op.create_table(
        "rma_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_quotes"),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("quoted_at", _instant(), nullable=False),
        sa.Column("quoted_by", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=True),
        sa.Column("answered_at", _instant(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("amount_minor >= 0", name="ck_rma_quotes_amount"),
        sa.CheckConstraint("answer IN ('accepted', 'declined')", name="ck_rma_quotes_answer"),
        sa.PrimaryKeyConstraint("id", name="pk_rma_quotes"),
    )
    op.create_index("ix_rma_quotes_rma_id", "rma_quotes", ["rma_id"])
    op.create_table(
        "rma_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("rma_parts"),
        sa.Column("part", sa.String(length=100), nullable=False),
        sa.Column("part_number", sa.String(length=100), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("replaced", sa.Boolean(), nullable=False),
        sa.Column("removed_part_owner", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("quantity > 0", name="ck_rma_parts_quantity"),
        sa.PrimaryKeyConstraint("id", name="pk_rma_parts"),
    )
    op.create_index("ix_rma_parts_rma_id", "rma_parts", ["rma_id"])
    op.create_table(
        "unit_replacements",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("unit_replacements"),
        sa.Column(
            "original_unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", name="fk_unit_replacements_original_unit_id_units"),
            nullable=False,
        ),
        sa.Column(
            "replacement_unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", name="fk_unit_replacements_replacement_unit_id_units"),
            nullable=False,
        ),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("carried_bytes_written", sa.BigInteger(), nullable=True),
        sa.Column("original_part_owner", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("replaced_at", _instant(), nullable=False),
        sa.Column("replaced_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "condition IN ('new', 'reconditioned')", name="ck_unit_replacements_condition"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_unit_replacements"),
        sa.UniqueConstraint("original_unit_id", name="uq_unit_replacements_original_unit_id"),
        sa.UniqueConstraint("replacement_unit_id", name="uq_unit_replacements_replacement_unit_id"),
    )
    op.create_table(
        "repair_coverages",
        sa.Column("id", sa.Integer(), nullable=False),
        _rma_id("repair_coverages"),
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", name="fk_repair_coverages_unit_id_units"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("part", sa.String(length=100), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("original_ends_on", sa.Date(), nullable=True),
        sa.Column("minimum_months", sa.Integer(), nullable=False),
        sa.Column("fixed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("fixed_at", _instant(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('repaired_part', 'replacement_unit')", name="ck_repair_coverages_kind"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_repair_coverages"),
    )
    op.create_index("ix_repair_coverages_unit_id", "repair_coverages", ["unit_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_repair_coverages_unit_id", "repair_coverages"),
        (None, "unit_replacements"),
        ("ix_rma_parts_rma_id", "rma_parts"),
        ("ix_rma_quotes_rma_id", "rma_quotes"),
        ("ix_rma_decisions_rma_id", "rma_decisions"),
        ("ix_rma_certificates_rma_id", "rma_certificates"),
        ("ix_rma_smart_reports_rma_id", "rma_smart_reports"),
        (None, "rma_findings"),
    ):
        if index is not None:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
