"""The desk's search (issue #23, item 2): exact lookups by serial, proof of purchase and
tracking number get plain indexes; customer names and e-mail addresses get a
trigram index for prefix and fuzzy matches, in each engine's own way:

- PostgreSQL: the ``pg_trgm`` extension and GIN ``gin_trgm_ops`` indexes on
  ``rmas.contact_name`` and ``rmas.contact_email`` (they serve ``ILIKE 'x%'`` and
  the similarity operator ``%``);
- SQLite: an external-content FTS5 table ``search_rma_contacts`` with the
  ``trigram`` tokenizer over the same two columns, kept equal to ``rmas`` by
  triggers.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | None = None
depends_on: str | None = None

PLAIN = [
    ("ix_rmas_serial", "rmas", ["serial"]),
    ("ix_rmas_proof_of_purchase", "rmas", ["proof_of_purchase"]),
    ("ix_rma_parcels_tracking", "rma_parcels", ["tracking"]),
    ("ix_rma_shipments_tracking", "rma_shipments", ["tracking"]),
]

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_rma_contacts USING fts5("
    "contact_name, contact_email, content='rmas', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_rma_contacts_ai AFTER INSERT ON rmas BEGIN "
    "INSERT INTO search_rma_contacts(rowid, contact_name, contact_email) "
    "VALUES (new.id, new.contact_name, new.contact_email); END",
    "CREATE TRIGGER search_rma_contacts_ad AFTER DELETE ON rmas BEGIN "
    "INSERT INTO search_rma_contacts(search_rma_contacts, rowid, contact_name, contact_email) "
    "VALUES ('delete', old.id, old.contact_name, old.contact_email); END",
    "CREATE TRIGGER search_rma_contacts_au AFTER UPDATE OF contact_name, contact_email ON rmas "
    "BEGIN "
    "INSERT INTO search_rma_contacts(search_rma_contacts, rowid, contact_name, contact_email) "
    "VALUES ('delete', old.id, old.contact_name, old.contact_email); "
    "INSERT INTO search_rma_contacts(rowid, contact_name, contact_email) "
    "VALUES (new.id, new.contact_name, new.contact_email); END",
    "INSERT INTO search_rma_contacts(search_rma_contacts) VALUES ('rebuild')",
]


def upgrade() -> None:
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("contact_name", "contact_email"):
            op.execute(
                f"CREATE INDEX ix_search_rmas_{column}_trgm ON rmas "
                f"USING gin ({column} gin_trgm_ops)"
            )
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in ("contact_name", "contact_email"):
            op.execute(f"DROP INDEX ix_search_rmas_{column}_trgm")
    else:
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER search_rma_contacts_{trigger}")
        op.execute("DROP TABLE search_rma_contacts")
    for name, table, _ in reversed(PLAIN):
        op.drop_index(name, table_name=table)
