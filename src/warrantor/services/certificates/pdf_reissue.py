"""Use case: a signed PDF in exchange for a certificate PDF made before PDFs were signed.

Certificate PDFs made by releases before PAdES signing carry the signed JSON
but no signature of their own, so verification answers them
``unsigned_pdf``: the data is genuine, the printed page proves nothing.
Whoever holds such a file (or the JSON) gets a fresh PDF, signed by the
ring's active key, drawn from the registry's record, not from the old
file's page. Only a certificate whose data verifies and is in force gets
one: a forged, unknown or revoked one is refused with the verdict's reasons.
"""

from __future__ import annotations

from pathlib import Path

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.signing import VerificationStatus
from warrantor.errors import Conflict
from warrantor.services.certificates.verifying import FileVerification, verify_file
from warrantor.services.uow import UnitOfWorkFactory

REISSUABLE = frozenset({VerificationStatus.VALID, VerificationStatus.UNSIGNED_PDF})


def reissue_pdf(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, source: Path | bytes, *, base_url: str
) -> tuple[FileVerification, bytes]:
    """The verdict on the old file and the new signed PDF of the registry's certificate.

    Raises ``Conflict`` with the verdict and its reasons when the old file's
    certificate is not genuine and in force, and what ``verify_file`` raises
    for a file that is not a certificate.
    """
    old = verify_file(uow_factory, keys, source)
    verdict = old.verification
    if verdict.status not in REISSUABLE or verdict.registered is None:
        raise Conflict(
            f"certificate {verdict.number} is {verdict.status.value}, so it gets no new PDF: "
            + "; ".join(verdict.reasons)
        )
    certificate = verdict.registered.certificate
    # imported on use: pyHanko takes about half a second to import, which every CLI
    # command would pay (see ``warrantor.certificates``)
    from warrantor.certificates.pdf import render_pdf

    return old, render_pdf(certificate, base_url, keys.ensure_active_key())
