"""The audit trail (issue: Accountability and privacy, step 1).

Two tables: ``personal_values`` (the one place personal values an audit row
refers to are kept, so an erasure pseudonymises them there) and
``audit_events`` (append-only). Triggers on both engines refuse an UPDATE or
DELETE of an audit row, and on PostgreSQL a TRUNCATE, whoever asks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

_REFUSAL = "audit rows are never edited or deleted"

_POSTGRES_GUARD = f"""
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_REFUSAL} (% refused)', TG_OP;
END
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""

_SQLITE_GUARDS = [
    f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL} ({event} refused)'); END"
    for event in ("UPDATE", "DELETE")
]


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _row_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "personal_values",
        sa.Column("id", _row_id(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("account_code", sa.String(length=100), nullable=True),
        sa.Column("subject_kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("erased_at", _instant(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('name', 'email', 'phone', 'address', 'text')",
            name="ck_personal_values_kind",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_personal_values"),
    )
    op.create_index("ix_personal_values_account_code", "personal_values", ["account_code"])
    op.create_index("ix_personal_values_subject", "personal_values", ["subject_kind", "subject_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", _row_id(), nullable=False),
        sa.Column("recorded_at", _instant(), nullable=False),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("subject_kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("before_values", sa.JSON(), nullable=True),
        sa.Column("after_values", sa.JSON(), nullable=True),
        sa.Column("why_value_id", _row_id(), nullable=True),
        sa.Column("back_dated_to", sa.Date(), nullable=True),
        sa.Column("run", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["why_value_id"],
            ["personal_values.id"],
            name="fk_audit_events_why_value_id_personal_values",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_subject", "audit_events", ["subject_kind", "subject_id", "id"])
    op.create_index("ix_audit_events_actor_user_id", "audit_events", ["actor_user_id", "id"])
    op.create_index("ix_audit_events_run", "audit_events", ["run"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_GUARD)
    else:
        for statement in _SQLITE_GUARDS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    for index in (
        "ix_audit_events_run",
        "ix_audit_events_actor_user_id",
        "ix_audit_events_subject",
    ):
        op.drop_index(index, table_name="audit_events")
    op.drop_table("audit_events")
    for index in ("ix_personal_values_subject", "ix_personal_values_account_code"):
        op.drop_index(index, table_name="personal_values")
    op.drop_table("personal_values")
