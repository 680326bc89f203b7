"""A narrow index for the expiring report's counts (issue 14, item 5).

``ix_coverage_projection_ending`` keys ``last_ends_on, brand_id, covered_from``:
"how many units' coverage ends on each day of the window, per brand, covered
since today" reads it alone (an index-only range scan, its entries already in
the grouping's order). Its keys repeat (a day's units of one brand share them),
so PostgreSQL's B-tree deduplication packs it: 35 MB on 5,000,000 units against
227 MB for ``ix_coverage_projection_expiry``, whose entries are all unique
(unit id as a key column, INCLUDE columns never deduplicated). That index stays
for the report's rows, paged by (last day, unit id).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index(
        "ix_coverage_projection_ending",
        "coverage_projection",
        ["last_ends_on", "brand_id", "covered_from"],
    )


def downgrade() -> None:
    op.drop_index("ix_coverage_projection_ending", table_name="coverage_projection")
