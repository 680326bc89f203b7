"""What each API route answers besides its success, for its ``responses=``.

Every error has one body (``http.errors``)::

    {"error": {"type": "not_found", "message": "...", "problems": [...], ...}}

``errors(401, 404, 422)`` documents those statuses with that body, so the
OpenAPI document says what a client can really get back. The list per route
is held to the truth by ``tests/integration/api/test_documented_statuses.py``:
a status a test sees that the route doesn't list fails, and so does one listed
that no test ever sees.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ProblemOut(BaseModel):
    """One thing wrong with the input, and where."""

    message: str
    field: str | None = None
    row: int | None = None
    line: int | None = None


class ErrorOut(BaseModel):
    type: str = Field(description="not_found, invalid_input, rate_limited, ...")
    message: str
    problems: list[ProblemOut] | None = Field(None, description="invalid_input: each problem")
    choices: list[str] | None = Field(None, description="ambiguous: what it could mean")
    clause_ids: list[str] | None = Field(None, description="refused: the policy's clauses")


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: ErrorOut


MEANINGS = {
    400: "The request body could not be read (not JSON, nested too deep, a number too long)",
    401: "Not signed in: send 'Authorization: Bearer <token>' (or sign in)",
    403: "Signed in, but this role may not do this",
    404: "Not found (or not yours to see)",
    409: "It clashes with what is stored (already done, changed meanwhile, ambiguous)",
    422: "Invalid input or refused by the policy: each problem names its field, row or line",
    429: "Too many requests: wait the seconds 'Retry-After' says",
    503: "A part it needs is unreachable (the rate limiter's store)",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for these error statuses, each with the error body."""
    return {status: {"model": ErrorBody, "description": MEANINGS[status]} for status in statuses}
