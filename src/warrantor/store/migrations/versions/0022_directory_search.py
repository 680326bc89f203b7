"""Search and paging beyond the desk (issue #23, items 1 and 2):

- the units of one account (a customer's own, or those first invoiced to a
  distributor or dealer) are read by account, in the installed base's order:
  ``ix_units_owner`` (owner_id, brand_id, serial) and ``ix_units_first_invoiced_to``
  (first_invoiced_to_id, brand_id, serial), so a customer's page or search is an
  index range scan instead of a read of every unit;
- the admin's search of users (name, e-mail) and accounts (name, code), and a
  customer's search of model names, get trigram indexes the way the desk's
  search has them (0017): on PostgreSQL GIN ``gin_trgm_ops`` indexes
  (``ix_search_<table>_<column>_trgm``, serving ``ILIKE 'x%'`` and ``%>``); on
  SQLite external-content FTS5 ``trigram`` tables ``search_users``,
  ``search_accounts`` and ``search_models``, kept equal to their tables by triggers.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | None = None
depends_on: str | None = None

PLAIN = [
    ("ix_units_owner", "units", ["owner_id", "brand_id", "serial"]),
    ("ix_units_first_invoiced_to", "units", ["first_invoiced_to_id", "brand_id", "serial"]),
]

SEARCHED = {
    "users": ("search_users", ("name", "email")),
    "accounts": ("search_accounts", ("name", "code")),
    "models": ("search_models", ("name",)),
}
"""Each searched table: its SQLite FTS5 table and the columns it holds."""


def _sqlite_fts(table: str, fts: str, columns: tuple[str, ...]) -> list[str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5("
        f"{listed}, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {listed} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    for name, table, indexed in PLAIN:
        op.create_index(name, table, indexed)
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, (fts, columns) in SEARCHED.items():
        if postgresql:
            for column in columns:
                op.execute(
                    f"CREATE INDEX ix_search_{table}_{column}_trgm ON {table} "
                    f"USING gin ({column} gin_trgm_ops)"
                )
        else:
            for statement in _sqlite_fts(table, fts, columns):
                op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, (fts, columns) in SEARCHED.items():
        if postgresql:
            for column in columns:
                op.execute(f"DROP INDEX ix_search_{table}_{column}_trgm")
        else:
            for trigger in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER {fts}_{trigger}")
            op.execute(f"DROP TABLE {fts}")
    for name, table, _ in reversed(PLAIN):
        op.drop_index(name, table_name=table)
