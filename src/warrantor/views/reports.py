"""The reports' rows as the API and the CLI give them (issue #23, item 3): one shape per
report, the product line's id with its name beside it, read from ``services.reports``."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from warrantor.services.reports import AttachRate, RmaCount, SlaMonth
from warrantor.store.coverage_reports import EndingUnit
from warrantor.views.names import Names


class RmaCountOut(BaseModel):
    month: str
    brand: str
    product_line: str
    product_line_name: str | None
    rmas: int


def rma_count_out(names: Names, r: RmaCount) -> RmaCountOut:
    return RmaCountOut(
        month=r.month,
        brand=r.brand,
        product_line=r.product_line,
        product_line_name=names.line_name(r.brand, r.product_line),
        rmas=r.rmas,
    )


class SlaMonthOut(BaseModel):
    clock: str
    month_due: str
    kept: int
    late: int
    open: int


def sla_month_out(r: SlaMonth) -> SlaMonthOut:
    return SlaMonthOut(clock=r.clock, month_due=r.month, kept=r.kept, late=r.late, open=r.open)


class AttachRateOut(BaseModel):
    brand: str
    product_line: str
    product_line_name: str | None
    units_invoiced: int
    units_extended: int
    attach_percent: float


def attach_rate_out(names: Names, r: AttachRate) -> AttachRateOut:
    return AttachRateOut(
        brand=r.brand,
        product_line=r.product_line,
        product_line_name=names.line_name(r.brand, r.product_line),
        units_invoiced=r.invoiced,
        units_extended=r.extended,
        attach_percent=round(r.percent, 1),
    )


class ExpiringOut(BaseModel):
    ends_on: date
    brand: str
    serial: str
    model: str
    product_line: str
    product_line_name: str | None
    coverage: str
    owner: str | None


def expiring_out(names: Names, row: EndingUnit) -> ExpiringOut:
    return ExpiringOut(
        ends_on=row.ends_on,
        brand=row.brand,
        serial=row.serial,
        model=row.model,
        product_line=row.product_line,
        product_line_name=names.line_name(row.brand, row.product_line),
        coverage=row.kind,
        owner=row.owner,
    )


def columns(model: type[BaseModel]) -> list[str]:
    """A report's columns (its CSV header), in the shape's order."""
    return list(model.model_fields)


def values(row: BaseModel) -> tuple[object, ...]:
    """A row's values in its columns' order (a CSV line)."""
    return tuple(getattr(row, name) for name in type(row).model_fields)
