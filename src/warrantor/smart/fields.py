"""Reading typed values out of smartctl's JSON, naming the field when one is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from warrantor.smart.errors import BadField

MAX_DIGITS = 39
"""The digits of the widest counter smartctl writes as a string (NVMe's 128-bit ones)."""


def lookup(document: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` (``"power_on_time.hours"``), or ``None`` if absent."""
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def count(value: Any, field: str) -> int:
    """A non-negative integer counter; JSON ``true``/``false`` and floats are refused.

    A float would already have lost digits above 2^53, so it is never accepted.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadField(f"'{field}' should be a whole number, got {value!r}", field)
    if value < 0:
        raise BadField(f"'{field}' should not be negative, got {value}", field)
    return value


def decimal_string(value: Any, field: str) -> int:
    """A counter smartctl wrote as a string of decimal digits (its ``*_s`` keys)."""
    if not isinstance(value, str) or not value.strip().isdigit() or not value.strip().isascii():
        raise BadField(
            f"'{field}' should be a string of decimal digits, got {str(value)[:40]!r}", field
        )
    if len(value.strip()) > MAX_DIGITS:  # and int() refuses 4,300 digits and more
        raise BadField(f"'{field}' has more digits than any counter ({MAX_DIGITS})", field)
    return int(value.strip())


def optional_text(document: Mapping[str, Any], path: str) -> str | None:
    """A text field, stripped; ``None`` when absent or blank."""
    value = lookup(document, path)
    if value is None:
        return None
    text = str(value).strip()
    return text or None
