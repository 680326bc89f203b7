"""The database schema as SQLAlchemy Core tables: the one place columns are named.

The domain never imports this module; repositories map rows to the domain
dataclasses (``warrantor.domain``). Migrations (``store/migrations``) create
exactly these tables; a test checks the two agree.

Instants are ``TIMESTAMP WITH TIME ZONE`` holding UTC (see ``UtcDateTime``);
dates are ``DATE``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Stable constraint names, so migrations (and SQLite batch mode) can refer to them."""

metadata = MetaData(naming_convention=NAMING_CONVENTION)

ACCOUNT_KINDS = ("customer", "distributor", "dealer", "agent", "technician", "admin")
"""Who an account is. Whether it buys from the maker is ``is_direct_customer``, not the kind."""


class UtcDateTime(TypeDecorator[datetime]):
    """An instant, stored and returned as timezone-aware UTC.

    SQLite has no time zones: it would hand back naive values. This type
    refuses naive instants on the way in and marks values UTC on the way out,
    so both engines give the caller the same thing. PostgreSQL's come out in UTC as
    they are (each session's time zone is UTC: ``engine.create_db_engine``).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware (UTC)")
        return value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """None on PostgreSQL: its sessions run on UTC (``engine.create_db_engine``), so
        psycopg's instants are UTC already, with the same ``tzinfo`` this type marks
        (``datetime.UTC``); a Python call a value saved (1,100 a queue page)."""
        if dialect.name == "postgresql":
            return None
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


brands = Table(
    "brands",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
)

product_lines = Table(
    "product_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brand_id", Integer, ForeignKey("brands.id"), nullable=False),
    Column("code", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("brand_id", "code"),
)

models = Table(
    "models",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brand_id", Integer, ForeignKey("brands.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("product_line_id", Integer, ForeignKey("product_lines.id"), nullable=False),
    UniqueConstraint("brand_id", "name"),
)

model_assignments = Table(
    "model_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brand_id", Integer, ForeignKey("brands.id"), nullable=False),
    Column("model", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("product_line", String(100), nullable=False),
    Column("assigned_at", UtcDateTime, nullable=False),
    Column("assigned_by", String(200), nullable=False),
    UniqueConstraint("brand_id", "model", "version"),
    CheckConstraint("version >= 1", name="version"),
)
"""Models no policy places, assigned to a product line by an admin (issue 19): one row per
version, never changed; a model's assignment is its highest version. ``product_line`` is the
line's id in the brand's policy. Who and why are in the audit trail as well (``model.assigned``)."""

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("is_direct_customer", Boolean, nullable=False, default=False),
    Column("country", String(2)),
    Column("email", String(320)),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint(
        "kind IN ('customer', 'distributor', 'dealer', 'agent', 'technician', 'admin')",
        name="kind",
    ),
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brand_id", Integer, ForeignKey("brands.id"), nullable=False),
    Column("serial", String(64), nullable=False),
    Column("model_id", Integer, ForeignKey("models.id"), nullable=False),
    Column("manufactured_on", Date),
    Column("first_invoiced_on", Date),
    Column("first_invoiced_to_id", Integer, ForeignKey("accounts.id")),
    Column("purchased_on", Date),
    Column("proof_of_purchase", String(200)),
    Column("country_of_purchase", String(2)),
    Column("owner_id", Integer, ForeignKey("accounts.id")),
    Column("channel", String(20)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("brand_id", "serial"),
    Index("ix_units_serial", "serial"),
    Index("ix_units_model_id", "model_id"),
    Index("ix_units_country_purchased", "country_of_purchase", "purchased_on"),
    Index("ix_units_purchased_on", "purchased_on"),
    Index("ix_units_owner", "owner_id", "brand_id", "serial"),
    Index("ix_units_first_invoiced_to", "first_invoiced_to_id", "brand_id", "serial"),
)
"""One product by serial, unique per brand; ``ix_units_serial`` finds a serial across brands."""

unit_findings = Table(
    "unit_findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
    Column("finding", String(100), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(100), nullable=False),
    Index("ix_unit_findings_unit_id", "unit_id"),
)
"""Findings that void the unit itself (e.g. label removed); every later check shows them."""

usage_readings = Table(
    "usage_readings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
    Column("bytes_written", BigInteger, nullable=False),
    Column("power_on_hours", Integer),
    Column("read_on", Date, nullable=False),
    Column("source", String(200), nullable=False, default=""),
    Column("recorded_at", UtcDateTime, nullable=False),
    Index("ix_usage_readings_unit_read_on", "unit_id", "read_on"),
)
"""Usage readings (bytes written from SMART data); the latest by ``read_on`` is the one used."""
