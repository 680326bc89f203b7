"""Pages for issue #23, item 7: the customer asks for help with a serial (/my/help) instead of
meeting a dead end at registration; the desk's "Unknown serials" tab counts them and an agent
resolves one on its page; the desk's page per account, reached from an RMA, where a unit
the customer bought second-hand is recorded as theirs (item 6)."""

from __future__ import annotations

import re
from typing import Any

from portal_support import ADMIN, AGENT, ANN, BOB, TECH, add_accounts, field_error

from attachment_files import pdf

SERIAL = "Q26PGHELP1"


def _ask(client: Any, **changes: str) -> Any:
    form = {
        "brand": "QNAP",
        "serial": SERIAL,
        "model": "TS-453 Pro",
        "purchased_on": "2026-03-14",
        "proof_of_purchase": "FAIR-9",
        "description": "not in your records",
        "contact_email": "ann@example.com",
        **changes,
    }
    files = {"proof_file": ("receipt.pdf", pdf(), "application/pdf")}
    return client.post("/my/help/new", data=form, files=files, follow_redirects=False)


def test_the_customer_asks_and_the_desk_resolves_it(
    client_as: Any, uow_factory: Any, add_units: Any
) -> None:
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": "Q26PGOWNED", "model": "TS-453 Pro",
                "owner": "CUST-ANN"}])  # fmt: skip
    ann, agent = client_as(ANN), client_as(AGENT)
    registering = ann.post(
        "/my/register",
        data={"brand": "QNAP", "serial": SERIAL, "purchased_on": "2026-03-14",
              "proof_of_purchase": "FAIR-9"},
    )  # fmt: skip
    assert registering.status_code == 422
    assert f'href="/my/help/new?brand=QNAP&amp;serial={SERIAL}"' in registering.text
    assert 'href="/my/help"' in ann.get("/my").text  # in the customer's menu
    bobs = client_as(BOB).post(
        "/my/register",
        data={"brand": "QNAP", "serial": "Q26PGOWNED", "purchased_on": "2026-03-14",
              "proof_of_purchase": "R-1"},
    )  # fmt: skip
    assert bobs.status_code == 422 and "send a help request" in bobs.text
    form = ann.get(f"/my/help/new?brand=QNAP&serial={SERIAL}")
    assert form.status_code == 200 and f'value="{SERIAL}"' in form.text
    empty = _ask(ann, description="")
    assert empty.status_code == 422
    assert field_error(empty.text, "description")
    sent = _ask(ann)
    assert sent.status_code == 303, sent.text
    page = ann.get(sent.headers["location"])
    assert "waiting for an agent" in page.text
    request_id = re.search(r"/my/help/(\d+)", sent.headers["location"]).group(1)  # type: ignore[union-attr]
    assert client_as(BOB).get(f"/my/help/{request_id}").status_code == 404
    assert request_id not in re.findall(r"/my/help/(\d+)", client_as(BOB).get("/my/help").text)
    assert "Unknown serials (1)" in agent.get("/desk").text
    queue = agent.get("/desk/help-requests")
    assert f'href="/desk/help-requests/{request_id}"' in queue.text
    named = '<a href="/desk/accounts/CUST-ANN">Ann Smith</a> <span class="hint">(CUST-ANN)</span>'
    assert named in queue.text  # the account by its name, the code a hint
    shown = agent.get(f"/desk/help-requests/{request_id}")
    assert named in shown.text
    assert "receipt.pdf" in shown.text and 'action="/desk/help-requests/' in shown.text
    assert agent.get(f"/desk/help-requests/{request_id}/proof").content.startswith(b"%PDF")
    assert "Resolve" not in client_as(TECH).get(f"/desk/help-requests/{request_id}").text
    done = agent.post(f"/desk/help-requests/{request_id}/resolve", data={"country": "US"},
                      follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text
    assert "Unknown serials (0)" in agent.get("/desk").text
    assert "resolved" in ann.get(f"/my/help/{request_id}").text
    assert SERIAL in ann.get("/my").text
    again = agent.post(f"/desk/help-requests/{request_id}/reject", data={"reason": "late"})
    assert again.status_code == 422 and "already resolved" in again.text
    assert client_as(ANN).get("/desk/help-requests").status_code == 403


def test_the_desk_page_of_an_account(client_as: Any, uow_factory: Any, add_units: Any) -> None:
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": f"Q26PGACC{n}", "model": "TS-453 Pro",
                "owner": "CUST-ANN"} for n in range(12)])  # fmt: skip
    agent = client_as(AGENT)
    page = agent.get("/desk/accounts/CUST-ANN")
    assert page.status_code == 200, page.text
    assert "Ann Smith" in page.text
    assert len(re.findall(r'q=Q26PGACC\d+"', page.text)) == 10  # each unit's link
    assert 'href="/desk/accounts/CUST-ANN/units"' in page.text
    assert '<h2 id="help_requests-h">Help requests (0)</h2>' in page.text
    units = agent.get("/desk/accounts/CUST-ANN/units")
    assert len(re.findall(r'q=Q26PGACC\d+"', units.text)) == 12
    assert agent.get("/desk/accounts/NOBODY").status_code == 404
    assert client_as(ANN).get("/desk/accounts/CUST-ANN").status_code == 403


def test_a_customer_checking_an_unknown_serial_is_offered_help(
    client_as: Any, client: Any, uow_factory: Any
) -> None:
    from warrantor.http.actor import get_optional_actor

    add_accounts(uow_factory)
    ann = client_as(ANN)
    ann.app.dependency_overrides[get_optional_actor] = lambda: ANN
    answer = ann.get("/check", params={"serial": "Q26NOSUCH9", "brand": "QNAP"})
    assert answer.status_code == 404
    assert 'href="/my/help/new?brand=QNAP&amp;serial=Q26NOSUCH9"' in answer.text
    assert "/my/help/new" not in client.get("/check", params={"serial": "Q26NOSUCH9"}).text


def test_the_desk_records_a_unit_bought_second_hand_on_the_buyers_account_page(
    client_as: Any, uow_factory: Any, add_units: Any
) -> None:
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": "Q26PGMOVE1", "model": "TS-453 Pro",
                "owner": "CUST-ANN", "purchased_on": "2026-02-01",
                "proof_of_purchase": "INV-1"}])  # fmt: skip
    agent, bob = client_as(AGENT), client_as(BOB)
    url = "/desk/accounts/CUST-BOB/transfer"
    form = {"brand": "QNAP", "serial": "Q26PGMOVE1", "resale_proof": "EBAY-9",
            "reason": "sold on"}  # fmt: skip
    assert 'action="/desk/accounts/CUST-BOB/transfer"' in agent.get("/desk/accounts/CUST-BOB").text
    assert "/transfer" not in agent.get("/desk/accounts/DIST-US").text  # customers only

    no_proof = agent.post(url, data={**form, "resale_proof": " "})
    unknown = agent.post(url, data={**form, "serial": "Q26NOSUCH"})
    moved = agent.post(url, data=form, follow_redirects=False)
    again = agent.post(url, data=form)

    assert no_proof.status_code == 422 and field_error(no_proof.text, "resale_proof")
    assert unknown.status_code == 422 and "Q26NOSUCH" in field_error(unknown.text, "serial")
    assert moved.status_code == 303, moved.text
    assert moved.headers["location"] == "/desk/accounts/CUST-BOB?moved=QNAP+Q26PGMOVE1"
    shown = agent.get(moved.headers["location"]).text
    assert "QNAP Q26PGMOVE1 now belongs to this account." in shown
    assert "coverage stays with the unit" in shown
    assert (
        "Q26PGMOVE1" in bob.get("/my").text and "Q26PGMOVE1" not in client_as(ANN).get("/my").text
    )
    assert again.status_code == 422 and "already owns" in again.text
    trail = (
        client_as(ADMIN)
        .get("/api/v1/audit", params={"kind": "unit", "id": "QNAP/Q26PGMOVE1"})
        .json()["events"]
    )
    assert trail[0]["action"] == "unit.changed"
    assert (trail[0]["before"]["owner"], trail[0]["after"]["owner"]) == ("CUST-ANN", "CUST-BOB")
    assert "EBAY-9" in trail[0]["why"]
    assert client_as(ANN).post(url, data=form).status_code == 403
