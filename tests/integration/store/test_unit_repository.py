"""Units stored and read back through the repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from warrantor.domain.coverage import UsageReading
from warrantor.domain.units import Unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.tables import brands, units
from warrantor.store.units import UnitFilter, UnitRecord

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _store_unit(
    uow: UnitOfWork,
    brand: str,
    serial: str,
    model: str = "TS-453 Pro",
    line: str = "TS-x53",
    **fields: object,
) -> int:
    brand_id = uow.catalogue.ensure_brand(brand)
    line_id = uow.catalogue.ensure_product_line(brand_id, line)
    model_id = uow.catalogue.ensure_model(brand_id, model, line_id)
    uow.units.upsert(UnitRecord(brand_id=brand_id, serial=serial, model_id=model_id, **fields), NOW)  # type: ignore[arg-type]
    unit_id = uow.units.id_of(brand, serial)
    assert unit_id is not None
    return unit_id


def test_a_stored_unit_reads_back_with_names_not_ids(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        distributor = uow.accounts.upsert(
            Account("DIST-US", "US Distributor", "distributor", is_direct_customer=True), NOW
        )
        owner = uow.accounts.upsert(Account("CUST-1", "Ann", "customer"), NOW)
        _store_unit(
            uow,
            "QNAP",
            "Q0001",
            manufactured_on=date(2024, 1, 10),
            first_invoiced_on=date(2024, 2, 1),
            first_invoiced_to_id=distributor,
            purchased_on=date(2024, 3, 15),
            proof_of_purchase="INV-77",
            country_of_purchase="US",
            owner_id=owner,
            channel="retail",
        )

    with uow_factory() as uow:
        unit = uow.units.get("qnap", "Q0001")

    assert unit == Unit(
        brand="QNAP",
        serial="Q0001",
        model="TS-453 Pro",
        product_line="TS-x53",
        manufactured_on=date(2024, 1, 10),
        first_invoiced_on=date(2024, 2, 1),
        first_invoiced_to="DIST-US",
        purchased_on=date(2024, 3, 15),
        proof_of_purchase="INV-77",
        country_of_purchase="US",
        owner="CUST-1",
        channel="retail",
    )


def test_an_unknown_serial_is_none(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.units.get("QNAP", "NOPE") is None
        assert uow.units.find_serial("NOPE") == []


def test_the_same_serial_may_belong_to_two_brands(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        _store_unit(uow, "QNAP", "SAME1")
        _store_unit(uow, "Netac", "SAME1", model="NV7000 2TB", line="NV7000")
        _store_unit(uow, "Netac", "OTHER")

        assert uow.units.find_serial("SAME1") == ["Netac", "QNAP"]
        assert uow.units.find_serial("OTHER") == ["Netac"]


def test_a_serial_is_unique_within_a_brand(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(IntegrityError), uow_factory() as uow:
        unit_id = _store_unit(uow, "QNAP", "DUP1")
        row = uow.connection.execute(select(units).where(units.c.id == unit_id)).one()
        values = {k: v for k, v in row._mapping.items() if k != "id"}
        uow.connection.execute(units.insert().values(**values))


def test_upserting_a_known_serial_replaces_its_facts(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        _store_unit(uow, "QNAP", "Q1", purchased_on=date(2024, 1, 1))
        _store_unit(uow, "QNAP", "Q1", purchased_on=date(2024, 6, 1), country_of_purchase="CA")

        unit = uow.units.get("QNAP", "Q1")
        assert unit is not None
        assert (unit.purchased_on, unit.country_of_purchase) == (date(2024, 6, 1), "CA")
        assert uow.units.count() == 1


def test_voiding_findings_come_back_with_the_unit_in_the_order_recorded(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        unit_id = _store_unit(uow, "QNAP", "Q2")
        uow.units.add_finding(unit_id, "label_removed", "tech-1", NOW)
        uow.units.add_finding(
            unit_id, "serial_unidentifiable", "tech-2", NOW.replace(hour=10), note="scratched"
        )

    with uow_factory() as uow:
        unit = uow.units.get("QNAP", "Q2")
    assert unit is not None
    assert unit.voiding_findings == ("label_removed", "serial_unidentifiable")


def test_the_latest_usage_reading_is_the_one_read_last(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        unit_id = _store_unit(uow, "Netac", "N1", model="NV7000 2TB", line="NV7000")
        assert uow.units.latest_reading(unit_id) is None
        big = 3 * 10**15  # beyond 32-bit: 3 PB written
        uow.units.add_reading(unit_id, UsageReading(big, date(2025, 2, 1), "smartctl"), NOW)
        uow.units.add_reading(unit_id, UsageReading(10**12, date(2024, 2, 1), "old"), NOW)

        latest = uow.units.latest_reading(unit_id)

    assert latest == UsageReading(big, date(2025, 2, 1), "smartctl")


def test_instants_come_back_as_utc(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        unit_id = _store_unit(uow, "QNAP", "Q3")
        created = uow.connection.scalar(select(units.c.created_at).where(units.c.id == unit_id))
    assert created == NOW
    assert created is not None and created.tzinfo is not None
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


class TestListingUnits:
    @pytest.fixture
    def stored(self, uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
        with uow_factory() as uow:
            _store_unit(uow, "QNAP", "A1", country_of_purchase="US", purchased_on=date(2024, 1, 5))
            _store_unit(
                uow,
                "QNAP",
                "A2",
                model="TS-879 Pro",
                line="TS-x79",
                country_of_purchase="CA",
                purchased_on=date(2024, 2, 5),
            )
            _store_unit(
                uow,
                "Netac",
                "B1",
                model="NV7000 2TB",
                line="NV7000",
                country_of_purchase="US",
                purchased_on=date(2024, 3, 5),
            )
        return uow_factory

    def _serials(self, uow_factory: UnitOfWorkFactory, **filters: object) -> list[str]:
        with uow_factory() as uow:
            return [unit.serial for unit in uow.units.list(UnitFilter(**filters))]  # type: ignore[arg-type]

    def _in_list_order(self, uow_factory: UnitOfWorkFactory, *serials: str) -> list[str]:
        """``serials`` (A: QNAP, B: Netac) in the list's order: by brand as the unique index
        orders units (the brand's id, the order brands were stored), then by serial."""
        with uow_factory() as uow:
            ids = dict(uow.connection.execute(select(brands.c.name, brands.c.id)).all())
        brand_id = {"A": ids["QNAP"], "B": ids["Netac"]}
        return sorted(serials, key=lambda serial: (brand_id[serial[0]], serial))

    def test_lists_every_unit_by_brand_then_serial(self, stored: UnitOfWorkFactory) -> None:
        assert self._serials(stored) == self._in_list_order(stored, "A1", "A2", "B1")

    def test_filters_by_brand_model_line_and_country(self, stored: UnitOfWorkFactory) -> None:
        assert self._serials(stored, brand="qnap") == ["A1", "A2"]
        assert self._serials(stored, model="TS-879 Pro") == ["A2"]
        assert self._serials(stored, product_line="NV7000") == ["B1"]
        assert self._serials(stored, country="US") == self._in_list_order(stored, "A1", "B1")

    def test_purchase_dates_bound_the_list_inclusively(self, stored: UnitOfWorkFactory) -> None:
        assert self._serials(
            stored, purchased_from=date(2024, 2, 5), purchased_to=date(2024, 3, 5)
        ) == self._in_list_order(stored, "A2", "B1")

    def test_limit_caps_the_list(self, stored: UnitOfWorkFactory) -> None:
        assert self._serials(stored, limit=2) == self._in_list_order(stored, "A1", "A2", "B1")[:2]
