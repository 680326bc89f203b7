"""The warranty check's one-statement read: unit, voiding findings and latest reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from warrantor.domain.coverage import UsageReading
from warrantor.services.uow import UnitOfWorkFactory

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
UNIT = {
    "brand": "Netac",
    "serial": "NQ0001",
    "model": "NV7000 2TB",
    "manufactured_on": "2025-01-02",
}


def test_the_check_read_returns_the_latest_reading_and_every_finding(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([UNIT])
    with uow_factory() as uow:
        unit_id = uow.units.id_of("Netac", "NQ0001")
        assert unit_id is not None
        uow.units.add_reading(unit_id, UsageReading(10**12, date(2026, 1, 5), "a"), NOW)
        uow.units.add_reading(unit_id, UsageReading(3 * 10**12, date(2026, 6, 5), "b"), NOW)
        uow.units.add_reading(unit_id, UsageReading(2 * 10**12, date(2026, 3, 5), "c"), NOW)
        uow.units.add_finding(unit_id, "sticker_removed", "tech", NOW)
        uow.units.add_finding(unit_id, "counterfeit", "tech", NOW)
    with uow_factory() as uow:
        found = uow.units.get_with_reading("netac", "NQ0001")
        plain = uow.units.get("Netac", "NQ0001")
    assert found is not None
    unit, reading = found
    assert unit == plain
    assert unit.voiding_findings == ("sticker_removed", "counterfeit")
    assert reading == UsageReading(3 * 10**12, date(2026, 6, 5), "b")


def test_the_check_read_of_a_unit_without_readings_or_findings(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([UNIT])
    with uow_factory() as uow:
        found = uow.units.get_with_reading("Netac", "NQ0001")
        missing = uow.units.get_with_reading("Netac", "NQ9999")
    assert found is not None
    assert found[1] is None and found[0].voiding_findings == ()
    assert missing is None
