"""``/api/v1/certificates``: download a certificate, verify one, publish the public keys.

Downloads need a signed-in buyer, unit owner or staff member (anyone else:
404). Verification and the keys are public: a service desk anywhere can
check a certificate it is handed, and the answer reveals only what the
certificate presented already says, plus whether it is valid or revoked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, UploadFile
from pydantic import BaseModel

from warrantor.api.deps import ActorDep, RuntimeDep
from warrantor.certificates.documents import MAX_FILE_BYTES
from warrantor.certificates.model import Certificate
from warrantor.certificates.signing import Verification
from warrantor.services.certificate_downloads import certificate_pdf, get_certificate
from warrantor.services.certificate_verifying import LinkVerification, verify_file, verify_link
from warrantor.web import certificate_pages

router = APIRouter(tags=["certificates"])


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


def _file_verification_out(certificate: Certificate, verification: Verification) -> VerificationOut:
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


def _link_verification_out(answer: LinkVerification) -> VerificationOut:
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


@router.get("/certificates/keys")
def get_keys(runtime: RuntimeDep) -> KeysOut:
    """Every public key certificates were ever signed with (public; rotated keys stay)."""
    keys = runtime.keys
    active = keys.active_key()
    return KeysOut(
        active_key_id=active.key_id if active is not None else None,
        keys=list(keys.public_keys().values()),
    )


@router.post("/certificates/verify")
def post_verify(file: UploadFile, runtime: RuntimeDep) -> VerificationOut:
    """Verify a certificate file (its PDF or JSON), public. A file that is not a
    certificate is a 422 saying what is wrong with it."""
    data = file.file.read(MAX_FILE_BYTES + 1)
    result = verify_file(runtime.uow_factory, runtime.keys, data)
    return _file_verification_out(result.certificate, result.verification)


def _pdf_response(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    issued, pdf = certificate_pdf(
        runtime.uow_factory, actor, number, base_url=runtime.settings.effective_base_url
    )
    filename = f"{issued.certificate.number}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/certificates/{number}.pdf", response_class=Response)
def get_certificate_pdf(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The printable PDF (QR code to the verification page, signed JSON attached)."""
    return _pdf_response(number, runtime, actor)


@router.get("/certificates/{number}/pdf", response_class=Response)
def get_certificate_pdf_path(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The printable PDF, as ``/certificates/{number}.pdf``."""
    return _pdf_response(number, runtime, actor)


@router.get("/certificates/{number}/verify")
def get_verify(
    number: str,
    runtime: RuntimeDep,
    sig: Annotated[
        str | None,
        Query(description="The start of the signature, as in the certificate's QR link"),
    ] = None,
) -> VerificationOut:
    """The registry's status for a number (public); with ``sig``, also whether the
    certificate carrying that link is the one issued under the number."""
    return _link_verification_out(verify_link(runtime.uow_factory, number, sig))


@router.get("/certificates/{number}", response_class=Response)
def get_certificate_json(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The signed JSON document, exactly as issued (for the buyer, the unit's owner, staff)."""
    issued = get_certificate(runtime.uow_factory, actor, number)
    return Response(issued.document, media_type="application/json")


page_router = certificate_pages.router
"""The public verification page (``web.certificate_pages``), included by the app beside
the other pages (the QR code links there, outside ``/api/v1``)."""
