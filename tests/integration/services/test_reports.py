"""Reports: RMAs per line per month, SLA kept vs late, coverage expiring, extension attach rate.

Each report is fed known rows through the repositories and must count them
exactly; rows outside the period must not count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import RmaDue, RmaTransition, opening_step
from warrantor.errors import PermissionDenied
from warrantor.services.reports import (
    AttachRate,
    RmaCount,
    SlaMonth,
    expiring_coverage,
    extension_attach,
    rmas_per_line,
    sla_kept,
)
from warrantor.store.accounts import Account
from warrantor.store.rmas import NewRma
from warrantor.store.tables_extensions import unit_extensions

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ADMIN = Actor(role=Role.ADMIN, account_code=None, user_id=1, name="Ada")
CUSTOMER = Actor(role=Role.CUSTOMER, account_code="CUST-1", user_id=2, name="Cy")


def _unit(serial: str, model: str, brand: str = "QNAP", **dates: str) -> dict[str, str]:
    return {"brand": brand, "serial": serial, "model": model, "country_of_purchase": "US", **dates}


def _at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def _open_rma(uow_factory: Any, brand: str, serial: str, opened_at: datetime) -> int:
    with uow_factory() as uow:
        unit = uow.units.get(brand, serial)
        new = NewRma(
            unit_id=uow.units.id_of(brand, serial), brand=brand, serial=serial, model=unit.model,
            customer_account_id=None, opened_by_account_id=None, opened_by_label="test",
            contact_name="Cy", contact_email="cy@example.com", symptom="dead",
            backup_acknowledged_at=opened_at, proof_of_purchase=None, service_country="US",
            service_point="US",
        )  # fmt: skip
        return uow.rmas.add(new, opening_step(), opened_at)


def test_rmas_are_counted_per_product_line_and_month_within_the_period(
    uow_factory: Any, add_units: Any
) -> None:
    add_units([_unit("Q1", "TS-453 Pro"), _unit("N1", "NV7000 2TB", brand="Netac")])
    for brand, serial, day in [
        ("QNAP", "Q1", "2026-10-03"),
        ("QNAP", "Q1", "2026-10-30"),
        ("QNAP", "Q1", "2026-11-02"),
        ("Netac", "N1", "2026-11-20"),
        ("Netac", "N1", "2025-10-20"),  # 13 months back: outside a 12-month report
    ]:
        _open_rma(uow_factory, brand, serial, _at(day))
    with uow_factory() as uow:
        qnap_line = uow.units.get("QNAP", "Q1").product_line
        netac_line = uow.units.get("Netac", "N1").product_line
    assert rmas_per_line(uow_factory, ADMIN, TODAY, months=12) == [
        RmaCount("2026-10", "QNAP", qnap_line, 2),
        RmaCount("2026-11", "Netac", netac_line, 1),
        RmaCount("2026-11", "QNAP", qnap_line, 1),
    ]


def test_each_sla_clock_counts_as_kept_late_or_still_open_by_the_month_it_is_due(
    uow_factory: Any, add_units: Any
) -> None:
    add_units([_unit("Q1", "TS-453 Pro")])

    def due(day: str) -> RmaDue:
        return RmaDue(date.fromisoformat(day), _at(day, 23), provisional=False)

    kept = _open_rma(uow_factory, "QNAP", "Q1", _at("2026-11-02"))
    issued_late = _open_rma(uow_factory, "QNAP", "Q1", _at("2026-11-02"))
    overdue = _open_rma(uow_factory, "QNAP", "Q1", _at("2026-11-16"))
    running = _open_rma(uow_factory, "QNAP", "Q1", _at("2026-11-20"))
    repaired = _open_rma(uow_factory, "QNAP", "Q1", _at("2026-10-01"))
    with uow_factory() as uow:
        uow.rmas.set_number_due(kept, due("2026-11-04"), NOW)
        uow.rmas.record_number(kept, "QNAP-2026-000901", _at("2026-11-04", 9))
        uow.rmas.set_number_due(issued_late, due("2026-11-04"), NOW)
        uow.rmas.record_number(issued_late, "QNAP-2026-000902", _at("2026-11-05"))
        uow.rmas.set_number_due(overdue, due("2026-11-18"), NOW)
        uow.rmas.set_number_due(running, due("2026-11-24"), NOW)
        uow.rmas.set_repair_due(repaired, due("2026-10-20"), NOW)
        uow.rmas.add_transition(
            RmaTransition(repaired, "repair", "repairing", "ready_to_ship", "tech", None, "",
                          _at("2026-10-19"))
        )  # fmt: skip
    assert sla_kept(uow_factory, ADMIN, NOW, months=2) == [
        SlaMonth("rma_number", "2026-11", kept=1, late=2, open=1),
        SlaMonth("repair", "2026-10", kept=1, late=0, open=0),
    ]


def test_coverage_expiring_lists_units_whose_last_term_ends_within_the_window(
    uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    # TS-453 Pro: 2 years from the purchase on proof. Netac NV7000: 5 years.
    add_units(
        [
            _unit("QSOON", "TS-453 Pro", purchased_on="2024-12-20", proof_of_purchase="R1"),
            _unit("QEDGE", "TS-453 Pro", purchased_on="2025-02-22", proof_of_purchase="R2"),
            _unit("QLATER", "TS-453 Pro", purchased_on="2025-02-23", proof_of_purchase="R3"),
            _unit("QGONE", "TS-453 Pro", purchased_on="2024-11-23", proof_of_purchase="R4"),
            _unit("NSOON", "NV7000 2TB", brand="Netac", manufactured_on="2022-01-10"),
        ]
    )
    found = expiring_coverage(uow_factory, ADMIN, TODAY, days=90).rows
    assert [(e.serial, e.ends_on) for e in found] == [
        ("QSOON", date(2026, 12, 19)),
        ("NSOON", date(2027, 1, 9)),
        ("QEDGE", TODAY + timedelta(days=90)),
    ]


def test_the_attach_rate_counts_units_first_invoiced_in_the_period_that_got_an_extension(
    uow_factory: Any, add_units: Any
) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("DIST", "Dist", "distributor", is_direct_customer=True), NOW)
    invoiced = {"first_invoiced_on": "2026-09-10", "first_invoiced_to": "DIST"}
    add_units(
        [
            _unit("Q1", "TS-453 Pro", **invoiced),
            _unit("Q2", "TS-453 Pro", **invoiced),
            _unit("Q3", "TS-453 Pro", **invoiced),
            _unit("QOLD", "TS-453 Pro", first_invoiced_on="2025-01-10", first_invoiced_to="DIST"),
        ]
    )
    with uow_factory() as uow:
        line = uow.units.get("QNAP", "Q1").product_line
        for serial in ("Q1", "QOLD"):
            uow.connection.execute(
                unit_extensions.insert().values(
                    unit_id=uow.units.id_of("QNAP", serial), years=1,
                    purchased_on=date(2026, 9, 20), starts_on=date(2028, 9, 10),
                    ends_on=date(2029, 9, 9), dates_from="first_invoice_date",
                    buyer_account_id=uow.accounts.id_of("DIST"), granted_at=NOW,
                )
            )  # fmt: skip
    rates = extension_attach(uow_factory, ADMIN, date(2026, 6, 1), date(2026, 11, 30))
    assert rates == [AttachRate("QNAP", line, invoiced=3, extended=1)]
    assert round(rates[0].percent, 1) == 33.3


def test_reports_are_for_staff_only(uow_factory: Any) -> None:
    with pytest.raises(PermissionDenied):
        rmas_per_line(uow_factory, CUSTOMER, TODAY)
    with pytest.raises(PermissionDenied):
        extension_attach(uow_factory, CUSTOMER, TODAY, TODAY)
