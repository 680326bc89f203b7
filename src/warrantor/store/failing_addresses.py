"""Repository: mail addresses a server refused for good (issue #24).

An address is kept in lower case: mail servers treat the domain without case
and nearly all treat the local part so, and one refusal should stop mail to
``Ana@Example.com`` as well as to ``ana@example.com``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select

from warrantor.store.tables_mail import failing_addresses


@dataclass(frozen=True, slots=True)
class FailingAddress:
    """An address no mail goes to until it is corrected, and why."""

    address: str
    reason: str
    """The server's reply, e.g. ``550 5.1.1 No such user``."""
    failed_at: datetime
    outbox_id: int
    """The message the server refused."""


def normalized(address: str) -> str:
    return address.strip().lower()


class FailingAddressRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def mark(self, address: str, *, reason: str, at: datetime, outbox_id: int) -> None:
        """Record (or renew) a permanent refusal of ``address``."""
        key = normalized(address)
        self._connection.execute(
            delete(failing_addresses).where(failing_addresses.c.address == key)
        )
        self._connection.execute(
            failing_addresses.insert().values(
                address=key, reason=reason, failed_at=at, outbox_id=outbox_id
            )
        )

    def get(self, address: str) -> FailingAddress | None:
        row = self._connection.execute(
            select(failing_addresses).where(failing_addresses.c.address == normalized(address))
        ).one_or_none()
        return None if row is None else FailingAddress(**row._mapping)

    def among(self, addresses: Iterable[str]) -> dict[str, FailingAddress]:
        """The failing ones of ``addresses``, by their lower-case form."""
        keys = sorted({normalized(a) for a in addresses})
        if not keys:
            return {}
        rows = self._connection.execute(
            select(failing_addresses).where(failing_addresses.c.address.in_(keys))
        )
        return {row.address: FailingAddress(**row._mapping) for row in rows}

    def clear(self, address: str) -> bool:
        """Forget the refusal (the address was corrected); False if it was not failing."""
        result = self._connection.execute(
            delete(failing_addresses).where(failing_addresses.c.address == normalized(address))
        )
        return bool(result.rowcount)
