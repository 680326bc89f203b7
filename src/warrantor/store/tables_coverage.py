"""The coverage projection: per unit, what the policy engine decides about it, for any day.

Written by ``services.installed_base.coverage_projection`` in the same
transaction as every change that moves it (and by the import's COPY), read by
the batch check and the coverage reports. One row per unit; ``terms`` and
``stretches`` hold the engine's terms and its answer per stretch of days as
JSON (``services.installed_base.projection_codec``); the columns beside them
are what set-based questions filter and group by.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from warrantor.store.tables import metadata

coverage_projection = Table(
    "coverage_projection",
    metadata,
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("brand_id", Integer, ForeignKey("brands.id"), nullable=False),
    Column("policy_id", String(100), nullable=False),
    Column("policy_version", String(50), nullable=False),
    Column("start_on", Date),
    Column("voided", Boolean, nullable=False),
    Column("region", String(100)),
    Column("usage_limit_bytes", BigInteger),
    Column("reading_bytes", BigInteger),
    Column("reading_on", Date),
    Column("terms", Text, nullable=False),
    Column("stretches", Text, nullable=False),
    Column("covered_from", Date),
    Column("last_ends_on", Date),
    Column("last_kind", String(20)),
    Column("details", Text),
    Index(
        "ix_coverage_projection_expiry",
        "last_ends_on",
        "unit_id",
        postgresql_include=["covered_from", "brand_id"],
    ),
    Index("ix_coverage_projection_ending", "last_ends_on", "brand_id", "covered_from"),
)
"""``ix_coverage_projection_expiry``: the rows of "coverage ending between two days" are a
range scan of it, paged by (last day, unit), the "covered since" filter answered from
its INCLUDE columns on PostgreSQL. ``ix_coverage_projection_ending``: the same window's
counts per day and brand, read from that index alone; its keys repeat, so B-tree
deduplication keeps it a sixth of the expiry index's size (whose entries are all unique),
and a count reads a sixth of the pages."""
