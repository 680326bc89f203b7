"""The kinds of SMART report problems, each a ``SmartError``.

Raised by ``warrantor.smart.reader``; the RMA desk shows the message as is, so
every message says what was wrong and, where it matters, what happens next.
"""

from __future__ import annotations

from warrantor.errors import SmartError


class NotJson(SmartError):
    """The upload is not JSON at all (often the text output of ``smartctl -a``)."""


class NotSmartctlOutput(SmartError):
    """The upload is JSON but not ``smartctl --json`` output."""


class SmartctlFailed(SmartError):
    """smartctl ran but could not read the device, so the report holds no data.

    ``messages`` are smartctl's own words; ``exit_status`` its exit code.
    """

    def __init__(self, message: str, messages: tuple[str, ...], exit_status: int | None) -> None:
        super().__init__(message)
        self.messages = messages
        self.exit_status = exit_status


class BadField(SmartError):
    """A field the reading needs is missing or malformed; ``field`` names it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class WriteUnitUnknown(SmartError):
    """There is no write counter whose unit is known, so bytes written can't be told.

    Never guessed: the claim goes to a person.
    """

    needs_person = True
