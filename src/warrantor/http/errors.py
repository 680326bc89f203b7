"""Every error the API answers with, mapped in one place.

A body always has the same shape, so a client can show it without guessing::

    {"error": {"type": "not_found", "message": "...", "problems": [...], ...}}

``problems`` names the field, row or line of each thing wrong with the input.

A browser asking for a page (not under ``/api``) gets an HTML page instead,
with the same status: the app passes the web layer's ``PageForError`` in, so
the mapping from error to status stays here, in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from warrantor.errors import (
    N_,
    Ambiguous,
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Problem,
    Refused,
    Unavailable,
    WarrantorError,
)

_STATUS: list[tuple[type[WarrantorError], int, str]] = [
    (NotFound, 404, "not_found"),
    (Ambiguous, 409, "ambiguous"),
    (InvalidInput, 422, "invalid_input"),
    (Conflict, 409, "conflict"),
    (Refused, 422, "refused"),
    (NotAuthenticated, 401, "not_authenticated"),
    (PermissionDenied, 403, "permission_denied"),
    (Unavailable, 503, "unavailable"),
]


_HTTP_KINDS = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}
_HTTP_MESSAGES = {
    "There was an error parsing the body": (
        "the request body could not be read as JSON: nested too deep, a number too long, "
        "or not text"
    ),
}


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "message": problem.message,
        "field": problem.field,
        "row": problem.row,
        "line": problem.line,
    }


def error_body(error: WarrantorError) -> tuple[int, dict[str, Any]]:
    """The status code and JSON body for a service error."""
    status, kind = 400, "error"
    for cls, cls_status, cls_kind in _STATUS:
        if isinstance(error, cls):
            status, kind = cls_status, cls_kind
            break
    body: dict[str, Any] = {"type": kind, "message": error.message}
    if isinstance(error, InvalidInput):
        body["problems"] = [_problem_json(p) for p in error.problems]
    if isinstance(error, Ambiguous):
        body["choices"] = error.choices
    if isinstance(error, Refused):
        body["clause_ids"] = error.clause_ids
    return status, {"error": body}


def _validation_problem(error: dict[str, Any]) -> Problem:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return Problem(message=str(error.get("msg", "invalid value")), field=".".join(loc) or None)


PageForError = Callable[[Request, int, str], Awaitable[Response | None]]
"""The web layer's error page: ``(request, status, message)`` -> a page, or ``None`` when
the request is not a browser's asking for a page (then the JSON body is answered)."""

INTERNAL = N_("something went wrong on our side; it has been logged")
"""What a bug answers (marked: the error page says it in its reader's language)."""


def install_error_handlers(app: FastAPI, page_for: PageForError | None = None) -> None:
    """Register the handlers that turn service and validation errors into JSON bodies (or,
    through ``page_for``, into pages for a browser that asked for one)."""

    async def _page(request: Request, status: int, message: str) -> Response | None:
        return None if page_for is None else await page_for(request, status, message)

    @app.exception_handler(WarrantorError)
    async def _service_error(request: Request, error: WarrantorError) -> Response:
        status, body = error_body(error)
        page = await _page(request, status, body["error"]["message"])
        return page or JSONResponse(status_code=status, content=body)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        """FastAPI's and Starlette's own refusals (no such route, method not allowed, a body
        that can't be parsed) in the same shape as every other error."""
        kind = _HTTP_KINDS.get(error.status_code, "error")
        message = _HTTP_MESSAGES.get(str(error.detail), str(error.detail))
        page = await _page(request, error.status_code, message)
        if page is not None:
            return page
        body = {"error": {"type": kind, "message": message}}
        return JSONResponse(status_code=error.status_code, content=body, headers=error.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        """A bug: a page for a browser, the usual JSON shape for the API (Starlette's
        outermost middleware calls this, then logs the error with its traceback)."""
        page = await _page(request, 500, INTERNAL)
        body = {"error": {"type": "internal", "message": INTERNAL}}
        return page or JSONResponse(status_code=500, content=body)

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_validation_problem(dict(e)) for e in error.errors()]
        fields = ", ".join(p.field or "request" for p in problems)
        invalid = InvalidInput(f"invalid request: {fields}", problems)
        status, body = error_body(invalid)
        return JSONResponse(status_code=status, content=body)
