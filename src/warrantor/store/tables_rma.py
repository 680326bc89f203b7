"""Tables of the RMA desk (issue #5).

RMAs, their stored transitions (the timeline), troubleshooting notes, the
per-brand-year RMA number sequences, parcels that arrive (matched to an RMA
or held as unauthorized returns, with the costs charged to their sender),
and return shipments. The workshop's tables (inspections, decisions, parts,
replacements) are in ``tables_workshop``.

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports
every table module so migrations and their check see them all.
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
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from warrantor.store.tables import UtcDateTime, metadata

RMA_STATES = (
    "requested",
    "troubleshooting",
    "resolved_remotely",
    "documents_validated",
    "awaiting_unit",
    "received",
    "inspecting",
    "repairing",
    "quote_pending",
    "ready_to_ship",
    "shipped",
    "closed",
    "cancelled",
    "rejected",
)
"""The machine's states (``domain.rma.STATES``); a test checks the two agree."""

PARCEL_STATUSES = ("matched", "held", "returned", "disposed")

_STATE_LIST = ", ".join(f"'{s}'" for s in RMA_STATES)
_PARCEL_LIST = ", ".join(f"'{s}'" for s in PARCEL_STATUSES)

rmas = Table(
    "rmas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(40), unique=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("brand", String(100), nullable=False),
    Column("serial", String(64), nullable=False),
    Column("model", String(200), nullable=False),
    Column("state", String(30), nullable=False),
    Column("customer_account_id", Integer, ForeignKey("accounts.id")),
    Column("opened_by_account_id", Integer, ForeignKey("accounts.id")),
    Column("opened_by_label", String(200), nullable=False),
    Column("contact_name", String(200), nullable=False),
    Column("contact_email", String(320), nullable=False),
    Column("symptom", Text, nullable=False),
    Column("backup_acknowledged_at", UtcDateTime),
    Column("proof_of_purchase", String(200)),
    Column("service_country", String(2), nullable=False),
    Column("service_point", String(100), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("documents_validated_at", UtcDateTime),
    Column("number_issued_at", UtcDateTime),
    Column("received_at", UtcDateTime),
    Column("received_on", Date),
    Column("shipped_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("number_due_on", Date),
    Column("number_due_at", UtcDateTime),
    Column("number_due_provisional", Boolean),
    Column("number_due_clauses", String(400)),
    Column("repair_due_on", Date),
    Column("repair_due_at", UtcDateTime),
    Column("repair_due_provisional", Boolean),
    Column("repair_due_clauses", String(400)),
    Column("needs_attention", Boolean, nullable=False, default=False),
    Column("attention_reason", Text),
    Column("assignee_user_id", Integer, ForeignKey("users.id")),
    CheckConstraint(f"state IN ({_STATE_LIST})", name="state"),
    Index("ix_rmas_state_opened", "state", "opened_at"),
    Index("ix_rmas_assignee_user_id", "assignee_user_id", "state"),
    Index("ix_rmas_serial", "serial"),
    Index("ix_rmas_proof_of_purchase", "proof_of_purchase"),
    Index("ix_rmas_unit_id", "unit_id"),
    Index("ix_rmas_customer_account_id", "customer_account_id"),
    Index("ix_rmas_opened_by_account_id", "opened_by_account_id"),
)
"""One RMA; due dates are stored when their clock starts (documents validated, unit received)."""

IN_THE_WORKSHOP = ("received", "inspecting", "repairing", "quote_pending")
Index(
    "ix_rmas_number_due",
    rmas.c.number_due_at,
    rmas.c.opened_at,
    rmas.c.id,
    postgresql_where=rmas.c.state == "documents_validated",
    sqlite_where=rmas.c.state == "documents_validated",
)
Index(
    "ix_rmas_repair_due",
    rmas.c.repair_due_at,
    rmas.c.opened_at,
    rmas.c.id,
    postgresql_where=rmas.c.state.in_(IN_THE_WORKSHOP),
    sqlite_where=rmas.c.state.in_(IN_THE_WORKSHOP),
)
"""Each clock's due instant, for the queues of the states it runs in (``store.rma_clock_order``
pages them by these): partial, since a due instant stays on the row after its step."""

rma_transitions = Table(
    "rma_transitions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("event", String(40), nullable=False),
    Column("from_state", String(30), nullable=False),
    Column("to_state", String(30), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("actor_user_id", Integer),
    Column("reason", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_rma_transitions_rma_id", "rma_id", "id"),
)
"""Every state change: the timeline (who, when, from, to, why)."""

rma_notes = Table(
    "rma_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_rma_notes_rma_id", "rma_id", "id"),
)
"""Remote troubleshooting notes (and other desk notes) on an RMA."""

rma_number_sequences = Table(
    "rma_number_sequences",
    metadata,
    Column("brand", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("last_value", Integer, nullable=False),
    PrimaryKeyConstraint("brand", "year"),
)
"""The last RMA number issued per brand and year; incremented with UPDATE ... RETURNING."""

rma_parcels = Table(
    "rma_parcels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id")),
    Column("number_on_parcel", String(40)),
    Column("brand", String(100), nullable=False),
    Column("serial", String(64)),
    Column("sender_name", String(200), nullable=False),
    Column("sender_contact", String(320), nullable=False),
    Column("sender_account_id", Integer, ForeignKey("accounts.id")),
    Column("carrier", String(100), nullable=False),
    Column("tracking", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("note", Text, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("received_by", String(200), nullable=False),
    Column("resolved_at", UtcDateTime),
    Column("resolved_by", String(200)),
    Column("resolution_note", Text),
    Column("return_carrier", String(100)),
    Column("return_tracking", String(100)),
    Column("clause_ids", String(400), nullable=False),
    Column("service_centre", String(100)),
    CheckConstraint(f"status IN ({_PARCEL_LIST})", name="status"),
    Index("ix_rma_parcels_status", "status", "received_at"),
    Index("ix_rma_parcels_rma_id", "rma_id"),
    Index("ix_rma_parcels_tracking", "tracking"),
)
"""Every parcel received: matched to its RMA, or an unauthorized return (held, returned,
disposed) with the clauses that say what may be done with it."""

rma_parcel_costs = Table(
    "rma_parcel_costs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parcel_id", Integer, ForeignKey("rma_parcels.id", ondelete="CASCADE"), nullable=False),
    Column("what", String(200), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
    Index("ix_rma_parcel_costs_parcel_id", "parcel_id"),
)
"""Costs an unauthorized return caused, charged to its sender (minor units + currency)."""

service_centre_settings = Table(
    "service_centre_settings",
    metadata,
    Column("brand", String(100), nullable=False),
    Column("centre", String(100), nullable=False),
    Column("holding_days", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    PrimaryKeyConstraint("brand", "centre"),
    CheckConstraint("holding_days >= 0", name="holding_days_not_negative"),
)
"""A service centre's own settings (issue #25, item 4): how many days an unauthorized
return is held before it may be disposed of (no row: 0 days, the policy's "at will")."""

rma_shipments = Table(
    "rma_shipments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("carrier", String(100), nullable=False),
    Column("tracking", String(100), nullable=False),
    Column("paid_by", String(20), nullable=False),
    Column("clause_ids", String(400), nullable=False),
    Column("shipped_at", UtcDateTime, nullable=False),
    Column("shipped_by", String(200), nullable=False),
    CheckConstraint("paid_by IN ('maker', 'customer')", name="paid_by"),
    Index("ix_rma_shipments_rma_id", "rma_id"),
    Index("ix_rma_shipments_tracking", "tracking"),
)
"""The return shipment of an RMA's unit: carrier, tracking, who pays and why."""
