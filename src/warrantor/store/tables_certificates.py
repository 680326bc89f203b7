"""Tables.

Issued extended-warranty certificates: the registry a presented certificate is compared
with (issue #4), and the counters that number them.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from warrantor.store.tables import UtcDateTime, metadata

certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("extension_id", Integer, nullable=False),
    Column("brand", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("serial", String(64), nullable=False),
    Column("years", Integer, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("buyer_code", String(64), nullable=False),
    Column("buyer_name", String(200), nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("document", Text, nullable=False),
    Column("replaces", String(64)),
    Column("revoked_at", UtcDateTime),
    Column("revoked_reason", Text),
    CheckConstraint(
        "(revoked_at IS NULL) = (revoked_reason IS NULL)",
        name="revocation_has_reason",
    ),
    CheckConstraint("years >= 1", name="years_positive"),
    CheckConstraint("ends_on >= starts_on", name="period_in_order"),
    Index("ix_certificates_brand_serial", "brand", "serial"),
    Index("ix_certificates_buyer_code", "buyer_code"),
    Index("ix_certificates_extension_id", "extension_id"),
)
"""One row per certificate ever issued, never deleted: a revoked one stays, with why.

``extension_id`` is the ``unit_extensions`` row it proves. It has no foreign
key: the sales tables did not exist yet when this migration was written (a
follow-up migration can add one now that 0003 creates them). ``document`` is
the signed JSON exactly as delivered; the columns are what verification
compares.
"""


certificate_sequences = Table(
    "certificate_sequences",
    metadata,
    Column("prefix", String(64), primary_key=True),
    Column("last_value", Integer, nullable=False),
)
"""The last sequence number used per number prefix (``EW-QNAP-2026``).

Taken with ``UPDATE ... RETURNING`` so concurrent issuers queue on the row
and never get the same number.
"""
