"""The distributor portal: ask for a quote, accept, get paid by the desk, assign serials
(typed or CSV) with per-serial refusals, and download the certificates."""

from __future__ import annotations

import re
from typing import Any

import pytest
from portal_support import field_error
from sales_world import AGENT, DIST, OTHER_DIST, World, build

from warrantor.domain.actors import Actor, Role

CUSTOMER = Actor(Role.CUSTOMER, "CUST-RETAIL", 11, "rita")


@pytest.fixture
def world(uow_factory: Any, policy_book: Any) -> World:
    return build(uow_factory, policy_book)


def _paid_quote(client_as: Any, quantity: int = 2) -> str:
    dist = client_as(DIST)
    asked = dist.post(
        "/distributor/quotes/new",
        data={"brand": "QNAP", "model": "TS-453 Pro", "quantity": str(quantity), "years": "1"},
        follow_redirects=False,
    )
    assert asked.status_code == 303, asked.text
    page = asked.headers["location"]
    assert dist.post(page + "/accept", follow_redirects=False).status_code == 303
    paid = client_as(AGENT).post(
        page + "/pay", data={"reference": "WIRE-1"}, follow_redirects=False
    )
    assert paid.status_code == 303, paid.text
    return page


def test_a_distributor_buys_extensions_assigns_serials_and_gets_certificates(
    client_as: Any, world: World
) -> None:
    page = _paid_quote(client_as)
    dist = client_as(DIST)
    assert "paid on" in dist.get(page).text
    assigned = dist.post(page + "/assign", data={"serials": "D-1\nd-2"}, follow_redirects=False)
    assert assigned.status_code == 303, assigned.text
    detail = dist.get(page).text
    numbers = re.findall(r'href="/api/v1/certificates/([^"/]+)\.pdf"', detail)
    assert len(numbers) == 2
    pdf = dist.get(f"/api/v1/certificates/{numbers[0]}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    home = dist.get("/distributor").text
    assert f"/distributor/quotes/{page.rsplit('/', 1)[1]}" in home


def test_a_csv_file_assigns_its_serial_column(client_as: Any, world: World) -> None:
    page = _paid_quote(client_as)
    csv_file = ("serials.csv", b"serial,note\nD-1,shop A\nD-2,shop B\n", "text/csv")
    done = client_as(DIST).post(page + "/assign", files={"file": csv_file}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert client_as(DIST).get(page).text.count("certificate EW-") == 2


def test_refused_serials_are_listed_each_with_its_reason_and_nothing_is_assigned(
    client_as: Any, world: World
) -> None:
    page = _paid_quote(client_as)
    refused = client_as(DIST).post(page + "/assign", data={"serials": "D-1, NOPE-1"})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert "<strong>NOPE-1</strong>" in refused.text
    assert "certificate EW-" not in refused.text


def test_quote_form_errors_are_named_next_to_their_fields(client_as: Any, world: World) -> None:
    page = client_as(DIST).post(
        "/distributor/quotes/new", data={"brand": "QNAP", "model": "", "quantity": "0"}
    )
    assert page.status_code == 422
    assert field_error(page.text, "model") == "is required"
    assert "at least 1" in field_error(page.text, "quantity")


def test_another_distributor_gets_a_404_and_customers_a_403(client_as: Any, world: World) -> None:
    page = _paid_quote(client_as)
    assert client_as(OTHER_DIST).get(page).status_code == 404
    assert client_as(CUSTOMER).get(page).status_code == 403
    assert client_as(CUSTOMER).get("/distributor").status_code == 403


def test_a_refused_serial_quotes_the_clauses_that_refuse_it_and_days_read_as_days(
    client_as: Any, world: World
) -> None:
    page = _paid_quote(client_as)
    refused = client_as(DIST).post(page + "/assign", data={"serials": "D-LATE"})

    assert refused.status_code == 422
    why = refused.text.split("<strong>D-LATE</strong>", 1)[1].split("</li></ul>", 1)[0]
    assert '<ul class="reasons determining">' in why
    assert "“" in why and "qnap.ext." in why  # the published sentence, with its id
    assert re.search(r"paid on \d{1,2} [A-Z][a-z]+ \d{4}", refused.text)  # not 2026-11-23
