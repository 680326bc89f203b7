"""Use case: is this certificate genuine? Public: no sign-in needed.

Two ways in, each answering valid, revoked, forged or unknown, with reasons:

- a file someone holds (the PDF or the JSON): the signature is checked over
  every field with the issuer's keys (rotated ones included), and every
  signed field is compared with the registry (``certificates.signing``);
- the QR link printed on the PDF: a number and the first characters of the
  signature. The registry's certificate under that number must carry that
  signature, else the paper was not printed from it.

What an answer reveals: only what the holder already has, plus the status.
A link whose signature prefix matches shows what the real certificate says
(the holder has it in hand, and needs it to compare the print); a bare
number shows only its status; a mismatching prefix shows nothing.
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warrantor.certificates.documents import read_certificate_file
from warrantor.certificates.keys import KeyRing
from warrantor.certificates.links import SIGNATURE_PREFIX_LENGTH
from warrantor.certificates.model import Certificate, format_instant
from warrantor.certificates.signing import Verification, VerificationStatus, verify
from warrantor.errors import InvalidInput, Problem
from warrantor.services.uow import UnitOfWorkFactory

_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_FULL_SIGNATURE_LENGTH = 86
"""Characters of a 64-byte signature in base64url without padding."""


@dataclass(frozen=True, slots=True)
class FileVerification:
    """A presented file's certificate and the verdict on it."""

    certificate: Certificate
    """What the file says (not to be trusted unless ``verification.is_valid``)."""
    verification: Verification


@dataclass(frozen=True, slots=True)
class LinkVerification:
    """The verdict on a number (and signature prefix) from a verification link."""

    number: str
    status: VerificationStatus
    reasons: tuple[str, ...]
    certificate: Certificate | None = None
    """The registered certificate, only when the link's signature prefix matched it."""
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @property
    def is_valid(self) -> bool:
        return self.status is VerificationStatus.VALID


def verify_file(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, source: Path | bytes
) -> FileVerification:
    """Read a certificate PDF or JSON (a path or its bytes) and verify it against the
    keys and the registry.

    A file that is not a certificate raises ``CertificateFileError`` (an
    ``InvalidInput``) saying what is wrong with it.
    """
    certificate = read_certificate_file(source)
    with uow_factory() as uow:
        verification = verify(certificate, keys.verification_keys(), uow.certificates)
    return FileVerification(certificate, verification)


def verify_link(
    uow_factory: UnitOfWorkFactory, number: str, signature_prefix: str | None = None
) -> LinkVerification:
    """The registry's answer for ``number``; see the module docstring for what it shows."""
    wanted = number.strip()
    prefix = _checked_prefix(signature_prefix)
    with uow_factory() as uow:
        issued = uow.certificates.get(wanted)
    if issued is None:
        return LinkVerification(
            wanted,
            VerificationStatus.UNKNOWN,
            (f"no certificate numbered {wanted} was issued",),
        )
    certificate = issued.certificate
    if prefix is not None and not _matches(certificate, prefix):
        return LinkVerification(
            wanted,
            VerificationStatus.FORGED,
            (
                f"the signature in the link is not the signature of certificate {wanted}: "
                "whatever carries this link was not made from the certificate issued "
                "under this number",
            ),
        )
    shown = certificate if prefix is not None else None
    reasons: list[str] = []
    if prefix is not None:
        reasons.append(
            "the signature in the link is the registered certificate's: compare every "
            "detail below with the certificate presented"
        )
    else:
        reasons.append(
            f"a certificate numbered {wanted} was issued; without the signature part of the "
            "link ('sig'), what a paper copy says can't be checked here"
        )
    if issued.revoked_at is not None:
        reasons.append(f"revoked on {format_instant(issued.revoked_at)}: {issued.revoked_reason}")
        return LinkVerification(
            wanted,
            VerificationStatus.REVOKED,
            tuple(reasons),
            shown,
            issued.revoked_at,
            issued.revoked_reason,
        )
    reasons.append("it is in force (not revoked)")
    return LinkVerification(wanted, VerificationStatus.VALID, tuple(reasons), shown)


def _checked_prefix(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    prefix = raw.strip()
    if (
        not _BASE64URL.fullmatch(prefix)
        or not SIGNATURE_PREFIX_LENGTH <= len(prefix) <= _FULL_SIGNATURE_LENGTH
    ):
        raise InvalidInput(
            "the signature part of the link is damaged",
            [
                Problem(
                    f"must be {SIGNATURE_PREFIX_LENGTH} to {_FULL_SIGNATURE_LENGTH} base64url "
                    "characters (as printed in the certificate's link)",
                    field="sig",
                )
            ],
        )
    return prefix


def _matches(certificate: Certificate, prefix: str) -> bool:
    full = base64.urlsafe_b64encode(certificate.signature).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(full[: len(prefix)], prefix)
