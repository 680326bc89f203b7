"""``/api/v1/certificates``: download a certificate, verify one, publish the public keys.

Downloads need a signed-in buyer, unit owner or staff member (anyone else:
404). Verification and the keys are public: a service desk anywhere can
check a certificate it is handed, and the answer reveals only what the
certificate presented already says, plus whether it is valid or revoked.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, UploadFile
from fastapi.responses import PlainTextResponse

from warrantor.api.responses import errors
from warrantor.certificates.documents import MAX_FILE_BYTES
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for, reads_only
from warrantor.http.request_guard import guarded_router
from warrantor.services.certificates.downloads import certificate_pdf, get_certificate
from warrantor.services.certificates.verifying import verify_file, verify_link
from warrantor.views.certificates import (
    KeysOut,
    VerificationOut,
    file_verification_out,
    keys_out,
    keys_pem,
    link_verification_out,
)

router = guarded_router(tags=["certificates"])


@router.get("/certificates/keys")
def get_keys(runtime: RuntimeDep) -> KeysOut:
    """Every public key certificates were ever signed with (public; rotated keys stay), each
    with its X.509 certificate (``x5c``) that certificate PDFs are signed under."""
    return keys_out(runtime.keys)


@router.get("/certificates/keys.pem", response_class=PlainTextResponse)
def get_keys_pem(runtime: RuntimeDep) -> PlainTextResponse:
    """The X.509 certificate of every signing key, in PEM (public): the trust anchors a PDF
    reader or pyHanko checks a certificate PDF's own signature against."""
    return PlainTextResponse(keys_pem(runtime.keys), media_type="application/x-pem-file")


@router.post("/certificates/verify", responses=errors(422))
def post_verify(file: UploadFile, request: Request, runtime: RuntimeDep) -> VerificationOut:
    """Verify a certificate file (its PDF or JSON), public. A file that is not a
    certificate is a 422 saying what is wrong with it."""
    reads_only(request)
    data = file.file.read(MAX_FILE_BYTES + 1)
    result = verify_file(reads_for(request, runtime), runtime.keys, data)
    return file_verification_out(result.certificate, result.verification)


def _pdf_response(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    issued, pdf = certificate_pdf(
        runtime.uow_factory,
        runtime.keys,
        actor,
        number,
        base_url=runtime.settings.effective_base_url,
    )
    filename = f"{issued.certificate.number}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/certificates/{number}.pdf", response_class=Response, responses=errors(401, 404, 422))
def get_certificate_pdf(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The printable PDF (QR code to the verification page, signed JSON attached), itself
    signed (PAdES) by the ring's active key."""
    return _pdf_response(number, runtime, actor)


@router.get("/certificates/{number}/pdf", response_class=Response, responses=errors(401, 404, 422))
def get_certificate_pdf_path(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The printable PDF, as ``/certificates/{number}.pdf``."""
    return _pdf_response(number, runtime, actor)


@router.get("/certificates/{number}/verify", responses=errors(422))
def get_verify(
    number: str,
    request: Request,
    runtime: RuntimeDep,
    sig: Annotated[
        str | None,
        Query(description="The start of the signature, as in the certificate's QR link"),
    ] = None,
) -> VerificationOut:
    """The registry's status for a number (public); with ``sig``, also whether the
    certificate carrying that link is the one issued under the number."""
    return link_verification_out(verify_link(reads_for(request, runtime), number, sig))


@router.get("/certificates/{number}", response_class=Response, responses=errors(401, 404, 422))
def get_certificate_json(number: str, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The signed JSON document, exactly as issued (for the buyer, the unit's owner, staff)."""
    issued = get_certificate(runtime.uow_factory, actor, number)
    return Response(issued.document, media_type="application/json")
