"""The customer portal: registering a unit, my products, its coverage; others' units stay hidden."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from portal_support import ANN, BOB, DIST, NOW, add_accounts, field_error, summary_links

from warrantor.errors import Conflict
from warrantor.services.installed_base.registration import Claim, my_units, register_my_unit

UNIT = {
    "brand": "QNAP",
    "serial": "QMY0001",
    "model": "TS-453 Pro",
    "manufactured_on": "2025-01-02",
    "first_invoiced_on": "2025-01-20",
    "country_of_purchase": "US",
}


@pytest.fixture
def base(uow_factory: Any, add_units: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT])


def _register(client: Any, **fields: str) -> Any:
    form = {"brand": "QNAP", "serial": "qmy0001", "purchased_on": "2025-02-01",
            "proof_of_purchase": "INV-9"} | fields  # fmt: skip
    return client.post("/my/register", data=form, follow_redirects=False)


def test_a_customer_registers_a_unit_and_sees_it_covered_with_its_reasons(
    client_as: Any, base: None
) -> None:
    ann = client_as(ANN)
    answer = _register(ann)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/my/units/QNAP/QMY0001?registered=1"
    page = ann.get(answer.headers["location"])
    assert "Registered to you" in page.text
    assert "INV-9" in page.text
    assert "Covered until" in page.text and "by the standard warranty of the" in page.text
    assert (
        "Why: what the policy says" in page.text and '<ul class="reasons determining">' in page.text
    )
    products = ann.get("/my")
    assert "QMY0001" in products.text and "covered" in products.text


def test_missing_fields_are_named_next_to_each_field_and_summarised_at_the_top(
    client_as: Any, base: None
) -> None:
    page = _register(client_as(ANN), serial="", purchased_on="", proof_of_purchase="")
    assert page.status_code == 422
    assert 'role="alert"' in page.text
    assert set(summary_links(page.text)) == {"serial", "purchased_on", "proof_of_purchase"}
    assert "serial number is empty" in field_error(page.text, "serial")
    assert "proof of purchase" in field_error(page.text, "purchased_on")
    assert field_error(page.text, "proof_of_purchase")
    assert 'aria-invalid="true"' in page.text


def test_a_date_that_is_not_a_date_or_in_the_future_is_refused_on_its_field(
    client_as: Any, base: None
) -> None:
    ann = client_as(ANN)
    assert "like 2026-11-23" in field_error(
        _register(ann, purchased_on="1/2/25").text, "purchased_on"
    )
    future = _register(ann, purchased_on="2026-12-01")
    assert "after today" in field_error(future.text, "purchased_on")
    before = _register(ann, purchased_on="2025-01-10")
    assert "before the maker first invoiced it" in field_error(before.text, "purchased_on")


def test_an_unknown_serial_is_an_error_on_the_serial_field(client_as: Any, base: None) -> None:
    page = _register(client_as(ANN), serial="NOSUCH1")
    assert page.status_code == 422
    assert "NOSUCH1" in field_error(page.text, "serial")


def test_a_unit_someone_else_owns_is_refused_without_saying_whose(
    client_as: Any, base: None
) -> None:
    assert _register(client_as(ANN)).status_code == 303
    page = _register(client_as(BOB), proof_of_purchase="BOB-1")
    assert page.status_code == 422
    assert "registered to another owner" in page.text
    assert "Ann" not in page.text and "CUST-ANN" not in page.text


def test_another_customers_unit_page_is_not_found(client_as: Any, base: None) -> None:
    assert _register(client_as(ANN)).status_code == 303
    page = client_as(BOB).get("/my/units/QNAP/QMY0001")
    assert page.status_code == 404
    assert "INV-9" not in page.text
    assert "QMY0001" not in client_as(BOB).get("/my").text


def test_the_customer_pages_are_closed_to_other_roles_and_to_anonymous_visitors(
    client_as: Any, client: Any, base: None
) -> None:
    assert client_as(DIST).get("/my").status_code == 403
    anonymous = client.get("/my/register", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")


def test_a_refused_registration_leaves_the_unit_as_it_was(
    uow_factory: Any, base: None, policy_book: Any
) -> None:
    ann = Claim("QNAP", "QMY0001", date.fromisoformat("2025-02-01"), "INV-9")
    register_my_unit(uow_factory, ANN, ann, NOW, book=policy_book)
    bob = Claim("QNAP", "QMY0001", date.fromisoformat("2025-03-01"), "X")
    with pytest.raises(Conflict, match="another owner"):
        register_my_unit(uow_factory, BOB, bob, NOW, book=policy_book)
    (unit,) = my_units(uow_factory, ANN)
    assert (unit.owner, unit.proof_of_purchase, str(unit.purchased_on)) == (
        "CUST-ANN", "INV-9", "2025-02-01")  # fmt: skip
    assert my_units(uow_factory, BOB) == []


def test_a_customer_sees_the_extension_of_their_unit_and_downloads_its_certificate(
    client_as: Any, uow_factory: Any, policy_book: Any, runtime: Any
) -> None:
    from sales_world import AGENT, DIRECT, INVOICED, build

    from warrantor.services.sales.orders import pay_order, place_order
    from warrantor.services.sales.payments import BankTransfer

    build(uow_factory, policy_book)
    order = place_order(uow_factory, policy_book, DIRECT, "Q-OK", 1, NOW)
    pay_order(uow_factory, policy_book, runtime.keys, AGENT, order.id, BankTransfer(), "W-1", NOW)
    claim = Claim("QNAP", "Q-OK", INVOICED, "INV-1")
    register_my_unit(uow_factory, DIRECT, claim, NOW, book=policy_book)
    page = client_as(DIRECT).get("/my/units/QNAP/Q-OK")
    assert "Extended warranties" in page.text
    found = re.search(r'href="(/api/v1/certificates/[^"]+\.pdf)"', page.text)
    assert found is not None
    pdf = client_as(DIRECT).get(found.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
