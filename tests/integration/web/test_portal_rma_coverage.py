"""Asking for an RMA on a unit whose coverage ended says so at once and offers a paid repair,
instead of the customer finding out at the decision (issue #25, item 4)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from portal_support import ANN, NOW, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit

OLD = {"brand": "QNAP", "serial": "QOLD0001", "model": "TS-453 Pro",
       "manufactured_on": "2019-01-10", "country_of_purchase": "US"}  # fmt: skip
NEW = OLD | {"serial": "QNEW0001", "manufactured_on": "2026-01-10"}


@pytest.fixture
def ann_units(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([OLD, NEW])
    for serial, bought in (("QOLD0001", date(2019, 2, 1)), ("QNEW0001", date(2026, 2, 1))):
        claim = Claim("QNAP", serial, bought, "INV-" + serial)
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def test_the_rma_form_for_an_expired_unit_says_it_is_a_paid_repair_before_anything_is_sent(
    client_as: Any, ann_units: None
) -> None:
    ann = client_as(ANN)
    page = html.unescape(ann.get("/my/rmas/new?brand=QNAP&serial=QOLD0001").text)
    assert "Not covered: a paid repair" in page
    assert "the standard warranty ended on 31 January 2021" in page
    assert "you get a quote, and nothing is done until you accept it" in page
    covered = html.unescape(ann.get("/my/rmas/new?brand=QNAP&serial=QNEW0001").text)
    assert "paid repair" not in covered


def test_the_opened_rma_keeps_saying_so_until_the_unit_is_in(
    client_as: Any, ann_units: None
) -> None:
    ann = client_as(ANN)
    form = {"brand": "QNAP", "serial": "QOLD0001", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    opened = ann.post("/my/rmas/new", data=form, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    page = html.unescape(ann.get(opened.headers["location"]).text)
    assert "Not covered: a paid repair" in page and "What happens next" in page
