"""Tables.

Price lists, extension orders, payments, distributor quotes and serial assignments, and
the extensions granted to units (issue #4).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all. Money is
``amount_minor`` (BIGINT, minor units) beside ``currency`` (ISO 4217).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from warrantor.store.tables import UtcDateTime, metadata

extension_prices = Table(
    "extension_prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brand", String(100), nullable=False),
    Column("product_line", String(100), nullable=False),
    Column("years", Integer, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date),
    Column("note", String(200), nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("retired_at", UtcDateTime),
    Column("retired_by", String(100)),
    CheckConstraint("years >= 1", name="years"),
    CheckConstraint("amount_minor >= 0", name="amount"),
    CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity"),
    Index("ix_extension_prices_lookup", "brand", "product_line", "years", "currency"),
)
"""A price for +``years`` on a brand's product line, valid ``valid_from``..``valid_until``
(inclusive; open-ended when NULL). A retired row is never in force again."""

unit_extensions = Table(
    "unit_extensions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("years", Integer, nullable=False),
    Column("purchased_on", Date, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("dates_from", String(30), nullable=False),
    Column("buyer_account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("certificate_number", String(64)),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("moved_from_unit_id", Integer, ForeignKey("units.id")),
    Column("moved_at", UtcDateTime),
    Column("move_reason", Text),
    CheckConstraint("years >= 1", name="years"),
    CheckConstraint("ends_on >= starts_on", name="span"),
    Index("ix_unit_extensions_unit_id", "unit_id"),
)
"""An extension granted to a unit (after payment). ``dates_from`` says which day the
dates were counted from: ``purchase_date`` or, while no proof of purchase is known,
``first_invoice_date`` (the check always recounts from the unit's real start)."""

extension_orders = Table(
    "extension_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("years", Integer, nullable=False),
    Column("price_id", Integer, ForeignKey("extension_prices.id"), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("ordered_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("closed_at", UtcDateTime),
    Column("extension_id", Integer, ForeignKey("unit_extensions.id")),
    CheckConstraint("status IN ('awaiting_payment', 'paid', 'cancelled')", name="status"),
    Index("ix_extension_orders_account_id", "account_id"),
)
"""A direct customer's order of +``years`` for one unit, at the price in force on
``ordered_on``; ``extension_id`` once paid."""

extension_quotes = Table(
    "extension_quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("brand", String(100), nullable=False),
    Column("model", String(200), nullable=False),
    Column("product_line", String(100), nullable=False),
    Column("years", Integer, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("price_id", Integer, ForeignKey("extension_prices.id"), nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("requested_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("accepted_at", UtcDateTime),
    Column("paid_on", Date),
    Column("settled_at", UtcDateTime),
    Column("settlement", String(20)),
    Column("settled_quantity", Integer),
    Column("settled_minor", BigInteger),
    Column("settlement_reference", String(200)),
    CheckConstraint("quantity >= 1", name="quantity"),
    CheckConstraint("status IN ('quoted', 'accepted', 'paid', 'settled')", name="status"),
    CheckConstraint("settlement IS NULL OR settlement IN ('credit_note', 'refund')", name="kind"),
    Index("ix_extension_quotes_account_id", "account_id"),
)
"""A distributor's quote for ``quantity`` x +``years`` on ``model``; after payment,
serials are assigned to it; what is left when it settles becomes a credit note or
a refund (``settlement``)."""

extension_payments = Table(
    "extension_payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("extension_orders.id"), unique=True),
    Column("quote_id", Integer, ForeignKey("extension_quotes.id"), unique=True),
    Column("method", String(30), nullable=False),
    Column("reference", String(200), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(100), nullable=False),
    CheckConstraint("(order_id IS NULL) <> (quote_id IS NULL)", name="one_charge"),
)
"""A payment recorded for one order or one quote (never both; at most one each)."""

extension_assignments = Table(
    "extension_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("quote_id", Integer, ForeignKey("extension_quotes.id"), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False, unique=True),
    Column("extension_id", Integer, ForeignKey("unit_extensions.id"), nullable=False),
    Column("assigned_at", UtcDateTime, nullable=False),
    Column("assigned_by", String(100), nullable=False),
    Index("ix_extension_assignments_quote_id", "quote_id"),
)
"""A serial assigned to a paid quote; ``unit_id`` is unique: a serial is assigned once."""

extension_assignment_refusals = Table(
    "extension_assignment_refusals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("quote_id", Integer, ForeignKey("extension_quotes.id"), nullable=False),
    Column("serial", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("clause_ids", String(500), nullable=False, default=""),
    Column("attempted_at", UtcDateTime, nullable=False),
    Column("attempted_by", String(100), nullable=False),
    Index("ix_extension_assignment_refusals_quote_id", "quote_id"),
)
"""A refused attempt to assign a serial, with the reason the distributor was given."""
