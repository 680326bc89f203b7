"""An index on each clock's due instant (issue #23, item 8): the desk's queues whose
states all run one clock page in due order by an index range scan instead of sorting
the whole queue for every page.

- ``ix_rmas_number_due``: ``number_due_at, opened_at, id`` of the RMAs waiting for
  their number (``documents_validated``), the "to issue a number" queue's order;
- ``ix_rmas_repair_due``: ``repair_due_at, opened_at, id`` of the RMAs in the
  workshop (``received``, ``inspecting``, ``repairing``, ``quote_pending``), the
  workshop queue's order.

Partial, on both engines: a due instant stays on the row after its step is over,
and those rows are no queue's.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | None = None
depends_on: str | None = None

NUMBER_WAIT = "state = 'documents_validated'"
IN_THE_WORKSHOP = "state IN ('received', 'inspecting', 'repairing', 'quote_pending')"


def upgrade() -> None:
    for name, column, where in (
        ("ix_rmas_number_due", "number_due_at", NUMBER_WAIT),
        ("ix_rmas_repair_due", "repair_due_at", IN_THE_WORKSHOP),
    ):
        op.create_index(
            name,
            "rmas",
            [column, "opened_at", "id"],
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade() -> None:
    op.drop_index("ix_rmas_repair_due", table_name="rmas")
    op.drop_index("ix_rmas_number_due", table_name="rmas")
