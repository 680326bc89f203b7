"""The job engine's tables (issue: Jobs on an existing engine).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

On PostgreSQL, Procrastinate's schema, read from the SQL file the pinned
package ships (``procrastinate.schema.SchemaManager.get_schema``), so it is
exactly the schema that version expects. Upgrading Procrastinate later means
a new revision that applies the package's files in
``procrastinate/sql/migrations`` between the two versions. SQLite gets none
of it: there ``warrantor worker`` runs the same duties in a polling loop.

On both engines: ``duty_runs`` (each periodic duty's last run),
``effects_done`` (idempotency keys) and ``outbox.takeovers`` (how often a
message was taken over from a worker that stopped mid-send).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

PROCRASTINATE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)
PROCRASTINATE_TYPES = (
    "procrastinate_job_to_defer_v1",
    "procrastinate_job_event_type",
    "procrastinate_job_status",
)


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "duty_runs",
        sa.Column("duty", sa.String(length=100), nullable=False),
        sa.Column("started_at", _instant(), nullable=False),
        sa.Column("finished_at", _instant(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.CheckConstraint("outcome IN ('running', 'ok', 'failed')", name="ck_duty_runs_outcome"),
        sa.PrimaryKeyConstraint("duty", name="pk_duty_runs"),
    )
    op.create_table(
        "effects_done",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("done_at", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_effects_done"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("takeovers", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        # The driver's own execute: one simple-protocol call runs the whole script
        # (functions with $$ bodies included), in this migration's transaction.
        driver = bind.connection.driver_connection
        assert driver is not None
        driver.execute(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP TABLE IF EXISTS {', '.join(PROCRASTINATE_TABLES)} CASCADE")
        functions = bind.exec_driver_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%%'"
        ).scalars()
        for signature in list(functions):
            op.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        op.execute(f"DROP TYPE IF EXISTS {', '.join(PROCRASTINATE_TYPES)} CASCADE")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("takeovers")
    op.drop_table("effects_done")
    op.drop_table("duty_runs")
