"""What a certificate and a verification look like outside (API JSON)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from warrantor.certificates.model import Certificate
from warrantor.certificates.signing import Verification
from warrantor.services.certificates.verifying import LinkVerification


class CertificateOut(BaseModel):
    """What a certificate says (the signed fields, without the signature)."""

    number: str
    brand: str
    model: str
    serial: str
    extension_years: int
    starts_on: date
    ends_on: date
    buyer_account_code: str
    buyer_name: str
    issued_at: datetime
    replaces: str | None
    key_id: str


class VerificationOut(BaseModel):
    """The verdict: ``valid``, ``revoked``, ``forged`` or ``unknown``, and why."""

    number: str
    status: str
    valid: bool
    reasons: list[str]
    differing_fields: list[str]
    """Signed fields that differ from the registry's record (file verification only)."""
    revoked_at: datetime | None
    revoked_reason: str | None
    certificate: CertificateOut | None
    """For a file: what it says. For a link: the registered certificate, only when the
    link's signature prefix matched it."""


class KeysOut(BaseModel):
    """The issuer's public keys (RFC 8037 JWKs), old ones included, and the one signing now."""

    active_key_id: str | None
    keys: list[dict[str, str]]


def certificate_out(certificate: Certificate) -> CertificateOut:
    return CertificateOut(
        number=certificate.number,
        brand=certificate.brand,
        model=certificate.model,
        serial=certificate.serial,
        extension_years=certificate.extension_years,
        starts_on=certificate.starts_on,
        ends_on=certificate.ends_on,
        buyer_account_code=certificate.buyer.account_code,
        buyer_name=certificate.buyer.name,
        issued_at=certificate.issued_at,
        replaces=certificate.replaces,
        key_id=certificate.key_id,
    )


def file_verification_out(certificate: Certificate, verification: Verification) -> VerificationOut:
    return VerificationOut(
        number=verification.number,
        status=verification.status.value,
        valid=verification.is_valid,
        reasons=list(verification.reasons),
        differing_fields=list(verification.differing_fields),
        revoked_at=verification.revoked_at,
        revoked_reason=verification.revoked_reason,
        certificate=certificate_out(certificate),
    )


def link_verification_out(answer: LinkVerification) -> VerificationOut:
    return VerificationOut(
        number=answer.number,
        status=answer.status.value,
        valid=answer.is_valid,
        reasons=list(answer.reasons),
        differing_fields=[],
        revoked_at=answer.revoked_at,
        revoked_reason=answer.revoked_reason,
        certificate=certificate_out(answer.certificate) if answer.certificate else None,
    )
