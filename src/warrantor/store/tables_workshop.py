"""Tables.

Inspections (findings, SMART readings), stored decisions, paid-repair quotes,
certificates presented on an RMA, parts used and replaced, replacement units,
and repair coverages (issue #5).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.

JSON-shaped values (a decision's clause ids, reasons, facts used, what is
missing) are stored as JSON text in ``Text`` columns: the same on both engines.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from warrantor.store.tables import UtcDateTime, metadata

rma_findings = Table(
    "rma_findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("finding", String(100), nullable=False),
    Column("voids_unit", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    UniqueConstraint("rma_id", "finding"),
)
"""Inspection findings on one RMA, from the policy's vocabulary (one row per finding)."""

rma_smart_reports = Table(
    "rma_smart_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("model_name", String(200)),
    Column("serial_reported", String(200)),
    Column("serial_matches", Boolean, nullable=False),
    Column("protocol", String(10), nullable=False),
    Column("drive_bytes_written", BigInteger, nullable=False),
    Column("carried_bytes_written", BigInteger, nullable=False),
    Column("power_on_hours", Integer),
    Column("unit_rule", String(200), nullable=False),
    Column("notes", Text, nullable=False),
    Column("read_on", Date, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Index("ix_rma_smart_reports_rma_id", "rma_id"),
)
"""SMART reports read during inspection: the drive's own counter and what was carried over."""

rma_certificates = Table(
    "rma_certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("certificate_number", String(100)),
    Column("file_name", String(255)),
    Column("document", Text),
    Column("attached_at", UtcDateTime, nullable=False),
    Column("attached_by", String(200), nullable=False),
    Index("ix_rma_certificates_rma_id", "rma_id"),
)
"""Extended-warranty certificates the customer presented on an RMA (a number or a file)."""

rma_decisions = Table(
    "rma_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("summary", Text, nullable=False),
    Column("policy_id", String(100), nullable=False),
    Column("policy_version", String(50), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("applies_kind", String(20)),
    Column("applies_until", Date),
    Column("coverage_until", Date),
    Column("clause_ids", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("facts_used", Text, nullable=False),
    Column("missing", Text, nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("decided_by", String(200), nullable=False),
    CheckConstraint("outcome IN ('covered', 'not_covered', 'needs_information')", name="outcome"),
    Index("ix_rma_decisions_rma_id", "rma_id"),
)
"""Every decision asked for an RMA, newest last; the last one is the RMA's decision.

``coverage_until`` is the last day of the coverage the unit held when decided
(the "rest of the original coverage" a repair cover is measured against).
"""

rma_quotes = Table(
    "rma_quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("note", Text, nullable=False),
    Column("quoted_at", UtcDateTime, nullable=False),
    Column("quoted_by", String(200), nullable=False),
    Column("answer", String(10)),
    Column("answered_at", UtcDateTime),
    Column("answered_by", String(200)),
    CheckConstraint("amount_minor >= 0", name="amount"),
    CheckConstraint("answer IN ('accepted', 'declined')", name="answer"),
    Index("ix_rma_quotes_rma_id", "rma_id"),
)
"""Paid-repair quotes for claims that are not covered, and the customer's answer."""

rma_parts = Table(
    "rma_parts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("part", String(100), nullable=False),
    Column("part_number", String(100)),
    Column("quantity", Integer, nullable=False),
    Column("replaced", Boolean, nullable=False),
    Column("removed_part_owner", String(20)),
    Column("note", Text, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    CheckConstraint("quantity > 0", name="quantity"),
    Index("ix_rma_parts_rma_id", "rma_id"),
)
"""Parts used in a repair; a replaced part's removed piece belongs to ``removed_part_owner``."""

unit_replacements = Table(
    "unit_replacements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("original_unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("replacement_unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("condition", String(20), nullable=False),
    Column("carried_bytes_written", BigInteger),
    Column("original_part_owner", String(20)),
    Column("note", Text, nullable=False),
    Column("replaced_at", UtcDateTime, nullable=False),
    Column("replaced_by", String(200), nullable=False),
    UniqueConstraint("original_unit_id"),
    UniqueConstraint("replacement_unit_id"),
    CheckConstraint("condition IN ('new', 'reconditioned')", name="condition"),
)
"""A unit replaced by another with its own serial (``replaces`` / ``replaced_by``).

``carried_bytes_written`` is the usage the replacement starts with: the
replaced drive's bytes written, so a replacement SSD keeps the TBW left.
"""

repair_coverages = Table(
    "repair_coverages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("part", String(100)),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("original_ends_on", Date),
    Column("minimum_months", Integer, nullable=False),
    Column("fixed", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("fixed_at", UtcDateTime),
    CheckConstraint("kind IN ('repaired_part', 'replacement_unit')", name="kind"),
    Index("ix_repair_coverages_unit_id", "unit_id"),
)
"""Cover of a repaired part or a replacement unit: its own kind, outside the maximum term.

Computed at ``finish_repair`` from the expected ship day (``fixed`` false) and
fixed when the unit ships (the policy's minimum counts from that day).
"""

written_permissions = Table(
    "written_permissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE")),
    Column("finding", String(100), nullable=False),
    Column("granted_by", String(200), nullable=False),
    Column("granted_on", Date, nullable=False),
    Column("permitted", Text, nullable=False),
    Column("attachment_name", String(255)),
    Column("attachment", LargeBinary),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Index("ix_written_permissions_unit_id", "unit_id"),
)
"""The maker's written permission for what a finding names (Netac: "without the written
permission of Netac, the product is ... disassembled and repaired"), issue 19: who at the
maker granted it, on which day, what was permitted, and the letter where there is one. On
an RMA (``rma_id``) it counts for that claim; without one, for every claim on the unit."""
