"""The installed base: units by brand and serial, their voiding findings and usage readings.

Maps rows to ``warrantor.domain.units.Unit`` (and ``domain.coverage.UsageReading``);
callers never see a SQLAlchemy row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select, tuple_

from warrantor.domain.coverage import UsageReading
from warrantor.domain.units import Unit
from warrantor.store.keyset import page_limit
from warrantor.store.tables import (
    accounts,
    brands,
    models,
    product_lines,
    unit_findings,
    units,
    usage_readings,
)
from warrantor.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class UnitFilter:
    """What ``UnitRepository.list`` narrows by; ``None`` means "any"."""

    brand: str | None = None
    model: str | None = None
    product_line: str | None = None
    country: str | None = None
    purchased_from: date | None = None
    """Purchased on or after this day."""
    purchased_to: date | None = None
    """Purchased on or before this day."""
    limit: int = 100
    after: tuple[str, str] | None = None
    """Only units after this (brand name, serial): where the next page starts (keyset)."""


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit to store, with its references already resolved to ids."""

    brand_id: int
    serial: str
    model_id: int
    manufactured_on: date | None = None
    first_invoiced_on: date | None = None
    first_invoiced_to_id: int | None = None
    purchased_on: date | None = None
    proof_of_purchase: str | None = None
    country_of_purchase: str | None = None
    owner_id: int | None = None
    channel: str | None = None


_invoiced_to = accounts.alias("invoiced_to")
_owner = accounts.alias("owner")


def unit_query() -> Select[Any]:
    """Units joined with what a ``Unit`` shows by name: brand, model, line, account codes.

    Public so that reads built on it elsewhere (``coverage_read``, ``unit_scope``)
    name units the same way; ``to_unit`` turns its rows into ``Unit``."""
    return (
        select(
            units.c.id,
            brands.c.name.label("brand"),
            units.c.serial,
            models.c.name.label("model"),
            product_lines.c.code.label("product_line"),
            units.c.manufactured_on,
            units.c.first_invoiced_on,
            _invoiced_to.c.code.label("first_invoiced_to"),
            units.c.purchased_on,
            units.c.proof_of_purchase,
            units.c.country_of_purchase,
            _owner.c.code.label("owner"),
            units.c.channel,
        )
        .select_from(units)
        .join(brands, brands.c.id == units.c.brand_id)
        .join(models, models.c.id == units.c.model_id)
        .join(product_lines, product_lines.c.id == models.c.product_line_id)
        .outerjoin(_invoiced_to, _invoiced_to.c.id == units.c.first_invoiced_to_id)
        .outerjoin(_owner, _owner.c.id == units.c.owner_id)
    )


def filtered(query: Select[Any], filters: UnitFilter) -> Select[Any]:
    """``query`` (``unit_query`` or one narrowing it) narrowed by ``filters``, by brand then
    serial, at most ``filters.limit`` rows: the one place a ``UnitFilter`` becomes SQL.

    Brands come in the order they were stored (their id), serials in order within
    each: the order of the unique index on (brand, serial), so a page after a cursor
    is an index range scan however large the installed base (issue #23, item 8),
    where ordering by the brand's name would sort every unit first."""
    query = query.order_by(units.c.brand_id, units.c.serial).limit(page_limit(filters.limit))
    if filters.after is not None:
        brand, serial = filters.after
        brand_id = select(brands.c.id).where(brands.c.name == brand).scalar_subquery()
        query = query.where(tuple_(units.c.brand_id, units.c.serial) > tuple_(brand_id, serial))
    if filters.brand is not None:
        query = query.where(func.lower(brands.c.name) == filters.brand.lower())
    if filters.model is not None:
        query = query.where(models.c.name == filters.model)
    if filters.product_line is not None:
        query = query.where(product_lines.c.code == filters.product_line)
    if filters.country is not None:
        query = query.where(units.c.country_of_purchase == filters.country)
    if filters.purchased_from is not None:
        query = query.where(units.c.purchased_on >= filters.purchased_from)
    if filters.purchased_to is not None:
        query = query.where(units.c.purchased_on <= filters.purchased_to)
    return query


def to_unit(row: Row[Any], findings: tuple[str, ...] = ()) -> Unit:
    """The ``Unit`` a row of ``unit_query`` (or a query extending it) describes."""
    return Unit(
        brand=row.brand,
        serial=row.serial,
        model=row.model,
        product_line=row.product_line,
        manufactured_on=row.manufactured_on,
        first_invoiced_on=row.first_invoiced_on,
        first_invoiced_to=row.first_invoiced_to,
        purchased_on=row.purchased_on,
        proof_of_purchase=row.proof_of_purchase,
        country_of_purchase=row.country_of_purchase,
        owner=row.owner,
        channel=row.channel,
        voiding_findings=findings,
    )


def latest_reading_id() -> Any:
    """The id of the unit's latest usage reading (by day read, then when it was recorded),
    as a subquery correlated to ``units``: join ``usage_readings`` on it."""
    return (
        select(usage_readings.c.id)
        .where(usage_readings.c.unit_id == units.c.id)
        .order_by(
            usage_readings.c.read_on.desc(),
            usage_readings.c.recorded_at.desc(),
            usage_readings.c.id.desc(),
        )
        .limit(1)
        .correlate(units)
        .scalar_subquery()
    )


class UnitRepository:
    """Reads and writes units on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, brand: str, serial: str) -> Unit | None:
        """The unit ``serial`` of ``brand`` (in any letter case), with its voiding findings."""
        row = self._connection.execute(
            unit_query().where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
        ).first()
        if row is None:
            return None
        return to_unit(row, self._findings(row.id))

    def get_with_reading(self, brand: str, serial: str) -> tuple[Unit, UsageReading | None] | None:
        """The unit, its voiding findings and its latest usage reading, in one statement.

        The warranty check's path: one round trip instead of three, since a
        check is the most frequent request the system answers. One row per
        voiding finding (usually none, so one row).
        """
        latest = latest_reading_id()
        query = (
            unit_query()
            .add_columns(
                usage_readings.c.bytes_written,
                usage_readings.c.read_on,
                usage_readings.c.source,
                unit_findings.c.finding,
            )
            .outerjoin(usage_readings, usage_readings.c.id == latest)
            .outerjoin(unit_findings, unit_findings.c.unit_id == units.c.id)
            .where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
            .order_by(unit_findings.c.recorded_at, unit_findings.c.id)
        )
        rows = self._connection.execute(query).all()
        if not rows:
            return None
        first = rows[0]
        findings = tuple(row.finding for row in rows if row.finding is not None)
        reading = None
        if first.bytes_written is not None:
            reading = UsageReading(
                bytes_written=first.bytes_written, read_on=first.read_on, source=first.source
            )
        return to_unit(first, findings), reading

    def id_of(self, brand: str, serial: str) -> int | None:
        """The row id of a unit, for tables that refer to it (findings, readings, RMAs)."""
        return self._connection.scalar(
            select(units.c.id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
        )

    def find_serial(self, serial: str) -> list[str]:
        """Names of the brands that have a unit with this serial (serials are unique per brand)."""
        rows = self._connection.scalars(
            select(brands.c.name)
            .join(units, units.c.brand_id == brands.c.id)
            .where(units.c.serial == serial)
            .order_by(brands.c.name)
        )
        return list(rows)

    def list(self, filters: UnitFilter) -> list[Unit]:
        """Units matching ``filters``, by brand then serial, at most ``filters.limit``.

        Findings are not loaded here (a list shows many units); ``get`` loads them.
        """
        query = filtered(unit_query(), filters)
        return [to_unit(row) for row in self._connection.execute(query)]

    def count(self) -> int:
        """How many units are stored (all brands)."""
        return self._connection.scalar(select(func.count()).select_from(units)) or 0

    def upsert(self, record: UnitRecord, now: datetime) -> bool:
        """Store the unit, replacing what is known about the same brand + serial.

        Returns ``True`` when the unit is new.
        """
        values = {
            "model_id": record.model_id,
            "manufactured_on": record.manufactured_on,
            "first_invoiced_on": record.first_invoiced_on,
            "first_invoiced_to_id": record.first_invoiced_to_id,
            "purchased_on": record.purchased_on,
            "proof_of_purchase": record.proof_of_purchase,
            "country_of_purchase": record.country_of_purchase,
            "owner_id": record.owner_id,
            "channel": record.channel,
        }
        existed = (
            self._connection.scalar(
                select(units.c.id).where(
                    units.c.brand_id == record.brand_id, units.c.serial == record.serial
                )
            )
            is not None
        )
        stmt = insert_for(self._connection, units).values(
            brand_id=record.brand_id,
            serial=record.serial,
            created_at=now,
            updated_at=now,
            **values,
        )
        self._connection.execute(
            stmt.on_conflict_do_update(
                index_elements=["brand_id", "serial"],
                set_={**values, "updated_at": now},
            )
        )
        return not existed

    def _findings(self, unit_id: int) -> tuple[str, ...]:
        rows = self._connection.scalars(
            select(unit_findings.c.finding)
            .where(unit_findings.c.unit_id == unit_id)
            .order_by(unit_findings.c.recorded_at, unit_findings.c.id)
        )
        return tuple(rows)

    def add_finding(
        self, unit_id: int, finding: str, recorded_by: str, now: datetime, note: str = ""
    ) -> None:
        """Record a finding that voids the unit itself; every later ``get`` shows it."""
        self._connection.execute(
            unit_findings.insert().values(
                unit_id=unit_id,
                finding=finding,
                note=note,
                recorded_at=now,
                recorded_by=recorded_by,
            )
        )

    def add_reading(
        self,
        unit_id: int,
        reading: UsageReading,
        now: datetime,
        power_on_hours: int | None = None,
    ) -> None:
        """Record a usage reading (e.g. bytes written from SMART data)."""
        self._connection.execute(
            usage_readings.insert().values(
                unit_id=unit_id,
                bytes_written=reading.bytes_written,
                power_on_hours=power_on_hours,
                read_on=reading.read_on,
                source=reading.source,
                recorded_at=now,
            )
        )

    def latest_reading(self, unit_id: int) -> UsageReading | None:
        """The reading taken last (by day read, then by when it was recorded), if any."""
        row = self._connection.execute(
            select(usage_readings)
            .where(usage_readings.c.unit_id == unit_id)
            .order_by(
                usage_readings.c.read_on.desc(),
                usage_readings.c.recorded_at.desc(),
                usage_readings.c.id.desc(),
            )
            .limit(1)
        ).first()
        if row is None:
            return None
        return UsageReading(bytes_written=row.bytes_written, read_on=row.read_on, source=row.source)
