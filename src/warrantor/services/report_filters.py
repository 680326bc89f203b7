"""What a report may be narrowed by (issue #23, item 3): brand, product line, country,
service centre and a date range, checked against the policies in force.

``report_filter`` turns what a person typed into a ``ReportFilter`` or ``InvalidInput``
naming the field (an unknown brand lists the brands, an unknown line the brand's lines,
an unknown centre the centres); ``services.reports`` applies it to each report's query
(``rma_conditions``, ``unit_conditions``), and a report a filter does not apply to
refuses it by name (``refuse``) rather than ignoring it.

What each filter means: *country* is where service was asked for an RMA
(``service_country``) and the country of purchase for a unit; *service centre* is the
RMA's service point (units have none); the date range is the report's own dates (RMAs
opened, clocks due, units first invoiced) and both ends are included.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func

from warrantor.errors import InvalidInput, NotFound, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centres as policy_centres
from warrantor.store.tables import brands, product_lines, units
from warrantor.store.tables_rma import rmas


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """A report's filters; ``None`` means any."""

    brand: str | None = None
    product_line: str | None = None
    country: str | None = None
    service_centre: str | None = None
    start: date | None = None
    end: date | None = None

    def named(self) -> list[str]:
        """The filters set, by field name."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


NO_FILTER = ReportFilter()
"""Every row: what a report shows when nothing narrows it."""


def _bad(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", [Problem(message, field)])


def report_filter(
    book: PolicyBook,
    *,
    brand: str | None = None,
    product_line: str | None = None,
    country: str | None = None,
    service_centre: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ReportFilter:
    """The filters, each checked (empty text counts as not given); ``InvalidInput`` naming
    the first field that is wrong."""
    brand, product_line, country, service_centre = (
        value.strip() if value and value.strip() else None
        for value in (brand, product_line, country, service_centre)
    )
    policies = [book.version_for(b, None) for b in book.brands()]
    if brand is not None:
        try:
            policies = [book.version_for(brand, None)]
        except NotFound:
            raise _bad("brand", f"no brand {brand!r}; brands: {', '.join(book.brands())}") from None
        brand = policies[0].brand
    if product_line is not None:
        lines = {
            line_id.casefold(): line_id
            for p in policies
            for line_id, _ in book.product_lines(p.brand)
        }
        if product_line.casefold() not in lines:
            known = ", ".join(sorted(lines.values()))
            raise _bad("product_line", f"no product line {product_line!r}; lines: {known}")
        product_line = lines[product_line.casefold()]
    if country is not None:
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise _bad("country", f"a two-letter country code (ISO 3166), not {country!r}")
        country = country.upper()
    if service_centre is not None:
        centres = {c.id.casefold(): c.id for p in policies for c in policy_centres(p)}
        if service_centre.casefold() not in centres:
            known = ", ".join(sorted(centres.values())) or "none"
            raise _bad("service_centre", f"no service centre {service_centre!r}; centres: {known}")
        service_centre = centres[service_centre.casefold()]
    if start is not None and end is not None and start > end:
        raise _bad("start", f"the range starts ({start}) after it ends ({end})")
    return ReportFilter(brand, product_line, country, service_centre, start, end)


def refuse(filters: ReportFilter, report: str, *unsupported: str) -> None:
    """``InvalidInput`` naming the first filter set that ``report`` cannot apply."""
    for name in filters.named():
        if name in unsupported:
            raise _bad(name, f"the {report} report cannot be narrowed by {name.replace('_', ' ')}")


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def brand_is(filters: ReportFilter) -> ColumnElement[bool] | None:
    """``brands.name`` is the filter's brand (any letter case), or ``None``."""
    if filters.brand is None:
        return None
    return func.lower(brands.c.name) == filters.brand.lower()


def rma_conditions(
    filters: ReportFilter, *, dated: Any = None, instant: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions on ``rmas`` (joined with ``product_lines`` when a line is asked for);
    ``dated``: the column the date range applies to (``instant``: read as UTC days)."""
    found: list[ColumnElement[bool]] = []
    if filters.brand is not None:
        found.append(func.lower(rmas.c.brand) == filters.brand.lower())
    if filters.product_line is not None:
        found.append(product_lines.c.code == filters.product_line)
    if filters.country is not None:
        found.append(rmas.c.service_country == filters.country)
    if filters.service_centre is not None:
        found.append(rmas.c.service_point == filters.service_centre)
    found.extend(_dated(filters, dated, instant))
    return found


def unit_conditions(filters: ReportFilter, *, dated: Any = None) -> list[ColumnElement[bool]]:
    """Conditions on ``units`` joined with ``brands`` and ``product_lines``."""
    found: list[ColumnElement[bool]] = []
    if (brand := brand_is(filters)) is not None:
        found.append(brand)
    if filters.product_line is not None:
        found.append(product_lines.c.code == filters.product_line)
    if filters.country is not None:
        found.append(units.c.country_of_purchase == filters.country)
    found.extend(_dated(filters, dated, instant=False))
    return found


def _dated(filters: ReportFilter, column: Any, instant: bool) -> list[ColumnElement[bool]]:
    if column is None:
        return []
    found: list[ColumnElement[bool]] = []
    if filters.start is not None:
        found.append(column >= (_instant(filters.start) if instant else filters.start))
    if filters.end is not None:
        if instant:
            found.append(column < _instant(filters.end + timedelta(days=1)))
        else:
            found.append(column <= filters.end)
    return found
