"""Repository.

Issued extended-warranty certificates: the registry a presented certificate is compared
with (issue #4).
"""

from __future__ import annotations

from sqlalchemy import Connection


class CertificateRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
