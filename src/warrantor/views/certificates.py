"""What a certificate and a verification look like outside (API JSON)."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import BaseModel

from warrantor.certificates.key_certificates import der, key_certificates, pem_bundle
from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Certificate
from warrantor.certificates.registry import RegistryRecord
from warrantor.certificates.signing import Verification
from warrantor.services.certificates.verifying import LinkVerification
from warrantor.views.records import FromRecord, answer_from, record_fields


class CertificateOut(FromRecord):
    """What a certificate says (the signed fields, without the signature)."""

    __annotations__ = record_fields(
        Certificate,
        leave_out=("buyer", "signature"),
        buyer_account_code=str,
        buyer_name=str,
    )


class RegisteredOut(CertificateOut):
    """The registry's facts under a certificate number (what a copy must say) and its state."""

    state: str
    """``in force`` or ``revoked`` (then ``revoked_at`` and ``revoked_reason`` say when, why)."""
    revoked_at: datetime | None
    revoked_reason: str | None


class VerificationOut(BaseModel):
    """The verdict: ``valid``, ``revoked``, ``forged``, ``unknown`` (not issued) or
    ``unsigned_pdf`` (genuine data in a PDF that is not itself signed), and why."""

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
    registered: RegisteredOut | None
    """The registry's facts, whenever the file's data carries the issuer's signature or the
    link's signature prefix matched; what a copy must say."""


class KeysOut(BaseModel):
    """The issuer's public keys (RFC 8037 JWKs), old ones included, and the one signing now.

    Each JWK carries ``x5c``: the key's self-signed X.509 certificate (base64 DER), the
    trust anchor for the certificate PDFs' own signatures (also as PEM at
    ``/api/v1/certificates/keys.pem``).
    """

    active_key_id: str | None
    keys: list[dict[str, str | list[str]]]


def certificate_out(certificate: Certificate) -> CertificateOut:
    return answer_from(
        CertificateOut,
        certificate,
        buyer_account_code=certificate.buyer.account_code,
        buyer_name=certificate.buyer.name,
    )


def registered_out(record: RegistryRecord) -> RegisteredOut:
    return RegisteredOut(
        **certificate_out(record.certificate).model_dump(),
        state="revoked" if record.revoked else "in force",
        revoked_at=record.revoked_at,
        revoked_reason=record.revoked_reason,
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
        registered=registered_out(verification.registered) if verification.registered else None,
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
        registered=registered_out(answer.registered) if answer.registered else None,
    )


def keys_out(keys: KeyRing) -> KeysOut:
    """Every key of the ring as a JWK with its X.509 certificate (``x5c``), oldest first."""
    active = keys.active_key()
    ring = keys.all_keys()
    certificates = key_certificates(ring.values())
    published = keys.public_keys()
    return KeysOut(
        active_key_id=active.key_id if active is not None else None,
        keys=[
            {**published[key_id], "x5c": [base64.b64encode(der(certificate)).decode("ascii")]}
            for key_id, certificate in certificates.items()
        ],
    )


def keys_pem(keys: KeyRing) -> str:
    """The X.509 certificates of every key, as one PEM text (what PDF signatures chain to)."""
    return pem_bundle(key_certificates(keys.all_keys().values()).values())
