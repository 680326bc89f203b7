"""The customer's RMA page shows the workshop's decision in plain words: what it means, the
clauses that decided first, each sentence once with its id, then the supporting ones; the
staff's summary stays on the desk; a paid repair shows its quoted price (issue #25, item 1)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from portal_support import AGENT, ANN, NOW, TECH, add_accounts

from warrantor.services.installed_base.registration import Claim, register_my_unit

NEW = {"brand": "QNAP", "serial": "QDEC0001", "model": "TS-453 Pro",
       "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
OLD = NEW | {"serial": "QDEC0002", "manufactured_on": "2019-01-10"}


@pytest.fixture
def ann_units(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([NEW, OLD])
    for serial, bought in (("QDEC0001", date(2025, 10, 1)), ("QDEC0002", date(2019, 2, 1))):
        claim = Claim("QNAP", serial, bought, "INV-" + serial)
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _received(client_as: Any, serial: str) -> tuple[str, str]:
    """Ann asks, the desk issues the number and receives the unit: (page, number)."""
    ann, agent, tech = client_as(ANN), client_as(AGENT), client_as(TECH)
    form = {"brand": "QNAP", "serial": serial, "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    page = ann.post("/my/rmas/new", data=form, follow_redirects=False).headers["location"]
    rma_id = page.rsplit("/", 1)[1]
    skip = {"event": "skip_troubleshooting", "reason": "seen by support"}
    assert agent.post(f"/desk/rmas/{rma_id}/event", data=skip).status_code == 200
    assert agent.post(f"/desk/rmas/{rma_id}/validate", data={}).status_code == 200
    htmx = {"HX-Request": "true"}
    issued = agent.post(f"/desk/rmas/{rma_id}/issue", data={}, headers=htmx).text
    number = re.search(r"RMA number (\S+) issued", issued).group(1)
    tech.post("/desk/receive", data={"rma_number": number, "carrier": "UPS"})
    assert tech.post(f"/desk/rmas/{number}/inspect", data={"note": "ok"}).status_code == 200
    return page, number


def test_a_covered_claim_is_explained_in_plain_words_on_the_customers_page(
    client_as: Any, ann_units: None
) -> None:
    page, number = _received(client_as, "QDEC0001")
    htmx = {"HX-Request": "true"}
    desk = client_as(TECH).post(f"/desk/rmas/{number}/decide", data={}, headers=htmx)
    assert "Decision: covered" in desk.text
    summary = re.search(r'<h2 id="dec-h">Decision: covered</h2>\s*<p>([^<]+)</p>', desk.text)
    assert summary is not None

    shown = html.unescape(client_as(ANN).get(page).text)

    assert "The decision on your claim" in shown
    assert "Covered by the standard warranty (until " in shown
    assert "repaired or replaced under warranty." in shown
    why = shown.split("Why: what the policy says", 1)[1].split("</section>", 1)[0]
    ids = re.findall(r"\(([a-z0-9.-]+(?:, [a-z0-9.-]+)*)(?:;[^)]*)?\)</span>", why)
    listed = [i for group in ids for i in group.split(", ")]
    assert listed and len(listed) == len(set(listed))  # each clause once
    assert html.unescape(summary.group(1)) not in shown  # the staff's summary stays there
    assert "|" not in why  # no table cells quoted
    assert "qnap.table.2-year" in listed


def test_a_paid_repair_shows_the_decision_and_its_quoted_price(
    client_as: Any, ann_units: None
) -> None:
    page, number = _received(client_as, "QDEC0002")
    quote = {"quote_amount": "129.00", "quote_currency": "USD", "note": "new fan"}
    decided = client_as(TECH).post(f"/desk/rmas/{number}/decide", data=quote)
    assert decided.status_code == 200, decided.text

    shown = html.unescape(client_as(ANN).get(page).text)

    assert "Not covered: the repair is paid, with a quote first." in shown
    assert "Quoted price: USD 129.00" in shown
    assert "Accept the quote" in shown
