"""The desk's search page (issue #23, item 2): the box on the queues, results by tier."""

from __future__ import annotations

import re
from typing import Any

from portal_support import AGENT, ANN, NOW, add_accounts

from warrantor.services.rma.opening import RmaRequest, open_rma

PEOPLE = [
    ("QPGFIND1", "Zoe Smith", "zoe@example.com"),
    ("QPGFIND2", "Max Smithers", "max@example.com"),
]


def test_the_search_box_lists_exact_then_prefix_matches(
    client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": s, "model": "TS-453 Pro", "owner": "CUST-ANN",
                "purchased_on": "2026-02-01", "proof_of_purchase": "SMITHERS" if n else "INV-1",
                "country_of_purchase": "US"} for n, (s, _, _) in enumerate(PEOPLE)])  # fmt: skip
    ids = []
    for serial, name, email in PEOPLE:
        request = RmaRequest(serial=serial, brand="QNAP", symptom="dead", contact_name=name,
                             contact_email=email, backup_acknowledged=True)  # fmt: skip
        ids.append(open_rma(uow_factory, policy_book, ANN, request, NOW).id)
    agent = client_as(AGENT)
    assert 'action="/desk/search"' in agent.get("/desk").text
    page = agent.get("/desk/search", params={"q": "smithers"})
    assert page.status_code == 200, page.text
    found = re.findall(r'href="/desk/rmas/(\d+)"', page.text)
    assert found[0] == str(ids[1])  # the exact match first (a fuzzy 'Zoe Smith' may follow)
    assert "exact match</span> proof of purchase" in page.text
    prefix = agent.get("/desk/search", params={"q": "smi"}).text
    assert re.findall(r'href="/desk/rmas/(\d+)"', prefix) == [str(ids[1]), str(ids[0])]
    assert client_as(ANN).get("/desk/search", params={"q": "smi"}).status_code == 403


def test_the_desk_names_an_rmas_account_with_its_code_as_a_hint(
    client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": "QPGNAME1", "model": "TS-453 Pro", "owner": "CUST-ANN",
                "purchased_on": "2026-02-01", "country_of_purchase": "US"}])  # fmt: skip
    request = RmaRequest(serial="QPGNAME1", brand="QNAP", symptom="dead", contact_name="Zed",
                         contact_email="zed@example.com", backup_acknowledged=True)  # fmt: skip
    rma_id = open_rma(uow_factory, policy_book, ANN, request, NOW).id
    agent = client_as(AGENT)
    named = '<a href="/desk/accounts/CUST-ANN">{}Ann Smith</a> <span class="hint">(CUST-ANN)</span>'

    assert named.format("") in agent.get(f"/desk/rmas/{rma_id}").text  # the RMA's page
    assert named.format("account ") in agent.get("/desk/search", params={"q": "zed"}).text
