"""Use case: is this certificate genuine? Public: no sign-in needed.

Two ways in, each answering valid, revoked, forged or unknown, with reasons:

- a file someone holds (the PDF or the JSON): the signature is checked over
  every field with the issuer's keys (rotated ones included), and every
  signed field is compared with the registry (``certificates.signing``); a
  PDF must also carry its own signature (PAdES) by one of the issuer's keys,
  over the whole file, unchanged since (``certificates.presented``);
- the QR link printed on the PDF: a number and the first characters of the
  signature. The registry's certificate under that number must carry that
  signature, else the paper was not printed from it.

What an answer reveals: only what the holder already has, plus the status.
A file carrying the issuer's signature over its data, and a link whose
signature prefix matches, get the registry's facts (number, brand, model,
serial, period, buyer, state), so the person holding a copy compares them
by eye; a bare number shows only its status; a file or link whose signature
is not the issuer's shows nothing of the registry.
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.links import SIGNATURE_PREFIX_LENGTH
from warrantor.certificates.model import Certificate
from warrantor.certificates.registry import RegistryRecord
from warrantor.certificates.signing import (
    Verification,
    VerificationStatus,
    not_issued,
    revoked,
    verify,
)
from warrantor.errors import InvalidInput, Problem, Said
from warrantor.i18n.locales import N_
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
    """The verdict; ``verification.registered`` is the registry's record when it may be shown."""


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

    @property
    def registered(self) -> RegistryRecord | None:
        """The registry's record, when the link may show it (its signature prefix matched)."""
        if self.certificate is None:
            return None
        return RegistryRecord(self.certificate, self.revoked_at, self.revoked_reason)


def verify_file(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, source: Path | bytes
) -> FileVerification:
    """Read a certificate PDF or JSON (a path or its bytes) and verify it against the
    keys and the registry (a PDF also on its own signature).

    A file that is not a certificate raises ``CertificateFileError`` (an
    ``InvalidInput``) saying what is wrong with it.
    """
    public_keys = keys.verification_keys()
    # imported on use: pyHanko takes about half a second to import, which every CLI
    # command would pay (see ``warrantor.certificates``)
    from warrantor.certificates.presented import judge_file, read_presented_file

    presented = read_presented_file(source, public_keys)
    with uow_factory() as uow:
        verification = verify(presented.certificate, public_keys, uow.certificates)
    return FileVerification(presented.certificate, judge_file(verification, presented.seal))


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
            (not_issued(wanted),),
        )
    certificate = issued.certificate
    if prefix is not None and not _matches(certificate, prefix):
        return LinkVerification(
            wanted,
            VerificationStatus.FORGED,
            (
                Said(
                    N_(
                        "the signature in the link is not the signature of certificate "
                        "%(number)s: whatever carries this link was not made from the "
                        "certificate issued under this number"
                    ),
                    number=wanted,
                ),
            ),
        )
    shown = certificate if prefix is not None else None
    reasons: list[str] = []
    if prefix is not None:
        reasons.append(
            N_(
                "the signature in the link is the registered certificate's: compare every "
                "detail below with the certificate presented"
            )
        )
    else:
        issued_only = N_(
            "a certificate numbered %(number)s was issued; without the signature part of the "
            "link ('sig'), what a paper copy says can't be checked here"
        )
        reasons.append(Said(issued_only, number=wanted))
    if issued.revoked_at is not None:
        reasons.append(revoked(issued.revoked_at, issued.revoked_reason))
        return LinkVerification(
            wanted,
            VerificationStatus.REVOKED,
            tuple(reasons),
            shown,
            issued.revoked_at,
            issued.revoked_reason,
        )
    reasons.append(N_("it is in force (not revoked)"))
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
            N_("the signature part of the link is damaged"),
            [
                Problem(
                    Said(
                        N_(
                            "must be %(least)s to %(most)s base64url characters (as printed "
                            "in the certificate's link)"
                        ),
                        least=SIGNATURE_PREFIX_LENGTH,
                        most=_FULL_SIGNATURE_LENGTH,
                    ),
                    field="sig",
                )
            ],
        )
    return prefix


def _matches(certificate: Certificate, prefix: str) -> bool:
    full = base64.urlsafe_b64encode(certificate.signature).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(full[: len(prefix)], prefix)
