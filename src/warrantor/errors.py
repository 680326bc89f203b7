"""Errors the services raise, one class per kind of answer a caller gets.

Entry points map these in one place each (``http/errors.py``, ``cli/main.py``):
a ``NotFound`` is a 404 / exit 2 naming what was looked for, an ``InvalidInput``
a 422 / exit 2 naming the field, row or line, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass


class WarrantorError(Exception):
    """Base of every error meant for the person at the other end."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(WarrantorError):
    """The thing asked for does not exist (or is not the caller's to see)."""


class Ambiguous(WarrantorError):
    """A name matched more than one thing; ``choices`` lists them."""

    def __init__(self, message: str, choices: list[str]) -> None:
        super().__init__(message)
        self.choices = choices


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where: a field, a row, a line."""

    message: str
    field: str | None = None
    row: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"'{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidInput(WarrantorError):
    """The input is wrong; ``problems`` says what and where. Nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class Conflict(WarrantorError):
    """The request clashes with what is stored (e.g. an illegal state change)."""


class Refused(WarrantorError):
    """A policy rule forbids it; ``clause_ids`` name the rules."""

    def __init__(self, message: str, clause_ids: list[str]) -> None:
        super().__init__(message)
        self.clause_ids = clause_ids


class SmartError(WarrantorError):
    """A SMART report (``smartctl --json``) could not be read into a reading.

    Subclasses in ``warrantor.smart.errors`` say which kind; ``needs_person``
    is True when the report is readable but no rule can be trusted with it,
    so the claim goes to a person instead of being guessed.
    """

    needs_person: bool = False


class NotAuthenticated(WarrantorError):
    """No valid login or token came with a request that needs one."""


class PermissionDenied(WarrantorError):
    """The actor's role may never do this. (Someone else's object is ``NotFound`` instead.)"""


class Unavailable(WarrantorError):
    """A part the request needs (e.g. the rate limiter's Redis) can't be reached (HTTP 503)."""
