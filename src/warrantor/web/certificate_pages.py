"""The public certificate verification page: where a certificate's QR code leads.

``/certificates/{number}/verify?sig=...`` answers valid, revoked, forged or
unknown with the reasons, from the same service as the API
(``certificate_verifying.verify_link``). When the link's signature prefix
matches, the page shows what the real certificate says, so whoever holds a
paper copy can compare it line by line; a bare number shows its status only.
``/certificates/verify`` is a small form to type a number in (status only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from warrantor.errors import InvalidInput
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.certificates.verifying import verify_link

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")

router = APIRouter(include_in_schema=False)

_HEADLINES = {
    "valid": "Valid certificate",
    "revoked": "Revoked certificate",
    "forged": "Not a genuine certificate",
    "unknown": "Unknown certificate",
}
_STYLE = {
    "valid": "outcome-covered",
    "revoked": "outcome-not_covered",
    "forged": "outcome-not_covered",
    "unknown": "outcome-needs_information",
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


def _render(request: Request, runtime: RuntimeDep, number: str, sig: str | None) -> HTMLResponse:
    context: dict[str, Any] = {"number": number, "answer": None, "error": None}
    status = 200
    if number:
        try:
            answer = verify_link(reads_for(request, runtime), number, sig)
        except InvalidInput as error:
            problems = [str(p) for p in error.problems]
            context["error"] = {"message": error.message, "problems": problems}
            status = 422
        else:
            context["answer"] = answer
            context["headline"] = _HEADLINES[answer.status.value]
            context["style"] = _STYLE[answer.status.value]
    return TEMPLATES.TemplateResponse(
        request, "certificates/verify.html", context, status_code=status
    )
