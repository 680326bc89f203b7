"""The coverage projection keeps the rest of the full answer (issue 14, item 5).

``coverage_projection.details``: what the single check shows beyond the compact
answer (each term's clauses and note, the summary, supporting clause ids and
missing facts per stretch of days, the facts used, the notes, the unit's
findings), encoded by ``projection_codec.encode_details``. With it the single
check answers from the projection when it is current, without the engine.

Rows stored before have none (NULL): the check answers those by the full
evaluation until they are recomputed; ``warrantor coverage recompute`` and the
worker's ``recompute_coverage`` duty fill them in (a row without details counts
as one to recompute).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("coverage_projection") as batch:
        batch.add_column(sa.Column("details", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coverage_projection") as batch:
        batch.drop_column("details")
