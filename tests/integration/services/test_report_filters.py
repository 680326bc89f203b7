"""Reports narrowed by brand, product line, country, service centre and dates (issue #23,
item 3), on both engines: each filter changes what is counted, a wrong one names its field,
and a report a filter does not apply to refuses it by name."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import RmaDue, opening_step
from warrantor.errors import InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.report_filters import report_filter
from warrantor.services.reports import (
    expiring_coverage,
    extension_attach,
    rmas_per_line,
    sla_kept,
)
from warrantor.store.rmas import NewRma

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ADMIN = Actor(role=Role.ADMIN, account_code=None, user_id=1, name="Ada")


def _unit(serial: str, model: str, brand: str, country: str, **dates: str) -> dict[str, str]:
    return {"brand": brand, "serial": serial, "model": model, "country_of_purchase": country,
            **dates}  # fmt: skip


def _rma(uow_factory: Any, brand: str, serial: str, day: str, country: str, centre: str) -> int:
    opened = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
    with uow_factory() as uow:
        unit = uow.units.get(brand, serial)
        new = NewRma(
            unit_id=uow.units.id_of(brand, serial), brand=brand, serial=serial, model=unit.model,
            customer_account_id=None, opened_by_account_id=None, opened_by_label="test",
            contact_name="Cy", contact_email="cy@example.com", symptom="dead",
            backup_acknowledged_at=opened, proof_of_purchase=None, service_country=country,
            service_point=centre,
        )  # fmt: skip
        return uow.rmas.add(new, opening_step(), opened)


@pytest.fixture
def world(uow_factory: Any, add_units: Any) -> list[int]:
    """Three units (US, Canada, China) and four RMAs; returns the RMAs' ids."""
    add_units([
        _unit("QUS1", "TS-453 Pro", "QNAP", "US", purchased_on="2024-12-20",
              proof_of_purchase="R1", first_invoiced_on="2024-12-01"),
        _unit("QCA1", "TS-453 Pro", "QNAP", "CA", purchased_on="2024-12-21",
              proof_of_purchase="R2", first_invoiced_on="2024-12-02"),
        _unit("NCN1", "NV7000 2TB", "Netac", "CN", manufactured_on="2022-01-10",
              first_invoiced_on="2022-02-01"),
    ])  # fmt: skip
    return [
        _rma(uow_factory, brand, serial, day, country, centre)
        for serial, brand, day, country, centre in [
            ("QUS1", "QNAP", "2026-10-03", "US", "qnap-us"),
            ("QUS1", "QNAP", "2026-11-02", "US", "qnap-us"),
            ("QCA1", "QNAP", "2026-11-05", "CA", "qnap-ca"),
            ("NCN1", "Netac", "2026-11-20", "CN", "netac-cn"),
        ]
    ]


def _counted(found: list[Any]) -> list[tuple[str, str, int]]:
    return [(r.month, r.brand, r.rmas) for r in found]


def test_each_filter_narrows_the_rmas_per_line_report(
    uow_factory: Any, world: list[int], policy_book: PolicyBook
) -> None:
    def counted(**given: Any) -> list[tuple[str, str, int]]:
        filters = report_filter(policy_book, **given)
        return _counted(rmas_per_line(uow_factory, ADMIN, TODAY, 12, filters))

    assert counted() == [("2026-10", "QNAP", 1), ("2026-11", "Netac", 1), ("2026-11", "QNAP", 2)]
    assert counted(brand="netac") == [("2026-11", "Netac", 1)]
    assert counted(country="ca") == [("2026-11", "QNAP", 1)]
    assert counted(service_centre="qnap-us") == [("2026-10", "QNAP", 1), ("2026-11", "QNAP", 1)]
    line = policy_book.product_line_of("QNAP", "TS-453 Pro")
    assert line is not None
    assert counted(product_line=line) == [("2026-10", "QNAP", 1), ("2026-11", "QNAP", 2)]
    assert counted(start=date(2026, 11, 1), end=date(2026, 11, 5)) == [("2026-11", "QNAP", 2)]


def test_the_sla_report_counts_only_the_clocks_the_filters_keep(
    uow_factory: Any, world: list[int], policy_book: PolicyBook
) -> None:
    due = RmaDue(date(2026, 11, 4), datetime(2026, 11, 5, 8, tzinfo=UTC), provisional=False)
    with uow_factory() as uow:
        for rma_id in world[1:3]:  # the US RMA of November and the Canadian one
            uow.rmas.set_number_due(rma_id, due, NOW)

    everywhere = sla_kept(uow_factory, ADMIN, NOW, 2)
    in_canada = sla_kept(uow_factory, ADMIN, NOW, 2, report_filter(policy_book, country="CA"))
    too_early = sla_kept(uow_factory, ADMIN, NOW, 2,
                         report_filter(policy_book, end=date(2026, 11, 3)))  # fmt: skip

    assert [(r.clock, r.late) for r in everywhere] == [("rma_number", 2)]
    assert [(r.clock, r.late) for r in in_canada] == [("rma_number", 1)]
    assert too_early == []


def test_the_expiring_and_attach_reports_narrow_units_by_brand_and_country(
    uow_factory: Any, world: list[int], policy_book: PolicyBook
) -> None:
    us = report_filter(policy_book, country="US")
    netac = report_filter(policy_book, brand="Netac")

    every = expiring_coverage(uow_factory, ADMIN, TODAY, days=90)
    in_us = expiring_coverage(uow_factory, ADMIN, TODAY, days=90, filters=us)
    attach_all = extension_attach(uow_factory, ADMIN, date(2021, 1, 1), TODAY)
    attach_netac = extension_attach(uow_factory, ADMIN, date(2021, 1, 1), TODAY, netac)

    assert sorted(e.serial for e in every.rows) == ["NCN1", "QCA1", "QUS1"]
    assert [e.serial for e in in_us.rows] == ["QUS1"]
    assert in_us.total == 1
    assert sum(r.invoiced for r in attach_all) == 3
    assert [(r.brand, r.invoiced) for r in attach_netac] == [("Netac", 1)]


def test_a_wrong_filter_names_its_field(policy_book: PolicyBook) -> None:
    cases = {
        "brand": {"brand": "Acme"},
        "product_line": {"brand": "Netac", "product_line": "no-such-line"},
        "country": {"country": "USA"},
        "service_centre": {"brand": "Netac", "service_centre": "qnap-us"},
        "start": {"start": date(2026, 11, 2), "end": date(2026, 11, 1)},
    }
    for field, given in cases.items():
        with pytest.raises(InvalidInput) as caught:
            report_filter(policy_book, **given)
        assert [p.field for p in caught.value.problems] == [field], given


def test_a_report_refuses_a_filter_it_cannot_apply(
    uow_factory: Any, policy_book: PolicyBook
) -> None:
    centre = report_filter(policy_book, service_centre="qnap-us")
    dated = report_filter(policy_book, start=date(2026, 1, 1))

    with pytest.raises(InvalidInput) as attach:
        extension_attach(uow_factory, ADMIN, date(2026, 1, 1), TODAY, centre)
    with pytest.raises(InvalidInput) as expiring:
        expiring_coverage(uow_factory, ADMIN, TODAY, days=90, filters=dated)

    assert [p.field for p in attach.value.problems] == ["service_centre"]
    assert [p.field for p in expiring.value.problems] == ["start"]
