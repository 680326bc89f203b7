"""The customer portal sells a direct customer an extended warranty, under the policy's rules."""

from __future__ import annotations

from typing import Any

import pytest
import sales_world  # tests/integration/sales_world.py
from portal_support import field_error

from warrantor.bootstrap import Runtime
from warrantor.services.sales.orders import list_orders, pay_order
from warrantor.services.sales.payments import BankTransfer


@pytest.fixture
def world(runtime: Runtime) -> Any:
    sales_world.build(runtime.uow_factory, runtime.book)
    return sales_world


def _register_q_ok(client: Any, world: Any) -> None:
    answer = client.post(
        "/my/register",
        data={
            "brand": "QNAP",
            "serial": "Q-OK",
            "purchased_on": world.INVOICED.isoformat(),
            "proof_of_purchase": "INV-1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_a_direct_customer_sees_the_price_orders_and_gets_the_certificate_once_paid(
    client_as: Any, runtime: Runtime, world: Any
) -> None:
    dora = client_as(world.DIRECT)
    _register_q_ok(dora, world)

    offer = dora.get("/my/units/QNAP/Q-OK/extend?years=2")
    assert offer.status_code == 200
    assert "USD 139.00" in offer.text
    assert "Order +2 years" in offer.text

    ordered = dora.post("/my/units/QNAP/Q-OK/extend", data={"years": "2"}, follow_redirects=False)
    assert ordered.status_code == 303
    [order] = list_orders(runtime.uow_factory, world.DIRECT)
    assert (order.serial, order.years, order.status.value) == ("Q-OK", 2, "awaiting_payment")
    assert ordered.headers["location"].endswith(f"?ordered={order.id}")
    assert "awaits payment" in dora.get(ordered.headers["location"]).text

    paid = pay_order(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        world.AGENT,
        order.id,
        BankTransfer(),
        "TRX-7",
        runtime.clock.now(),
    )
    assert paid.certificate_number is not None
    assert paid.certificate_number in dora.get("/my/units/QNAP/Q-OK/extend").text
    assert paid.certificate_number in dora.get("/my/units/QNAP/Q-OK").text
    desk = client_as(world.AGENT).get("/desk/accounts/CUST-DIRECT/certificates").text
    assert paid.certificate_number in desk  # bought by the account's name, its code a hint
    assert '<td data-label="Bought by">Dora Direct <span class="hint">(CUST-DIRECT)</span>' in desk
    orders = client_as(world.AGENT).get("/desk/accounts/CUST-DIRECT/orders").text
    assert '<td data-label="Status"><span class="badge">Paid</span></td>' in orders  # by name


def test_a_customer_who_bought_from_a_retailer_is_told_why_not_with_the_clause(
    client_as: Any, runtime: Runtime, world: Any
) -> None:
    rita = client_as(world.RETAIL)  # owns Q-RETAIL, first invoiced to a distributor

    offer = rita.get("/my/units/QNAP/Q-RETAIL/extend?years=1")
    refused = rita.post(
        "/my/units/QNAP/Q-RETAIL/extend", data={"years": "1"}, follow_redirects=False
    )

    assert offer.status_code == 200
    assert "qnap.ext.direct-customers" in offer.text
    why = offer.text.split('<ul class="reasons determining">', 1)[1].split("</ul>", 1)[0]
    assert "“" in why  # the published sentence, quoted once with its id (issue #25)
    assert why.count("qnap.ext.direct-customers") == 1
    assert "Order +1 year" not in offer.text
    assert refused.status_code == 422
    assert list_orders(runtime.uow_factory, world.RETAIL) == []


def test_a_period_not_offered_is_an_error_on_its_field(
    client_as: Any, runtime: Runtime, world: Any
) -> None:
    dora = client_as(world.DIRECT)
    _register_q_ok(dora, world)

    answer = dora.post("/my/units/QNAP/Q-OK/extend", data={"years": "7"})

    assert answer.status_code == 422
    assert "choose 1, 2, 3 years" in field_error(answer.text, "years")
    assert list_orders(runtime.uow_factory, world.DIRECT) == []


def test_another_customers_unit_is_not_found(client_as: Any, world: Any) -> None:
    dora = client_as(world.DIRECT)

    assert dora.get("/my/units/QNAP/Q-RETAIL/extend").status_code == 404
    assert dora.post("/my/units/QNAP/Q-RETAIL/extend", data={"years": "1"}).status_code == 404
