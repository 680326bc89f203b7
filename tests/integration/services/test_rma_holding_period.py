"""Unauthorized returns are held for their service centre's holding period, and their
sender told, before they may be disposed of (issue #25, item 4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rma_desk_support import ADMIN, NOW, TECH, awaiting_unit, seed

from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from warrantor.services.audit.trail import TrailQuery, read_trail
from warrantor.services.rma.holding import holding_periods, set_holding_period
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.unauthorized import dispose
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    return policy_book


def arrival(**changes: Any) -> ParcelArrival:
    values: dict[str, Any] = {
        "brand": "QNAP",
        "serial": "Q26DESK001",
        "sender_name": "Carl Unknown",
        "sender_contact": "carl@example.com",
        "carrier": "FedEx",
        "tracking": "FX123",
    }
    values.update(changes)
    return ParcelArrival(**values)


def test_a_parcel_records_the_centre_that_received_it(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    default = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel
    toronto = receive_parcel(uow_factory, desk, TECH, arrival(service_centre="qnap-ca"), NOW)
    number = awaiting_unit(uow_factory, desk)
    matched = receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=number), NOW)

    assert default.service_centre == "qnap-us"  # QNAP's first centre
    assert toronto.parcel.service_centre == "qnap-ca"
    assert matched.rma is not None
    assert matched.parcel.service_centre == matched.rma.service_point == "qnap-us"
    with pytest.raises(InvalidInput, match="no service centre 'qnap-de'") as invalid:
        receive_parcel(uow_factory, desk, TECH, arrival(service_centre="qnap-de"), NOW)
    assert invalid.value.problems[0].field == "service_centre"
    assert "qnap-us, qnap-ca" in invalid.value.message


def test_without_a_holding_period_a_qnap_unit_may_be_disposed_of_at_once(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel

    assert dispose(uow_factory, desk, TECH, parcel.id, NOW).status == "disposed"


def test_disposal_waits_for_the_centres_holding_period_and_names_the_day(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    set_holding_period(uow_factory, desk, ADMIN, "qnap", "qnap-us", 14, NOW)
    held = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel
    elsewhere = receive_parcel(uow_factory, desk, TECH, arrival(service_centre="qnap-ca"), NOW)

    # Received Monday 23 November in Los Angeles; held 14 days: from 7 December.
    with pytest.raises(Conflict, match="may be disposed of from 2026-12-07, not before") as early:
        dispose(uow_factory, desk, TECH, held.id, NOW + timedelta(days=13))
    assert "QNAP RMA, USA (qnap-us) holds unauthorized returns 14 days" in early.value.message
    disposed = dispose(uow_factory, desk, TECH, held.id, NOW + timedelta(days=14))
    assert (disposed.status, disposed.clause_ids) == ("disposed", ("qnap.rma.without-number",))
    # Toronto holds for 0 days: its parcels may still go at once.
    assert dispose(uow_factory, desk, TECH, elsewhere.parcel.id, NOW).status == "disposed"


def test_the_sender_is_told_the_day_and_the_clause_before_disposal(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    set_holding_period(uow_factory, desk, ADMIN, "QNAP", "qnap-us", 30, NOW)
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel

    with uow_factory() as uow:
        [told] = uow.outbox.find(reference=f"parcel {parcel.id}")
    assert told.to_address == "carl@example.com"
    body = " ".join(told.body.split())
    assert "it may be disposed of from 2026-12-23, as the policy allows" in body
    assert "QNAP reserves the right to dispose said unit at will." in body
    assert "(qnap.rma.without-number)" in body


def test_a_netac_sender_is_not_told_of_a_disposal_the_policy_does_not_allow(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(brand="Netac"), NOW).parcel

    assert parcel.service_centre == "netac-cn"
    with uow_factory() as uow:
        [told] = uow.outbox.find(reference=f"parcel {parcel.id}")
    assert "disposed" not in told.body
    assert "What our policy says" not in told.body


def test_holding_periods_are_listed_and_set_by_an_admin_only_audited(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    before = {(p.brand, p.centre): p.days for p in holding_periods(uow_factory, desk, TECH)}
    assert before == {("Netac", "netac-cn"): 0, ("QNAP", "qnap-us"): 0, ("QNAP", "qnap-ca"): 0}

    period = set_holding_period(uow_factory, desk, ADMIN, "qnap", "qnap-ca", 21, NOW)
    assert (period.brand, period.centre, period.name, period.days) == (
        "QNAP",
        "qnap-ca",
        "QNAP RMA, Canada",
        21,
    )
    set_holding_period(uow_factory, desk, ADMIN, "qnap", "qnap-ca", 7, NOW)
    after = {(p.brand, p.centre): p.days for p in holding_periods(uow_factory, desk, TECH)}
    assert after[("QNAP", "qnap-ca")] == 7

    with pytest.raises(PermissionDenied):
        set_holding_period(uow_factory, desk, TECH, "qnap", "qnap-ca", 1, NOW)
    with pytest.raises(InvalidInput) as invalid:
        set_holding_period(uow_factory, desk, ADMIN, "qnap", "qnap-ca", -1, NOW)
    assert invalid.value.problems[0].field == "days"
    with pytest.raises(NotFound, match="no service centre 'qnap-de'"):
        set_holding_period(uow_factory, desk, ADMIN, "qnap", "qnap-de", 1, NOW)

    trail = read_trail(
        uow_factory, ADMIN, TrailQuery(kind="service_centre", object_id="QNAP/qnap-ca")
    ).items
    assert [(r.action, r.before, r.after) for r in trail] == [
        ("service_centre.holding_set", {"holding_days": 21}, {"holding_days": 7}),
        ("service_centre.holding_set", {"holding_days": 0}, {"holding_days": 21}),
    ]
