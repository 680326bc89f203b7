"""The check's one-statement read gives what the three separate reads give, row for row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from warrantor.domain.coverage import UsageReading
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_read import CoverageReader, CoverageRecord
from warrantor.store.tables import accounts
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_rma import rmas
from warrantor.store.tables_workshop import repair_coverages

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
UNIT = {
    "brand": "Netac",
    "serial": "NQ0001",
    "model": "NV7000 2TB",
    "manufactured_on": "2025-01-02",
}


def separate_reads(uow: UnitOfWork, brand: str, serial: str) -> CoverageRecord | None:
    """The reference: what the check read before, one repository call per part."""
    found = uow.units.get_with_reading(brand, serial)
    if found is None:
        return None
    unit, reading = found
    return CoverageRecord(
        unit=unit,
        reading=reading,
        extensions=uow.extensions.for_unit(unit.brand, unit.serial),
        repair_coverages=uow.workshop.repair_coverages_for(unit.brand, unit.serial),
    )


def give_the_unit_everything(uow: UnitOfWork, unit_id: int) -> None:
    """Two of each: readings, voiding findings, extensions, repair coverages (one not fixed)."""
    uow.units.add_reading(unit_id, UsageReading(10**12, date(2026, 1, 5), "a"), NOW)
    uow.units.add_reading(unit_id, UsageReading(3 * 10**12, date(2026, 6, 5), "b"), NOW)
    uow.units.add_finding(unit_id, "sticker_removed", "tech", NOW)
    uow.units.add_finding(unit_id, "counterfeit", "tech", NOW)
    buyer = uow.connection.execute(
        accounts.insert()
        .values(
            code="BUYER", name="Buyer", kind="distributor", is_direct_customer=True, created_at=NOW
        )
        .returning(accounts.c.id)
    ).scalar_one()
    for years, bought, number in ((2, date(2025, 3, 1), None), (1, date(2025, 2, 1), "EW-1")):
        uow.connection.execute(
            unit_extensions.insert().values(
                unit_id=unit_id,
                years=years,
                purchased_on=bought,
                starts_on=date(2028, 1, 2),
                ends_on=date(2029, 1, 1),
                dates_from="purchase_date",
                buyer_account_id=buyer,
                certificate_number=number,
                granted_at=NOW,
            )
        )
    rma_id = uow.connection.execute(
        rmas.insert()
        .values(
            unit_id=unit_id,
            brand="Netac",
            serial="NQ0001",
            model="NV7000 2TB",
            state="closed",
            opened_by_label="test",
            contact_name="Li",
            contact_email="li@example.com",
            symptom="dead",
            service_country="CN",
            service_point="Shenzhen",
            opened_at=NOW,
            updated_at=NOW,
        )
        .returning(rmas.c.id)
    ).scalar_one()
    for starts, fixed in ((date(2026, 12, 1), False), (date(2026, 2, 1), True)):
        uow.connection.execute(
            repair_coverages.insert().values(
                rma_id=rma_id,
                unit_id=unit_id,
                kind="repaired_part",
                part="controller",
                starts_on=starts,
                ends_on=date(2027, 5, 1),
                minimum_months=3,
                fixed=fixed,
                reason=f"repair from {starts}",
                created_at=NOW,
            )
        )


@pytest.fixture
def unit_with_everything(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    """``UNIT``, stored with two of each thing the check reads."""
    add_units([UNIT])
    with uow_factory() as uow:
        unit_id = uow.units.id_of("Netac", "NQ0001")
        assert unit_id is not None
        give_the_unit_everything(uow, unit_id)


@pytest.mark.usefixtures("unit_with_everything")
def test_one_statement_reads_what_the_three_separate_reads_do(
    uow_factory: UnitOfWorkFactory,
) -> None:

    with uow_factory() as uow:
        together = CoverageReader(uow.connection).read("netac", "NQ0001")
        apart = separate_reads(uow, "netac", "NQ0001")

    assert together == apart
    assert together is not None
    assert together.unit.voiding_findings == ("sticker_removed", "counterfeit")
    assert together.reading == UsageReading(3 * 10**12, date(2026, 6, 5), "b")
    assert [e.certificate_number for e in together.extensions] == ["EW-1", None]
    assert [c.reason for c in together.repair_coverages] == [
        "repair from 2026-02-01",
        "repair from 2026-12-01 (until the unit ships)",
    ]


def test_a_unit_with_nothing_else_reads_the_same_and_an_unknown_one_is_none(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([UNIT])

    with uow_factory() as uow:
        together = CoverageReader(uow.connection).read("Netac", "NQ0001")
        apart = separate_reads(uow, "Netac", "NQ0001")
        missing = CoverageReader(uow.connection).read("Netac", "NQ9999")

    assert together == apart
    assert together is not None
    assert (together.reading, together.extensions, together.repair_coverages) == (None, (), ())
    assert missing is None


@pytest.mark.usefixtures("unit_with_everything")
def test_the_counted_read_reads_the_same_and_counts_each_call(
    uow_factory: UnitOfWorkFactory,
) -> None:
    window = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    with uow_factory() as uow:
        reader = CoverageReader(uow.connection)
        plain = reader.read("Netac", "NQ0001")
        first = reader.read_counted("Netac", "NQ0001", "check:ip:a", window)
        second = reader.read_counted("netac", "NQ0001", "check:ip:a", window, amount=2)
        unknown = reader.read_counted("Netac", "NQ9999", "check:ip:a", window)
        other_client = reader.read_counted("Netac", "NQ0001", "check:ip:b", window)
        next_window = reader.read_counted("Netac", "NQ0001", "check:ip:a", window.replace(minute=1))

    assert plain is not None
    assert first == (plain, 1)
    assert second == (plain, 3)
    assert unknown == (None, 4)  # an unknown serial is counted all the same
    assert other_client == (plain, 1)
    assert next_window == (plain, 1)
