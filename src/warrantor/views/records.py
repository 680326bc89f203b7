"""The base of response models that are read straight from a domain record.

A service returns frozen dataclasses; a response model whose field names are
the record's own declares ``FromRecord`` and is built with
``PartOut.model_validate(part)``: Pydantic reads the attributes (nested
records too), instead of a hand-written copy of every field.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FromRecord(BaseModel):
    """A response model Pydantic fills from a record's attributes."""

    model_config = ConfigDict(from_attributes=True)
