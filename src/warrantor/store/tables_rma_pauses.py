"""Tables of an RMA's paused clocks (issue #23, item 5).

``rma_pauses``: one row per clock of an RMA stopped while the desk waits on the
customer (a quote's answer, documents, a certificate), from when to when, and how far
its due date moved. ``centre_clock_pauses``: which waits pause which clocks at a
service centre (by brand and centre id); a wait a centre has no row for pauses the
repair clock (``domain.rma_pauses.DEFAULT_PAUSES``).

Registered on the one ``metadata`` (``store.tables``); ``store.schema`` imports it.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
)

from warrantor.store.tables import UtcDateTime, metadata

PAUSE_WAITS = ("quote", "documents", "certificate")
"""``domain.rma_pauses.WAITS``; a test checks the two agree."""
PAUSE_CLOCKS = ("number", "repair")

_WAIT_LIST = ", ".join(f"'{w}'" for w in PAUSE_WAITS)
_CLOCK_LIST = ", ".join(f"'{c}'" for c in PAUSE_CLOCKS)

rma_pauses = Table(
    "rma_pauses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rma_id", Integer, ForeignKey("rmas.id", ondelete="CASCADE"), nullable=False),
    Column("wait", String(20), nullable=False),
    Column("clock", String(10), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("started_by", String(200), nullable=False),
    Column("ended_at", UtcDateTime),
    Column("ended_by", String(200)),
    Column("moved_days", Integer),
    CheckConstraint(f"wait IN ({_WAIT_LIST})", name="wait"),
    CheckConstraint(f"clock IN ({_CLOCK_LIST})", name="clock"),
    Index("ix_rma_pauses_rma_id", "rma_id", "ended_at"),
)
"""Each clock paused on an RMA: open while ``ended_at`` is NULL."""

centre_clock_pauses = Table(
    "centre_clock_pauses",
    metadata,
    Column("brand", String(100), nullable=False),
    Column("centre", String(100), nullable=False),
    Column("wait", String(20), nullable=False),
    Column("clocks", String(40), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    PrimaryKeyConstraint("brand", "centre", "wait"),
    CheckConstraint(f"wait IN ({_WAIT_LIST})", name="wait"),
)
"""A centre's setting for one wait: the clocks it pauses, space-separated ('' for none)."""
