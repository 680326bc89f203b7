"""Tables of the job layer (issue #20): when each periodic duty last ran, and the
idempotency keys of effects that must happen once.

Both engines have these. On PostgreSQL, Procrastinate's own tables
(``procrastinate_*``, created by migration 0011 from the SQL the package ships)
hold the job queue; they are not declared here, and the migration check
leaves them out (``store.migrate.is_product_object``).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Float, Integer, String, Table, Text

from warrantor.store.tables import UtcDateTime, metadata

DUTY_OUTCOMES = ("running", "ok", "failed")

duty_runs = Table(
    "duty_runs",
    metadata,
    Column("duty", String(100), primary_key=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("outcome", String(10), nullable=False),
    Column("summary", Text, nullable=False),
    Column("runs", Integer, nullable=False),
    Column("failures", Integer, nullable=False),
    CheckConstraint("outcome IN ('running', 'ok', 'failed')", name="outcome"),
)
"""One row per periodic duty: its last run (started, finished, outcome and what it did or
why it failed) and how many runs and failures it has had. ``started_at`` is also the
claim: a polling worker starts a duty only by moving it forward (``store.duty_runs``)."""

effects_done = Table(
    "effects_done",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("done_at", UtcDateTime, nullable=False),
)
"""Idempotency keys: an effect that must happen once (e.g. ``sla-late:<rma id>:repair``)
is written in the same transaction as its key; a job retried after a crash finds the key
and does not do it again."""

observed_figures = Table(
    "observed_figures",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("labels", String(500), primary_key=True),
    Column("value", Float, nullable=False),
    Column("observed_at", UtcDateTime, nullable=False),
)
"""Figures for ``/metrics`` that need a scan (RMAs late per centre, the job queue's depth
and age), stored by the worker's ``observe`` duty so a scrape reads a few rows, whatever
the size of the database. ``labels`` is the figure's labels as sorted JSON; the duty
replaces every row at once."""
