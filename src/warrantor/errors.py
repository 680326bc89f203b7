"""Errors the services raise, one class per kind of answer a caller gets.

Entry points map these in one place each (``http/errors.py``, ``cli/main.py``):
a ``NotFound`` is a 404 / exit 2 naming what was looked for, an ``InvalidInput``
a 422 / exit 2 naming the field, row or line, and so on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


def N_(message: str) -> str:
    """Marks ``message`` for extraction (``make messages``) without translating it: it is
    translated where it is shown. (Here, below every layer, so the certificates' and the
    domain's sentences can be marked too; ``i18n.locales`` re-exports it.)"""
    return message


class Said(str):
    """A sentence for a person made of a marked template and values (issue #26).

    The string itself is the English sentence, the template filled in: the API, the CLI and
    the logs show it as before. A page or a mail in another language translates
    ``template`` first and then fills in ``values``, written the reader's way
    (``i18n.locales.localised``): the values are data (serials, seconds, zone names, days),
    never looked up in a catalogue themselves, unless one is a ``Said`` too (a marked word).
    The template is marked with ``N_`` where it is written, and names its placeholders
    (``%(serial)s``), so a translation may put them in any order::

        raise NotFound(Said(N_("no %(brand)s unit with serial %(serial)s"), brand=b, serial=s))

    A number is a quantity (written ``1,234`` in English, ``1.234`` in German): pass a code or
    an id (an RMA's, a help request's) as text. A ``Said`` made of text that is not a template,
    such as a marked word, carries no values.
    Any string operation on it (``+``, an f-string) gives a plain ``str``: English only.
    """

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Said:
        english = template % {k: _english(v) for k, v in values.items()} if values else template
        said = super().__new__(cls, english)
        said.template = template
        said.values = values
        return said


class Named(str):
    """A code in a sentence (issue #26): the English sentence, which the API and the CLI
    answer, writes the code (``quote_pending``); a page or a mail writes its ``name``, a
    marked word ("Paid-repair quote waiting for an answer"), in the reader's language."""

    name: str

    def __new__(cls, code: str, name: str = "") -> Named:
        named = super().__new__(cls, code)
        named.name = name or code  # (``name`` given after a copy or an unpickling too)
        return named


def said_together(parts: Sequence[str], separator: str = "; ") -> Said:
    """``parts`` one after the other with ``separator`` between them, each translated where it
    is shown (a ``Said``, or a marked sentence: a plain string is looked up as one); the frame
    itself is no sentence to translate."""
    frame = separator.replace("%", "%%").join(f"%(part_{i})s" for i in range(len(parts)))
    values = {f"part_{i}": p if isinstance(p, Said) else Said(p) for i, p in enumerate(parts)}
    return Said(frame, **values) if parts else Said("")


def _english(value: object) -> str:
    """A value as the English sentence writes it: a list or tuple as ``a, b, c``, an instant
    in ISO 8601 in UTC (``2025-03-01T09:30:00Z``), a whole number with thousands separated
    (``1,234``), anything else as ``str`` writes it."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


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

    @property
    def where(self) -> str:
        """The row, line and field, as the problem is prefixed ("row 3, 'serial'"; empty)."""
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"'{self.field}'")
        return ", ".join(where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


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
