"""The staff's search of the whole installed base by the start of a serial (issue #23,
items 2 and 8), served by an index on PostgreSQL: ``ix_search_units_serial_prefix``
on ``units (brand_id, serial COLLATE "C")``.

``serial LIKE 'p%'`` can use no btree index of a database whose collation is not
"C" (C.UTF-8 included), so on 1,000,000 units the search read them all.
``store.unit_search`` asks for the range ``p <= serial < p_next`` compared by code
point instead, brand by brand: this index gives each brand's first matches in
order, a page per brand at most. SQLite compares by code point already (BINARY)
and gets no index here; like the other search structures of one engine, the name
starts ``ix_search_`` so the schema comparison leaves it out.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | None = None
depends_on: str | None = None

INDEX = "ix_search_units_serial_prefix"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'CREATE INDEX {INDEX} ON units (brand_id, serial COLLATE "C")')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {INDEX}")
