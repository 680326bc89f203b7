"""The building blocks of every table of a policy file: the strict base and the field types.

Use these when declaring a table of the policy file (``schema_vocabulary``,
``schema_rules``, ``schema_cases``): ``Strict`` makes a misspelt key an error
instead of a silently ignored line, and ``Id``, ``Country``, ``TermKind`` and
``Payer`` give every table the same spelling of the same thing.
``capacity_bytes`` reads a capacity as the file writes it (``"2TB"``).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]*$", max_length=80)]
"""A stable identifier: letters, digits and ``. _ + -``."""
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
"""An ISO 3166-1 alpha-2 code in upper case."""
TermKind = Literal["standard", "extended", "repair"]
"""A kind of coverage a rule can be scoped to."""
Payer = Literal["customer", "maker"]
ALL_TERMS: list[TermKind] = ["standard", "extended", "repair"]

_CAPACITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(GB|TB)\s*$", re.IGNORECASE)


def capacity_bytes(text: str) -> int | None:
    """``"2TB"`` -> 2 * 10**12 (decimal bytes, DESIGN.md); ``None`` when it is not a capacity."""
    found = _CAPACITY.match(text)
    if found is None:
        return None
    number, unit = found.groups()
    scale = 10**12 if unit.upper() == "TB" else 10**9
    return round(float(number) * scale)


class Strict(BaseModel):
    """Base of every table: unknown keys are errors; loaded values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
