"""RMA assignment (issue #23, item 4): the agent or technician an RMA is assigned to,
none while it waits in its service centre's unassigned queue.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("rmas") as batch_op:
        batch_op.add_column(sa.Column("assignee_user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_rmas_assignee_user_id_users", "users", ["assignee_user_id"], ["id"]
        )
        batch_op.create_index("ix_rmas_assignee_user_id", ["assignee_user_id", "state"])


def downgrade() -> None:
    with op.batch_alter_table("rmas") as batch_op:
        batch_op.drop_index("ix_rmas_assignee_user_id")
        batch_op.drop_constraint("fk_rmas_assignee_user_id_users", type_="foreignkey")
        batch_op.drop_column("assignee_user_id")
