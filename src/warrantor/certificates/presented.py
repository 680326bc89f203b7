"""A file someone presents as a certificate: what it holds, and the verdict on the file.

A JSON document is judged on its signed data alone (``signing.verify``). A
PDF is judged on its signed data *and* on its own signature
(``pdf_seal.check_pdf_seal``), because the person holding it reads the page:

- a PDF whose own signature is broken (changed, damaged, not the issuer's)
  is ``forged``, whatever its data says, with what was found;
- a PDF with no signature of its own is at best ``unsigned_pdf``: the data
  inside may be genuine, but nothing ties the printed page to it;
- a PDF signed by the issuer and unchanged gets the data's verdict.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from warrantor.certificates.documents import file_bytes, is_pdf, read_certificate_file
from warrantor.certificates.model import Certificate
from warrantor.certificates.pdf_seal import PdfSeal, SealState, check_pdf_seal
from warrantor.certificates.signing import Verification, VerificationStatus
from warrantor.errors import N_


@dataclass(frozen=True, slots=True)
class PresentedFile:
    """The certificate a file holds (not yet verified) and, for a PDF, its own signature."""

    certificate: Certificate
    seal: PdfSeal | None
    """``None`` for a JSON document (it has no printed face)."""


def read_presented_file(
    source: Path | str | bytes, public_keys: Mapping[str, Ed25519PublicKey]
) -> PresentedFile:
    """Read a JSON or PDF certificate file and, for a PDF, check its own signature against
    the issuer's ``public_keys`` (``KeyRing.verification_keys()``).

    Raises what ``read_certificate_file`` raises for a file that is not a
    readable certificate, and ``CorruptPdf`` when pyHanko can't parse the PDF.
    """
    data = file_bytes(source)
    certificate = read_certificate_file(data)
    seal = check_pdf_seal(data, public_keys) if is_pdf(data) else None
    return PresentedFile(certificate, seal)


def judge_file(verification: Verification, seal: PdfSeal | None) -> Verification:
    """The verdict on a presented file: the data's ``verification`` with the PDF's own
    signature taken into account (see the module docstring)."""
    if seal is None:
        return verification
    reasons = (*seal.reasons, *verification.reasons)
    status = verification.status
    if seal.state is SealState.BROKEN:
        status = VerificationStatus.FORGED
    elif seal.state is SealState.UNSIGNED and status is VerificationStatus.VALID:
        status = VerificationStatus.UNSIGNED_PDF
        reasons = (
            *reasons,
            N_(
                "the data is genuine: compare the page with the registry's facts, and ask for "
                "the certificate's PDF again (or 'warrantor certificate reissue-pdf FILE') to "
                "get a signed one"
            ),
        )
    return dataclasses.replace(verification, status=status, reasons=reasons)
