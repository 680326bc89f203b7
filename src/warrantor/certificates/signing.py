"""Signing a certificate, and telling a genuine one from a revoked or forged one.

A certificate is genuine only when all of these hold:

1. its key id is one of the issuer's keys (old keys included, after rotation);
2. the Ed25519 signature verifies over every field (``model.canonical_bytes``);
3. the registry holds a certificate under that number, and every signed field
   is the same as the registry's.

The third check is what refuses a forged PDF that carries a real certificate
number: a photocopy with another serial printed on it fails the signature,
and a validly signed certificate the issuer never recorded that way fails the
comparison. Reasons name the fields that differ but never show the registry's
values. The registry's record itself (``Verification.registered``, for the
answer to show the registry's facts beside the verdict) is given only when
the signature verifies with one of the issuer's keys, i.e. when the holder
already holds what the issuer signed under that number: the verification
page is public and numbers are sequential, so a made-up file naming a
guessed number must not reveal the real serial or the buyer's name.

A PDF is judged on its own signature too (``presented.judge_file``): its
printed page must be what was signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from warrantor.certificates.keys import KeyRing, SigningKey
from warrantor.certificates.model import (
    SIGNED_FIELDS,
    Certificate,
    UnsignedCertificate,
    canonical_bytes,
    signed_values,
)
from warrantor.certificates.registry import CertificateRegistry, RegistryRecord
from warrantor.certificates.revocation_words import revocation_said
from warrantor.errors import N_, Said


class VerificationStatus(StrEnum):
    VALID = "valid"
    """Genuine, as issued, and not revoked."""
    REVOKED = "revoked"
    """Genuine and as issued, but revoked (``revoked_at``, ``revoked_reason`` say when, why)."""
    FORGED = "forged"
    """Unknown key, a signature that does not verify, or fields that differ from the registry."""
    UNKNOWN = "unknown"
    """Validly signed, but no certificate with that number was issued (not in the registry)."""
    UNSIGNED_PDF = "unsigned_pdf"
    """The signed data inside is genuine and in force, but the PDF itself is not signed
    (made before PDFs were signed, or its signature removed): its page proves nothing."""


@dataclass(frozen=True, slots=True)
class Verification:
    """The answer to "is this certificate genuine?", with the reasons in plain words.

    ``differing_fields`` names (as in ``model.SIGNED_FIELDS``) the signed
    fields that differ from the registry's record, for callers that
    highlight them; a forged certificate whose number was never issued names
    ``number``.
    """

    status: VerificationStatus
    reasons: tuple[str, ...]
    number: str
    key_id: str
    differing_fields: tuple[str, ...] = ()
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    registered: RegistryRecord | None = None
    """The registry's record under this number, when the signature verified with one of the
    issuer's keys (see the module docstring); ``None`` otherwise."""

    @property
    def is_valid(self) -> bool:
        return self.status is VerificationStatus.VALID


def sign(unsigned: UnsignedCertificate, keyring: KeyRing) -> Certificate:
    """Sign with the key ring's active key, making the first key if there is none yet."""
    return sign_with(unsigned, keyring.ensure_active_key())


def sign_with(unsigned: UnsignedCertificate, key: SigningKey) -> Certificate:
    """Sign with this key: the signature covers every field and the key id.

    Signing a ``Certificate`` again signs its content afresh (old key id and
    signature are dropped), e.g. to reissue under a new key.
    """
    content = unsigned.unsigned()
    signature = key.sign(canonical_bytes(content, key.key_id))
    return Certificate.from_unsigned(content, key_id=key.key_id, signature=signature)


def verify(
    certificate: Certificate,
    public_keys: Mapping[str, Ed25519PublicKey],
    registry: CertificateRegistry,
) -> Verification:
    """Check key, signature and registry; see the module docstring for the rules.

    ``public_keys`` are every key the issuer ever signed with, by key id
    (``KeyRing.verification_keys()``, or published JWKs read back with
    ``keys.public_key_from_jwk``).
    """
    reasons: list[str] = []
    forged = False
    key = certificate.key_id
    public_key = public_keys.get(key)
    if public_key is None:
        forged = True
        reasons.append(
            Said(N_("signed with key %(key)s, which is not one of the issuer's keys"), key=key)
        )
    else:
        try:
            public_key.verify(certificate.signature, certificate.signed_bytes())
        except InvalidSignature:
            forged = True
            changed = N_(
                "the signature does not verify with key %(key)s: "
                "a field was changed after signing (or the signature was)"
            )
            reasons.append(Said(changed, key=key))

    record = registry.lookup(certificate.number)
    shown = None if forged else record

    def answer(status: VerificationStatus, differing: tuple[str, ...] = ()) -> Verification:
        return Verification(
            status,
            tuple(reasons),
            certificate.number,
            certificate.key_id,
            differing,
            registered=shown,
        )

    if record is None:
        if forged:
            reasons.append(not_issued(certificate.number))
            return answer(VerificationStatus.FORGED, ("number",))
        unknown = N_(
            "the signature verifies, but no certificate numbered %(number)s "
            "was issued (it is not in the registry)"
        )
        reasons.append(Said(unknown, number=certificate.number))
        return answer(VerificationStatus.UNKNOWN)

    differing = differing_fields(certificate, record.certificate)
    for field in differing:
        differs = N_("%(field)s differs from the certificate issued under this number")
        reasons.append(Said(differs, field=field))
    if forged or differing:
        return answer(VerificationStatus.FORGED, differing)

    if record.revoked_at is not None:
        reasons.append(revoked(record.revoked_at, record.revoked_reason))
        return Verification(
            VerificationStatus.REVOKED,
            tuple(reasons),
            certificate.number,
            certificate.key_id,
            revoked_at=record.revoked_at,
            revoked_reason=record.revoked_reason,
            registered=shown,
        )
    genuine = N_(
        "signed by the issuer's key %(key)s over every field, and every field matches the registry"
    )
    reasons.append(Said(genuine, key=key))
    return answer(VerificationStatus.VALID)


def not_issued(number: str) -> Said:
    """The reason a number the registry does not hold is no certificate."""
    return Said(N_("no certificate numbered %(number)s was issued"), number=number)


def revoked(at: datetime, reason: str | None) -> Said:
    """The reason a revoked certificate is not in force: when (in English as signed, ISO 8601
    in UTC; a page writes it on its reader's clock) and why (as the issuer wrote it)."""
    why = revocation_said(reason or "")
    return Said(N_("revoked on %(at)s: %(reason)s"), at=at, reason=why)


def differing_fields(presented: Certificate, issued: Certificate) -> tuple[str, ...]:
    """The signed fields (``SIGNED_FIELDS`` order) whose values differ between two certificates."""
    ours = signed_values(presented, presented.key_id)
    theirs = signed_values(issued, issued.key_id)
    return tuple(field for field in SIGNED_FIELDS if ours[field] != theirs[field])
