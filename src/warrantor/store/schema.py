"""Every table of the product on one ``metadata``: import this, not a single area's module.

Each area keeps its tables in its own module (``tables`` for the installed
base, ``tables_<area>`` for the rest); importing them here registers them, so
Alembic's environment and the migration check see the whole schema.
"""

from __future__ import annotations

from warrantor.store import (  # noqa: F401  (imported to register their tables)
    tables_attachments,
    tables_audit,
    tables_auth,
    tables_certificates,
    tables_coverage,
    tables_extensions,
    tables_help,
    tables_jobs,
    tables_keys,
    tables_mail,
    tables_outbox,
    tables_rma,
    tables_rma_pauses,
    tables_workshop,
)
from warrantor.store.tables import metadata

__all__ = ["metadata"]
