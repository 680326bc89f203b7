"""A bouncing contact address on the desk and the customer's RMA page (issue #24).

The worker marks the address failing; both pages say so, and either the
customer or the agent marks it corrected, after which mail goes there again.
"""

from __future__ import annotations

from typing import Any

import pytest
from portal_support import AGENT, ANN, BOB, NOW, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit

UNIT = {"brand": "QNAP", "serial": "QBOUNCE01", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
REFUSAL = "recipient refused: ann@example.com: 550 5.1.1 No such user"


@pytest.fixture
def rma_page(client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any) -> str:
    add_accounts(uow_factory)
    add_units([UNIT])
    claim = Claim("QNAP", "QBOUNCE01", NOW.date().replace(month=10, day=1), "INV-B1")
    register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)
    form = {"brand": "QNAP", "serial": "QBOUNCE01", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "Ann@Example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    asked = client_as(ANN).post("/my/rmas/new", data=form, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    with uow_factory() as uow:
        uow.failing_addresses.mark("ann@example.com", reason=REFUSAL, at=NOW, outbox_id=1)
    return str(asked.headers["location"])


def test_the_customer_and_the_desk_see_the_failing_address(client_as: Any, rma_page: str) -> None:
    rma_id = rma_page.rsplit("/", 1)[1]
    mine = client_as(ANN).get(rma_page)
    desk = client_as(AGENT).get(f"/desk/rmas/{rma_id}")

    assert "We cannot reach your e-mail address" in mine.text
    assert "550 5.1.1 No such user" in mine.text
    assert f'action="/my/rmas/{rma_id}/mail-corrected"' in mine.text
    assert "Mail to this customer bounces" in desk.text
    assert "550 5.1.1 No such user" in desk.text


def test_the_customer_marks_the_address_working_again(
    client_as: Any, rma_page: str, uow_factory: Any
) -> None:
    rma_id = rma_page.rsplit("/", 1)[1]
    answer = client_as(ANN).post(f"/my/rmas/{rma_id}/mail-corrected", follow_redirects=False)

    with uow_factory() as uow:
        failing = uow.failing_addresses.get("ann@example.com")
    assert answer.status_code == 303
    assert failing is None
    assert "We cannot reach your e-mail address" not in client_as(ANN).get(rma_page).text


def test_the_agent_marks_it_corrected_and_another_customer_cannot(
    client_as: Any, rma_page: str, uow_factory: Any
) -> None:
    rma_id = rma_page.rsplit("/", 1)[1]
    other = client_as(BOB).post(f"/my/rmas/{rma_id}/mail-corrected", follow_redirects=False)
    with uow_factory() as uow:
        still = uow.failing_addresses.get("ann@example.com")
    stale = client_as(AGENT).post(
        f"/desk/rmas/{rma_id}/mail-corrected", data={"address": "old@example.com"}
    )
    done = client_as(AGENT).post(
        f"/desk/rmas/{rma_id}/mail-corrected",
        data={"address": "ann@example.com"},
        follow_redirects=False,
    )
    again = client_as(AGENT).post(f"/desk/rmas/{rma_id}/mail-corrected")

    assert other.status_code == 404
    assert still is not None
    assert stale.status_code == 422
    shown = "The address shown as failing: the RMA&#39;s address is Ann@Example.com now"
    assert shown in stale.text
    assert done.status_code == 303
    assert again.status_code == 422
    assert "not marked failing" in again.text
