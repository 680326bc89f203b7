"""Use cases: the reports a warranty admin or support lead looks at, one function each.

- ``rmas_per_line``: RMAs opened per product line per month.
- ``sla_kept``: of the RMA clocks that came due (RMA number, repair), how many
  were kept and how many were late (or are late and still open), per month due.
- ``expiring_coverage``: units whose coverage ends in the next N days (90 by
  default), with the day and the kind of coverage that ends, a page at a time,
  read from the coverage projection.
- ``extension_attach``: of the units first invoiced per product line in a
  period, how many got an extended warranty.

Each returns plain rows (dataclasses) that the page turns into a chart, a
table and a CSV. They read across areas' tables on purpose: a report is a
read model, and one query per report keeps it cheap on a large installed base
(counts are grouped in the database; the coverage report reads what the
policy engine decided from the stored coverage projection).
Staff only: customers and distributors get ``PermissionDenied``. Each takes a
``ReportFilter`` (``services.report_filters``: brand, product line, country, service
centre, a date range); a filter a report cannot apply is refused by name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, or_, select, type_coerce

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, PermissionDenied, Problem
from warrantor.services.paging import decode_cursor, page_of
from warrantor.services.report_filters import (
    NO_FILTER,
    ReportFilter,
    refuse,
    rma_conditions,
    unit_conditions,
)
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.coverage_reports import EndingCount, EndingUnit, ending_counts, ending_units
from warrantor.store.tables import UtcDateTime, brands, models, product_lines, units
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_rma import rma_transitions, rmas


def _staff_only(actor: Actor) -> None:
    if not actor.is_staff:
        raise PermissionDenied("reports are for the maker's staff")


def _month(column: Any, backend: str, instant: bool = False) -> ColumnElement[str]:
    """``YYYY-MM`` of a date (or, with ``instant``, a UTC instant) column, on either engine."""
    if backend == "postgresql":
        return func.to_char(func.timezone("UTC", column) if instant else column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def months_back(today: date, months: int) -> list[str]:
    """The ``months`` calendar months ending with ``today``'s, oldest first (``YYYY-MM``)."""
    if months < 1:
        raise InvalidInput("months must be at least 1", [Problem("must be at least 1", "months")])
    year, month = today.year, today.month
    found = []
    for _ in range(months):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def _first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


# --- RMAs per product line per month --------------------------------------------------


@dataclass(frozen=True, slots=True)
class RmaCount:
    month: str
    brand: str
    product_line: str
    rmas: int


def rmas_per_line(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    today: date,
    months: int = 12,
    filters: ReportFilter = NO_FILTER,
) -> list[RmaCount]:
    """RMAs opened per brand and product line per month (UTC), for the last ``months``
    (and within the filter's dates: the day opened, UTC)."""
    _staff_only(actor)
    wanted = months_back(today, months)
    since = datetime.combine(_first_day(wanted[0]), datetime.min.time(), tzinfo=UTC)
    with uow_factory() as uow:
        month = _month(rmas.c.opened_at, uow.backend, instant=True)
        query = (
            select(month.label("month"), brands.c.name, product_lines.c.code, func.count())
            .select_from(rmas)
            .join(units, units.c.id == rmas.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .join(models, models.c.id == units.c.model_id)
            .join(product_lines, product_lines.c.id == models.c.product_line_id)
            .where(rmas.c.opened_at >= since)
            .where(*rma_conditions(filters, dated=rmas.c.opened_at, instant=True))
            .group_by(month, brands.c.name, product_lines.c.code)
            .order_by(month, brands.c.name, product_lines.c.code)
        )
        rows = uow.connection.execute(query).all()
    return [RmaCount(m, b, line, n) for m, b, line, n in rows if m in wanted]


# --- SLA kept vs late -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlaMonth:
    """For one clock and one month of due dates: kept, late, and still running."""

    clock: str
    """``rma_number`` (issued within N business days) or ``repair`` (within N working days)."""
    month: str
    kept: int
    late: int
    open: int
    """Not done yet and not due yet."""


def sla_kept(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    now: datetime,
    months: int = 12,
    filters: ReportFilter = NO_FILTER,
) -> list[SlaMonth]:
    """Each RMA clock that has a due date, counted as kept, late or open, by month due.

    The RMA-number clock is kept when the number was issued by its due
    instant; the repair clock when the RMA first became ready to ship (the
    repair or replacement done) by its due instant. A clock past its due
    instant and not done counts as late already. The filter's dates are due days.
    """
    _staff_only(actor)
    wanted = months_back(now.date(), months)
    since = _first_day(wanted[0])
    repaired = type_coerce(
        select(func.min(rma_transitions.c.at))
        .where(rma_transitions.c.rma_id == rmas.c.id, rma_transitions.c.to_state == "ready_to_ship")
        .correlate(rmas)
        .scalar_subquery(),
        UtcDateTime,
    )
    query = select(
        rmas.c.number_due_on,
        rmas.c.number_due_at,
        rmas.c.number_issued_at,
        rmas.c.repair_due_on,
        rmas.c.repair_due_at,
        repaired.label("repaired_at"),
    ).where(or_(rmas.c.number_due_on >= since, rmas.c.repair_due_on >= since))
    if filters.product_line is not None:
        query = (
            query.join(units, units.c.id == rmas.c.unit_id)
            .join(models, models.c.id == units.c.model_id)
            .join(product_lines, product_lines.c.id == models.c.product_line_id)
        )
    query = query.where(*rma_conditions(filters))
    with uow_factory() as uow:
        rows = uow.connection.execute(query).all()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for clock, due_on, due_at, done_at in (
            ("rma_number", row.number_due_on, row.number_due_at, row.number_issued_at),
            ("repair", row.repair_due_on, row.repair_due_at, row.repaired_at),
        ):
            if due_on is None or due_at is None or due_on < since:
                continue
            if (filters.start and due_on < filters.start) or (filters.end and due_on > filters.end):
                continue
            if done_at is not None:
                slot = 0 if done_at <= due_at else 1
            else:
                slot = 1 if now > due_at else 2
            counts[(clock, due_on.strftime("%Y-%m"))][slot] += 1
    return [
        SlaMonth(clock, month, *counts[(clock, month)])
        for clock in ("rma_number", "repair")
        for month in wanted
        if (clock, month) in counts
    ]


# --- coverage expiring ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExpiringPage:
    """One page of the units whose coverage ends in the window, and the window's counts."""

    rows: list[EndingUnit]
    counts: list[EndingCount]
    """Units per brand per last day, over the whole window (for the chart and the total)."""
    next_cursor: str | None
    """The cursor of the next page (``cursor=``), or ``None`` on the last one."""

    @property
    def total(self) -> int:
        return sum(count.units for count in self.counts)


EXPIRING_PAGE = 100
EXPIRING_LIST = "expiring"
"""The expiring report's name in its page cursors (last day, unit id)."""


def expiring_coverage(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    today: date,
    days: int = 90,
    *,
    cursor: str | None = None,
    limit: int = EXPIRING_PAGE,
    filters: ReportFilter = NO_FILTER,
) -> ExpiringPage:
    """Units covered from today, without a break, until their last coverage ends within
    ``days`` days: a page of them, soonest first (then by unit), after ``cursor`` (the
    one cursor encoding of every list, ``services.paging``: a foreign one is bad input).

    Read from the stored coverage projection (``store.coverage_reports``): an index
    range scan, counted from the index alone, never the engine per unit. After a policy
    change, the projection catches up with ``warrantor coverage recompute``. Narrowed by
    brand, product line and country of purchase (its window is ``days``: no date range).
    """
    _staff_only(actor)
    refuse(filters, "expiring", "service_centre", "start", "end")
    if not 1 <= days <= 366:
        raise InvalidInput("days must be 1 to 366", [Problem("must be 1 to 366", "days")])
    after = decode_cursor(EXPIRING_LIST, cursor, (date, int))
    last = today + timedelta(days=days)
    with uow_factory(read_only=True) as uow:
        where = unit_conditions(filters)
        counts = ending_counts(uow.connection, today, last, today, where)
        rows = ending_units(uow.connection, today, last, today, _start(after), limit + 1, where)
    page = page_of(rows, limit, EXPIRING_LIST, lambda row: (row.ends_on, row.unit_id))
    return ExpiringPage(page.items, counts, page.next_cursor)


def _start(after: tuple[object, ...] | None) -> tuple[date, int] | None:
    """A decoded expiring cursor as the store's (last day, unit id)."""
    if after is None:
        return None
    day, unit_id = after
    assert isinstance(day, date) and isinstance(unit_id, int)
    return day, unit_id


# --- extension attach rate ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttachRate:
    brand: str
    product_line: str
    invoiced: int
    """Units first invoiced in the period."""
    extended: int
    """Of those, units holding at least one extended warranty."""

    @property
    def percent(self) -> float:
        return 100.0 * self.extended / self.invoiced if self.invoiced else 0.0


def extension_attach(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    start: date,
    end: date,
    filters: ReportFilter = NO_FILTER,
) -> list[AttachRate]:
    """Per brand and product line: units first invoiced from ``start`` to ``end`` (inclusive)
    and how many of them got an extension (whenever it was bought); narrowed by brand,
    product line and country of purchase (units have no service centre)."""
    _staff_only(actor)
    refuse(filters, "attach", "service_centre")
    if start > end:
        raise InvalidInput("the period starts after it ends", [Problem("is after 'end'", "start")])
    extended = exists().where(unit_extensions.c.unit_id == units.c.id)
    with uow_factory() as uow:
        rows = uow.connection.execute(
            select(
                brands.c.name,
                product_lines.c.code,
                func.count(),
                func.sum(case((extended, 1), else_=0)),
            )
            .select_from(units)
            .join(brands, brands.c.id == units.c.brand_id)
            .join(models, models.c.id == units.c.model_id)
            .join(product_lines, product_lines.c.id == models.c.product_line_id)
            .where(units.c.first_invoiced_on >= start, units.c.first_invoiced_on <= end)
            .where(*unit_conditions(filters))
            .group_by(brands.c.name, product_lines.c.code)
            .order_by(brands.c.name, product_lines.c.code)
        ).all()
    return [AttachRate(b, line, n, int(e or 0)) for b, line, n, e in rows]
