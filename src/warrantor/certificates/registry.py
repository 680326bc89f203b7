"""The registry port: what the issuer recorded for a certificate number.

Verification compares a presented certificate with this record, so a
validly signed certificate is still refused when it says something the
issuer never issued, and a revoked one is reported as revoked. The database
implementation comes with the sales service; ``InMemoryRegistry`` serves
tests and offline checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from warrantor.certificates.model import Certificate
from warrantor.errors import InvalidInput, Problem


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """A certificate as issued, and whether (when, why) it was revoked.

    ``revoked_at`` and ``revoked_reason`` go together: a revocation always
    says why (e.g. "reissued as EW-2025-000124", "refunded").
    """

    certificate: Certificate
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    def __post_init__(self) -> None:
        if (self.revoked_at is None) != (self.revoked_reason is None):
            raise InvalidInput(
                "a revocation needs both a time and a reason",
                [Problem("needs revoked_at and revoked_reason together", field="revoked_reason")],
            )
        if self.revoked_at is not None and self.revoked_at.utcoffset() is None:
            raise InvalidInput(
                "revoked_at must be timezone-aware",
                [Problem("must be timezone-aware (UTC)", field="revoked_at")],
            )

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateRegistry(Protocol):
    """Look up what was issued under a number; ``None`` when nothing was."""

    def lookup(self, number: str) -> RegistryRecord | None: ...


class InMemoryRegistry:
    """A registry held in a dict: for tests, demos and checks against an export."""

    def __init__(self, records: Iterable[RegistryRecord] = ()) -> None:
        self._records = {record.certificate.number: record for record in records}

    def add(self, record: RegistryRecord) -> None:
        self._records[record.certificate.number] = record

    def lookup(self, number: str) -> RegistryRecord | None:
        return self._records.get(number)
