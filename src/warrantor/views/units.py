"""What a unit looks like to the outside (API JSON and ``warrantor units ... --json``)."""

from __future__ import annotations

from pydantic import BaseModel

from warrantor.domain.units import Unit
from warrantor.services.installed_base.unit_import import ImportSummary
from warrantor.views.records import FromRecord, record_fields


class UnitOut(FromRecord):
    __annotations__ = record_fields(Unit)


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut.model_validate(unit)


class RejectOut(BaseModel):
    row: int
    reasons: str
    values: dict[str, str]


class ImportOut(FromRecord):
    """What an import did; ``rejects`` are the rejected rows (``skip_invalid`` only), at most
    the first 1,000."""

    __annotations__ = record_fields(
        ImportSummary, leave_out=("rejects_path",), rejects=list[RejectOut]
    )
