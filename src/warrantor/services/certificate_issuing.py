"""Use case: issue, reissue, revoke and verify extended-warranty certificates (issue #4).

Owned by the certificates work. Called by the sales services after payment
(``issue_certificate``) and by the workshop when an extension moves to a
replacement unit (``reissue_certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Buyer, Certificate
from warrantor.services.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class CertificateRequest:
    """What a certificate will say, except its number, signature and time of issue."""

    extension_id: int
    """The granted extension (``unit_extensions`` row) the certificate proves."""
    brand: str
    model: str
    serial: str
    extension_years: int
    starts_on: date
    ends_on: date
    buyer: Buyer


def issue_certificate(
    uow: UnitOfWork, keys: KeyRing, request: CertificateRequest, now: datetime
) -> Certificate:
    """Number, sign and register a certificate inside the caller's unit of work."""
    raise NotImplementedError("certificate issuing is being built (issue #4)")


def reissue_certificate(
    uow: UnitOfWork,
    keys: KeyRing,
    old_number: str,
    *,
    serial: str,
    model: str,
    now: datetime,
    reason: str,
) -> Certificate:
    """Issue a new certificate for another serial/model, revoking ``old_number`` with ``reason``."""
    raise NotImplementedError("certificate reissuing is being built (issue #4)")
