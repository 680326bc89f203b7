"""Opening an RMA for a unit whose coverage has ended says so at once, over the API and on
the command line, and offers a paid repair (issue #25, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, QNAP_SERIAL, seed

from warrantor.services.uow import UnitOfWorkFactory

OLD = {"brand": "QNAP", "serial": "QOLD0001", "model": "TS-453 Pro",
       "purchased_on": "2019-02-01", "proof_of_purchase": "INV-OLD",
       "country_of_purchase": "US"}  # fmt: skip


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)
    add_units([OLD])


def opening(serial: str) -> dict[str, Any]:
    return {
        "serial": serial,
        "brand": "QNAP",
        "symptom": "does not boot",
        "contact_name": "Ann Smith",
        "contact_email": "ann@example.com",
        "backup_acknowledged": True,
    }


def test_an_expired_unit_is_told_at_opening_that_the_repair_is_paid(
    client_as: Any, seeded: None
) -> None:
    opened = client_as(AGENT).post("/api/v1/rmas", json=opening("QOLD0001"))

    assert opened.status_code == 201, opened.text
    warning = opened.json()["not_covered"]
    assert warning["outcome"] == "not_covered"
    assert warning["coverage"] == (
        "Not covered on 23 November 2026: the standard warranty ended on 31 January 2021."
    )
    assert "It is paid: after the unit is inspected you get a quote" in warning["paid_repair"]
    assert warning["determining"]
    assert opened.json()["state"] == "requested"


def test_a_covered_unit_opens_without_a_warning(client_as: Any, seeded: None) -> None:
    opened = client_as(AGENT).post("/api/v1/rmas", json=opening(QNAP_SERIAL))

    assert opened.status_code == 201, opened.text
    assert opened.json()["not_covered"] is None
