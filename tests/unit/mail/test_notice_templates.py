"""What the customer reads for each RMA notice: rendered from the real templates."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from warrantor.mail.render import render


def context(**details: str) -> dict[str, object]:
    keys = [
        *("ship_to", "shipping_paid_by", "instructions", "received_on", "repair_due_by"),
        *("decision", "reasons", "quote", "next_step", "carrier", "tracking", "coverage_until"),
    ]
    return {
        "rma_number": "QNAP-2026-000042",
        "brand": "QNAP",
        "serial": "Q21ABC0001",
        "details": {key: details.get(key, "") for key in keys},
        "extra": {},
    }


def test_number_issued_says_the_number_where_to_ship_and_who_pays_that_leg() -> None:
    mail = render(
        "rma_number_issued",
        context(
            ship_to="QNAP RMA Center\n168 University Pkwy\nPomona, CA 91768",
            shipping_paid_by="you (the customer)",
        ),
    )

    assert "QNAP-2026-000042" in mail.subject
    assert "Q21ABC0001" in mail.subject
    assert "    QNAP-2026-000042" in mail.body
    assert "    QNAP RMA Center\n    168 University Pkwy\n    Pomona, CA 91768" in mail.body
    assert "Shipping to us is paid by: you (the customer)" in mail.body
    assert "Back up your data" in mail.body


def test_received_says_the_unit_arrived_and_when_it_is_due() -> None:
    mail = render("rma_received", context(received_on="2026-11-23", repair_due_by="2026-12-02"))

    assert mail.subject == "QNAP RMA QNAP-2026-000042: we received your unit"
    assert "on 2026-11-23." in mail.body
    assert "We aim to finish by 2026-12-02." in mail.body


def test_received_leaves_out_dates_it_was_not_given() -> None:
    mail = render("rma_received", context())

    assert "serial Q21ABC0001)." in mail.body
    assert "aim to finish" not in mail.body


def test_decided_gives_the_decision_and_its_reasons() -> None:
    mail = render(
        "rma_decided",
        context(
            decision="not covered: paid repair offered",
            reasons="QNAP-VOID-3: physical damage found\nQNAP-WTY-1: within the term",
            quote="USD 120.00",
        ),
    )

    assert mail.subject.endswith("decision - not covered: paid repair offered")
    assert "  QNAP-VOID-3: physical damage found\n  QNAP-WTY-1: within the term" in mail.body
    assert "Quote for a paid repair: USD 120.00" in mail.body
    assert "accept or decline" in mail.body


def test_decided_without_a_quote_asks_nothing_to_accept() -> None:
    mail = render("rma_decided", context(decision="covered", reasons="QNAP-WTY-1"))

    assert "accept or decline" not in mail.body


def test_shipped_names_the_carrier_and_tracking_number() -> None:
    mail = render(
        "rma_shipped",
        context(carrier="UPS", tracking="1Z999AA10123456784", shipping_paid_by="QNAP"),
    )

    assert "Carrier: UPS" in mail.body
    assert "Tracking number: 1Z999AA10123456784" in mail.body
    assert "Return shipping paid by: QNAP" in mail.body


def test_every_notice_ends_with_the_rma_number_to_quote_and_the_brands_desk() -> None:
    for name in ("rma_number_issued", "rma_received", "rma_decided", "rma_shipped"):
        mail = render(name, context(ship_to="x", shipping_paid_by="y", decision="d", reasons="r"))

        assert "Please quote QNAP-2026-000042" in mail.body
        assert mail.body.rstrip().endswith("QNAP service desk (sent by Warrantor)")


def test_other_details_are_listed_rather_than_dropped() -> None:
    values = context()
    values["extra"] = {"service point": "Taipei"}

    mail = render("rma_received", values)

    assert "Other details:\n  service point: Taipei" in mail.body


def test_a_template_never_renders_a_fact_it_was_not_given() -> None:
    values = context()
    del values["serial"]

    with pytest.raises(UndefinedError):
        render("rma_received", values)
