"""The public certificate verification page: where a certificate's QR code leads.

``/certificates/{number}/verify?sig=...`` answers valid, revoked, forged or
unknown with the reasons, from the same service as the API
(``certificate_verifying.verify_link``). When the link's signature prefix
matches, the page shows what the real certificate says, so whoever holds a
paper copy can compare it line by line; a bare number shows its status only.
``/certificates/verify`` is a small form to type a number in (status only),
and to upload a certificate file (PDF or JSON): its verdict, as the API's
(``verify_file``, the PDF's own signature included), with the registry's
facts when the file carries the issuer's signature.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from warrantor.certificates.documents import MAX_FILE_BYTES
from warrantor.certificates.registry import RegistryRecord
from warrantor.certificates.signing import Verification
from warrantor.errors import InvalidInput
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.i18n.locales import N_
from warrantor.services.certificates.verifying import LinkVerification, verify_file, verify_link
from warrantor.web.rendering import render

router = guarded_router(include_in_schema=False)

_HEADLINES = {
    "valid": N_("Valid certificate"),
    "revoked": N_("Revoked certificate"),
    "forged": N_("Not a genuine certificate"),
    "unknown": N_("Unknown certificate"),
    "unsigned_pdf": N_("Genuine data in an unsigned PDF: its page proves nothing"),
}
_STYLE = {
    "valid": "outcome-covered",
    "revoked": "outcome-not_covered",
    "forged": "outcome-not_covered",
    "unknown": "outcome-needs_information",
    "unsigned_pdf": "outcome-needs_information",
}


@router.get("/certificates/verify", response_class=HTMLResponse)
def verify_form(
    request: Request, runtime: RuntimeDep, number: Annotated[str, Query()] = ""
) -> HTMLResponse:
    """A form asking for a certificate number; with one, its status (no details)."""
    return _render(request, runtime, number.strip(), None)


@router.get("/certificates/{number}/verify", response_class=HTMLResponse)
def verify_page(
    request: Request,
    number: str,
    runtime: RuntimeDep,
    sig: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    """The verdict on the certificate the link was printed on."""
    return _render(request, runtime, number, sig)


@router.post("/certificates/verify", response_class=HTMLResponse)
def verify_upload(
    request: Request, runtime: RuntimeDep, file: Annotated[UploadFile, File()]
) -> HTMLResponse:
    """The verdict on an uploaded certificate PDF or JSON (changes nothing, so no sign-in)."""
    data = file.file.read(MAX_FILE_BYTES + 1)
    context: dict[str, Any] = {"number": "", "answer": None, "error": None, "file": True}
    try:
        result = verify_file(reads_for(request, runtime), runtime.keys, data)
    except InvalidInput as error:
        return _page(request, {**context, "error": _error(error)}, 422)
    verdict = result.verification
    return _page(request, {**context, **_verdict(verdict, verdict.registered)})


def _render(request: Request, runtime: RuntimeDep, number: str, sig: str | None) -> HTMLResponse:
    context: dict[str, Any] = {"number": number, "answer": None, "error": None}
    status = 200
    if number:
        try:
            answer = verify_link(reads_for(request, runtime), number, sig)
        except InvalidInput as error:
            context["error"] = _error(error)
            status = 422
        else:
            context.update(_verdict(answer, answer.registered))
    return _page(request, context, status)


def _verdict(
    answer: Verification | LinkVerification, registered: RegistryRecord | None
) -> dict[str, Any]:
    return {
        "answer": answer,
        "registered": registered,
        "headline": _HEADLINES[answer.status.value],
        "style": _STYLE[answer.status.value],
    }


def _error(error: InvalidInput) -> dict[str, Any]:
    """The refusal: where each problem is (the link's parameter, the file's line) and its
    message, kept as said (the page translates it)."""
    return {"message": error.message, "problems": [(p.where, p.message) for p in error.problems]}


def _page(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return render(request, "certificates/verify.html", context, None, status_code=status)
