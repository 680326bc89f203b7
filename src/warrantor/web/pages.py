"""Server-rendered pages (Jinja2 + htmx). The public warranty check lives here.

A page handler is as thin as an API route: it calls the same service and
renders the same view model. An htmx request (``HX-Request`` header) gets only
the answer fragment; a plain request gets the whole page, so the page works
without JavaScript too.

The check is public and rate-limited per client (``http.public_check``); its
answer never shows owner data, even to the owner (the portal does that).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from warrantor.errors import Ambiguous, InvalidInput, NotFound, Said, WarrantorError
from warrantor.http.deps import OptionalActorDep, RuntimeDep
from warrantor.http.public_check import check_publicly
from warrantor.http.request_guard import guarded_router
from warrantor.i18n.locales import N_
from warrantor.services.access.rate_limit import RateLimited
from warrantor.views.coverage import coverage_answer
from warrantor.web.rendering import render

router = guarded_router(include_in_schema=False)


def _error_view(error: WarrantorError) -> dict[str, Any]:
    titles = {
        NotFound: N_("Not found"),
        Ambiguous: N_("Which brand?"),
        InvalidInput: N_("Please check"),
        RateLimited: N_("Please wait"),
    }
    title = next((t for cls, t in titles.items() if isinstance(error, cls)), N_("Cannot check"))
    choices = error.choices if isinstance(error, Ambiguous) else []
    return {"title": title, "message": error.message, "choices": choices}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, runtime: RuntimeDep, actor: OptionalActorDep) -> HTMLResponse:
    """The public warranty check form."""
    context = {"brands": runtime.book.brands(), "brand": None, "serial": None, "on": None}
    return render(request, "check.html", context, actor)


@router.get("/check", response_class=HTMLResponse)
def check_page(
    request: Request,
    runtime: RuntimeDep,
    actor: OptionalActorDep,
    serial: Annotated[str, Query()] = "",
    brand: Annotated[str, Query()] = "",
    on: Annotated[str, Query()] = "",
) -> HTMLResponse:
    """The answer for one serial: coverage and its reasons, never owner data."""
    context: dict[str, Any] = {
        "brands": runtime.book.brands(),
        "brand": brand or None,
        "serial": serial,
        "on": on,
        "answer": None,
        "error": None,
    }
    status = 200
    headers = {}
    try:
        day = _parse_day(on) if on else runtime.clock.today()
        result = check_publicly(request, runtime, actor, serial, day, brand=brand or None)
        context["answer"] = coverage_answer(result.unit, result.decision)
    except RateLimited as error:
        context["error"] = _error_view(error)
        status, headers = 429, {"Retry-After": str(error.retry_after)}
    except WarrantorError as error:
        context["error"] = _error_view(error)
        status = 404 if isinstance(error, NotFound) else 422
    page = render(
        request, "check.html", context, actor, partial="_coverage.html", status_code=status
    )
    page.headers.update(headers)
    return page


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        wrong = N_("'on' must be a date like 2026-11-23, not '%(raw)s'")
        raise InvalidInput(Said(wrong, raw=raw)) from None
