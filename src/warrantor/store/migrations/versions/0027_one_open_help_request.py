"""One open help request per account and unit (issue #23, item 7): the rule the service
checks (``services.help_requests.requests``) held by the database too, so two requests
sent at once can't both be opened: a unique index on ``account_id, brand, serial``,
partial on ``state = 'open'`` (closed requests, resolved or rejected, may repeat).

A database that already holds two open requests of one account about one unit (a race
before this revision) is not changed behind anyone's back: the upgrade stops and names
them, for an agent to resolve or reject the extra ones first.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | None = None
depends_on: str | None = None

OPEN = "state = 'open'"

DUPLICATES = sa.text(
    "SELECT account_id, brand, serial, COUNT(*) AS n, MIN(id) AS first_id, MAX(id) AS last_id "
    "FROM help_requests WHERE state = 'open' "
    "GROUP BY account_id, brand, serial HAVING COUNT(*) > 1 ORDER BY MIN(id)"
)


def upgrade() -> None:
    found = op.get_bind().execute(DUPLICATES).fetchall()
    if found:
        named = "; ".join(
            f"account id {row.account_id}, {row.brand} {row.serial}: {row.n} open "
            f"(ids {row.first_id} to {row.last_id})"
            for row in found[:10]
        )
        raise RuntimeError(
            "help_requests holds more than one open request of an account about one unit; "
            f"resolve or reject the extra ones, then upgrade again: {named}"
        )
    op.create_index(
        "uq_help_requests_one_open",
        "help_requests",
        ["account_id", "brand", "serial"],
        unique=True,
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("uq_help_requests_one_open", table_name="help_requests")
