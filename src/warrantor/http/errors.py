"""Every error the API answers with, mapped in one place.

A body always has the same shape, so a client can show it without guessing::

    {"error": {"type": "not_found", "message": "...", "problems": [...], ...}}

``problems`` names the field, row or line of each thing wrong with the input.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from warrantor.errors import (
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


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn service and validation errors into JSON bodies."""

    @app.exception_handler(WarrantorError)
    async def _service_error(request: Request, error: WarrantorError) -> JSONResponse:
        status, body = error_body(error)
        return JSONResponse(status_code=status, content=body)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        """FastAPI's and Starlette's own refusals (no such route, method not allowed, a body
        that can't be parsed) in the same shape as every other error."""
        kind = _HTTP_KINDS.get(error.status_code, "error")
        message = _HTTP_MESSAGES.get(str(error.detail), str(error.detail))
        body = {"error": {"type": kind, "message": message}}
        return JSONResponse(status_code=error.status_code, content=body, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_validation_problem(dict(e)) for e in error.errors()]
        fields = ", ".join(p.field or "request" for p in problems)
        invalid = InvalidInput(f"invalid request: {fields}", problems)
        status, body = error_body(invalid)
        return JSONResponse(status_code=status, content=body)
