"""Tables: the audit trail and the personal values it refers to (issue #17).

``audit_events`` is append-only: only ``store.audit.AuditRepository`` inserts
into it, nothing updates or deletes a row (a test reads the source to hold
that), and on both engines the migration adds triggers that refuse an UPDATE
or DELETE (and, on PostgreSQL, a TRUNCATE). Retention and partitioning never
drop audit rows. It has no foreign key that could cascade a delete into it.

Personal values (names, e-mail addresses, phone numbers, street addresses,
free text) live in ``personal_values`` only; an audit row's JSON refers to
one as ``{"$personal": id}`` and its reason by ``why_value_id``. A later
erasure on a customer's request pseudonymises rows of ``personal_values``
(found by ``account_code`` or by the object they were about) and sets
``erased_at``; the audit rows stay as they were.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

_ROW_ID = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit id on PostgreSQL; SQLite only numbers rows by itself in an INTEGER key."""

personal_values = Table(
    "personal_values",
    metadata,
    Column("id", _ROW_ID, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("value", Text, nullable=False),
    Column("account_code", String(100)),
    Column("subject_kind", String(40), nullable=False),
    Column("subject_id", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime),
    CheckConstraint("kind IN ('name', 'email', 'phone', 'address', 'text')", name="kind"),
    Index("ix_personal_values_account_code", "account_code"),
    Index("ix_personal_values_subject", "subject_kind", "subject_id"),
)
"""One personal value an audit row refers to; whose (account) and about what (subject)."""

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", _ROW_ID, primary_key=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("actor_label", String(200), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("actor_user_id", Integer),
    Column("subject_kind", String(40), nullable=False),
    Column("subject_id", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("before_values", JSON),
    Column("after_values", JSON),
    Column("why_value_id", _ROW_ID, ForeignKey("personal_values.id")),
    Column("back_dated_to", Date),
    Column("run", String(32)),
    Index("ix_audit_events_subject", "subject_kind", "subject_id", "id"),
    Index("ix_audit_events_actor_user_id", "actor_user_id", "id"),
    Index("ix_audit_events_run", "run"),
)
"""Who changed what, when, the values before and after, why. Never edited, never deleted.

``actor_label`` names the actor without their name (``user 12 (admin)``,
``cli (admin)``): a user's name is personal and is read from ``users``.
``back_dated_to`` is set when the change records a fact dated before the day
it was recorded (a purchase date, a price list's first day). ``run`` groups
the rows one action wrote (an import run and its units).
"""
