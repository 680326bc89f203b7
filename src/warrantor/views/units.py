"""What a unit looks like to the outside (API JSON and ``warrantor units ... --json``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from warrantor.domain.units import Unit


class UnitOut(BaseModel):
    brand: str
    serial: str
    model: str
    product_line: str | None
    manufactured_on: date | None
    first_invoiced_on: date | None
    first_invoiced_to: str | None
    purchased_on: date | None
    proof_of_purchase: str | None
    country_of_purchase: str | None
    owner: str | None
    channel: str | None
    voiding_findings: list[str]


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        brand=unit.brand,
        serial=unit.serial,
        model=unit.model,
        product_line=unit.product_line,
        manufactured_on=unit.manufactured_on,
        first_invoiced_on=unit.first_invoiced_on,
        first_invoiced_to=unit.first_invoiced_to,
        purchased_on=unit.purchased_on,
        proof_of_purchase=unit.proof_of_purchase,
        country_of_purchase=unit.country_of_purchase,
        owner=unit.owner,
        channel=unit.channel,
        voiding_findings=list(unit.voiding_findings),
    )


class RejectOut(BaseModel):
    row: int
    reasons: str
    values: dict[str, str]


class ImportOut(BaseModel):
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    seconds: float
    rejects: list[RejectOut]
    """The rejected rows (``skip_invalid`` only), at most the first 1,000."""
