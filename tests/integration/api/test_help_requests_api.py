"""Help requests over HTTP (issue #23, items 6 and 7): a customer whose serial is not in the
installed base, or who bought a unit registered to someone else, asks for help; an agent
resolves (the unit added, or moved to them) or rejects it; the customer is mailed; other
customers never see it (404)."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, BOB, DISTRIBUTOR, NETAC_SERIAL, QNAP_SERIAL, TECH, seed

from attachment_files import pdf
from warrantor.domain.actors import Actor
from warrantor.services.uow import UnitOfWorkFactory

URL = "/api/v1/help-requests"
NEW_SERIAL = "Q26HELP001"
ASK = {
    "brand": "QNAP",
    "serial": NEW_SERIAL,
    "description": "bought at a fair in Boston, the check says unknown serial",
    "purchased_on": "2026-03-14",
    "proof_of_purchase": "FAIR-88",
    "contact_email": "ann@example.com",
}
ADMIN = Actor.operator()


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)  # QNAP_SERIAL is Ann's, NETAC_SERIAL nobody's


def _ask(client: Any, proof: bytes | None = None, **changes: str) -> Any:
    files = {"proof_file": ("receipt.pdf", proof, "application/pdf")} if proof else None
    return client.post(URL, data={**ASK, **changes}, files=files)


def _mail(uow_factory: UnitOfWorkFactory, request_id: int) -> list[Any]:
    with uow_factory() as uow:
        return uow.outbox.find(reference=f"help request {request_id}")


def test_an_unknown_serial_becomes_the_customers_unit_when_an_agent_resolves_it(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory
) -> None:
    ann, agent = client_as(ANN), client_as(AGENT)
    sent = _ask(ann, pdf())
    assert sent.status_code == 201, sent.text
    made = sent.json()
    assert (made["kind"], made["state"], made["account"]) == ("unknown_serial", "open", "CUST-ANN")
    assert ann.get(made["proof_file"]).content.startswith(b"%PDF")
    queue = agent.get(URL, params={"state": "open"})
    assert queue.headers["X-Total-Count"] == "1"
    assert [r["id"] for r in queue.json()] == [made["id"]]
    assert client_as(TECH).post(f"{URL}/{made['id']}/resolve", json={}).status_code == 403
    no_model = agent.post(f"{URL}/{made['id']}/resolve", json={})
    assert no_model.status_code == 422
    assert no_model.json()["error"]["problems"][0]["field"] == "model"
    done = agent.post(f"{URL}/{made['id']}/resolve", json={"model": "TS-453 Pro", "country": "US"})
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "resolved"
    unit = ann.get(f"/api/v1/units/QNAP/{NEW_SERIAL}")
    assert unit.status_code == 200, unit.text
    shown = unit.json()
    assert (shown["owner"], shown["purchased_on"], shown["proof_of_purchase"]) == (
        "CUST-ANN", "2026-03-14", "FAIR-88",
    )  # fmt: skip
    files = ann.get(f"/api/v1/units/QNAP/{NEW_SERIAL}/attachments").json()
    assert [(f["kind"], f["file_name"]) for f in files] == [("proof_of_purchase", "receipt.pdf")]
    again = agent.post(f"{URL}/{made['id']}/resolve", json={"model": "TS-453 Pro"})
    assert again.status_code == 409
    [mail] = _mail(uow_factory, made["id"])
    assert (mail.to_address, mail.topic) == ("ann@example.com", "help_request.resolved")
    assert NEW_SERIAL in mail.subject
    trail = client_as(ADMIN).get(
        "/api/v1/audit", params={"kind": "help_request", "id": str(made["id"])}
    )
    actions = [e["action"] for e in trail.json()["events"]]
    assert actions == ["help_request.resolved", "help_request.opened"]


def test_a_claim_on_a_unit_someone_else_owns_moves_it_once_approved(
    client_as: Any, seeded: None
) -> None:
    ann, bob, agent = client_as(ANN), client_as(BOB), client_as(AGENT)
    claim = {"serial": QNAP_SERIAL, "contact_email": "bob@example.com", "proof_of_purchase": ""}
    without = _ask(bob, **claim)
    assert without.status_code == 422
    assert without.json()["error"]["problems"][0]["field"] == "proof_file"
    covered = ann.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}/coverage").json()
    sent = _ask(bob, pdf(), **claim)
    assert sent.status_code == 201, sent.text
    assert sent.json()["kind"] == "ownership_claim"
    assert ann.get(f"{URL}/{sent.json()['id']}").status_code == 404  # the owner isn't told
    done = agent.post(f"{URL}/{sent.json()['id']}/resolve", json={"note": "receipt checks out"})
    assert done.status_code == 200, done.text
    assert ann.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}").status_code == 404
    moved = bob.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}").json()
    assert (moved["owner"], moved["proof_of_purchase"]) == ("CUST-BOB", "INV-ANN-1")
    still = bob.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}/coverage").json()
    assert still.get("covered_until") == covered.get("covered_until")
    trail = client_as(ADMIN).get(
        "/api/v1/audit", params={"kind": "unit", "id": f"QNAP/{QNAP_SERIAL}"}
    )
    latest = trail.json()["events"][0]
    assert (latest["before"]["owner"], latest["after"]["owner"]) == ("CUST-ANN", "CUST-BOB")


def test_a_rejection_needs_a_reason_and_the_customer_reads_it(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory
) -> None:
    ann, agent = client_as(ANN), client_as(AGENT)
    made = _ask(ann).json()
    twice = _ask(ann)
    assert twice.status_code == 409 and f"help request {made['id']}" in twice.text
    assert agent.post(f"{URL}/{made['id']}/reject", json={"reason": " "}).status_code == 422
    assert (
        client_as(TECH).post(f"{URL}/{made['id']}/reject", json={"reason": "x"}).status_code == 403
    )
    done = agent.post(f"{URL}/{made['id']}/reject", json={"reason": "not a unit we made"})
    assert done.status_code == 200, done.text
    shown = ann.get(f"{URL}/{made['id']}").json()
    assert (shown["state"], shown["resolution"]) == ("rejected", "not a unit we made")
    assert agent.post(f"{URL}/{made['id']}/reject", json={"reason": "again"}).status_code == 409
    [mail] = _mail(uow_factory, made["id"])
    assert "not a unit we made" in mail.body
    trail = client_as(ADMIN).get(
        "/api/v1/audit", params={"kind": "help_request", "id": str(made["id"])}
    )
    actions = [e["action"] for e in trail.json()["events"]]
    assert actions == ["help_request.rejected", "help_request.opened"]
    assert ann.get(f"{URL}/{made['id']}/proof").status_code == 404  # none was sent
    assert _ask(ann).status_code == 201  # closed: asking again makes a new request


def test_other_customers_and_parties_see_none_of_it(client_as: Any, seeded: None) -> None:
    ann, bob, dist = client_as(ANN), client_as(BOB), client_as(DISTRIBUTOR)
    made = _ask(ann, pdf()).json()
    for stranger in (bob, dist):
        assert stranger.get(f"{URL}/{made['id']}").status_code == 404
        assert stranger.get(f"{URL}/{made['id']}/proof").status_code == 404
        listed = stranger.get(URL)
        assert (listed.json(), listed.headers["X-Total-Count"]) == ([], "0")
    assert client_as(AGENT).post(f"{URL}/{made['id']}/resolve", json={}).status_code == 422
    assert bob.post(f"{URL}/{made['id']}/resolve", json={}).status_code == 403
    assert _ask(dist).status_code == 403
    assert [r["id"] for r in ann.get(URL).json()] == [made["id"]]
    assert client_as(AGENT).get(f"{URL}/999999").status_code == 404


def test_a_serial_nobody_else_owns_is_registered_instead_and_bad_input_is_named(
    client_as: Any, seeded: None
) -> None:
    ann = client_as(ANN)
    nobodys = _ask(ann, serial=NETAC_SERIAL, brand="Netac")
    assert nobodys.status_code == 422
    assert nobodys.json()["error"]["problems"][0]["field"] == "serial"
    bad = _ask(ann, brand="Acme", description=" ", contact_email="not an address")
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["error"]["problems"]}
    assert fields == {"brand", "description", "contact_email"}
    refused_file = _ask(ann, b"MZ not a pdf")
    assert refused_file.status_code == 422
    assert refused_file.json()["error"]["problems"][0]["field"] == "proof_file"
    assert ann.get(URL, params={"cursor": "nonsense"}).status_code == 422
    assert client_as(AGENT).get(URL, params={"state": "lost"}).status_code == 422


def test_a_request_nobody_made_is_404_and_an_id_that_is_no_number_422(
    client_as: Any, seeded: None
) -> None:
    agent = client_as(AGENT)
    for method, path in [
        ("GET", ""), ("GET", "/proof"), ("POST", "/resolve"), ("POST", "/reject"),
    ]:  # fmt: skip
        body = {"reason": "no such"} if path == "/reject" else {}
        missing = agent.request(method, f"{URL}/999999{path}", json=body)
        assert missing.status_code == 404, (path, missing.text)
        not_a_number = agent.request(method, f"{URL}/abc{path}", json=body)
        assert not_a_number.status_code == 422, (path, not_a_number.text)


def test_a_proof_file_gone_from_storage_is_404_naming_it(
    client_as: Any, seeded: None, runtime: Any, uow_factory: UnitOfWorkFactory
) -> None:
    from warrantor.store.help_requests import HelpRequestRepository

    made = _ask(client_as(ANN), pdf()).json()
    with uow_factory() as uow:
        stored = HelpRequestRepository(uow.connection).get(made["id"])
    assert stored is not None and stored.proof is not None
    runtime.attachments.delete(stored.proof.storage_key)
    gone = client_as(AGENT).get(made["proof_file"])
    assert gone.status_code == 404 and "missing from storage" in gone.text
