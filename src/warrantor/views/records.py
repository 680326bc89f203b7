"""The base of response models that are read straight from a domain record.

A service returns frozen dataclasses; a response model whose field names are
the record's own declares ``FromRecord`` and is built with
``PartOut.model_validate(part)``: Pydantic reads the attributes (nested
records too), instead of a hand-written copy of every field.

A response model that shows most of a record's fields takes their names and
types from the record with ``record_fields`` instead of retyping them, so a
field added to the record (or a type changed) shows in the answer without a
second edit::

    class ParcelOut(FromRecord):
        __annotations__ = record_fields(Parcel, leave_out=("received_by",), costs=list[CostOut])

The fields it leaves out are named, the ones shown differently are given with
their own type (in the record's place, or after the record's fields when the
record has no such field). Not for a record that holds a secret (a user's
password hash, a token's): there the answer lists its fields one by one, so a
field added to the record later is not shown by accident.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class FromRecord(BaseModel):
    """A response model Pydantic fills from a record's attributes."""

    model_config = ConfigDict(from_attributes=True)


Answer = TypeVar("Answer", bound=BaseModel)


def record_fields(
    record: type, *, leave_out: tuple[str, ...] = (), **shown_as: Any
) -> dict[str, Any]:
    """The annotations of a response model showing ``record``'s fields (a dataclass).

    Each field keeps the record's type, except those in ``leave_out`` (not shown)
    and those in ``shown_as`` (shown with that type: a nested response model, a
    field the record computes). An unknown name in ``leave_out`` is a mistake
    and raises ``ValueError`` when the module is imported.
    """
    names = [field.name for field in dataclasses.fields(record)]
    unknown = sorted(set(leave_out) - set(names))
    if unknown:
        raise ValueError(f"{record.__name__} has no field {', '.join(unknown)}")
    hints = typing.get_type_hints(record)
    fields = {name: shown_as.get(name, hints[name]) for name in names if name not in leave_out}
    fields.update((name, kind) for name, kind in shown_as.items() if name not in fields)
    return fields


def answer_from(model: type[Answer], record: object, **shown_as: Any) -> Answer:
    """``model`` filled from ``record``'s attributes, and ``shown_as`` for the fields the
    record computes (a method's result) or does not have."""
    values = {
        name: shown_as[name] if name in shown_as else getattr(record, name)
        for name in model.model_fields
    }
    return model.model_validate(values)
