"""Attachments over HTTP (issue #24): a customer sends a proof and photos with an RMA or about
a unit; the desk sees them; only who may see the RMA or the unit downloads them."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, BOB, NOW, QNAP_SERIAL, seed

from attachment_files import location_of, pdf, photo
from warrantor.bootstrap import Runtime
from warrantor.services.attachments.files import Upload, attach_to_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.attachments import AttachmentRepository

OPEN = {
    "serial": QNAP_SERIAL,
    "brand": "QNAP",
    "symptom": "fan noise, then dead",
    "contact_name": "Ann Smith",
    "contact_email": "ann@example.com",
    "backup_acknowledged": True,
}


@pytest.fixture
def rma_id(client_as: Any, uow_factory: UnitOfWorkFactory, add_units: Any) -> int:
    seed(uow_factory, add_units)
    opened = client_as(ANN).post("/api/v1/rmas", json=OPEN)
    assert opened.status_code == 201, opened.text
    return int(opened.json()["id"])


def _send(client: Any, url: str, kind: str, name: str, data: bytes, claimed: str) -> Any:
    return client.post(url, data={"kind": kind}, files={"file": (name, data, claimed)})


def test_a_photo_sent_with_an_rma_is_kept_without_its_location_and_the_desk_downloads_it(
    client_as: Any, rma_id: int, runtime: Runtime
) -> None:
    ann, agent = client_as(ANN), client_as(AGENT)
    sent = photo("JPEG")

    answer = _send(
        ann, f"/api/v1/rmas/{rma_id}/attachments", "photo", "IMG_1.jpg", sent, "image/jpeg"
    )

    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert stored["content_type"] == "image/jpeg"
    assert stored["file_name"] == "IMG_1.jpg"
    assert stored["rma_id"] == rma_id
    assert stored["unit_serial"] == QNAP_SERIAL
    [listed] = agent.get(f"/api/v1/rmas/{rma_id}/attachments").json()
    assert listed["id"] == stored["id"]
    downloaded = agent.get(stored["download"])
    assert downloaded.status_code == 200
    assert downloaded.headers["content-type"] == "image/jpeg"
    disposition = "attachment; filename=\"IMG_1.jpg\"; filename*=UTF-8''IMG_1.jpg"
    assert downloaded.headers["content-disposition"] == disposition
    assert location_of(downloaded.content) == {}
    assert location_of(sent)
    assert runtime.attachments.keys(f"rma/{rma_id}/") != []


def test_someone_who_may_not_see_the_rma_gets_a_404_everywhere(
    client_as: Any, client: Any, rma_id: int
) -> None:
    ann, bob = client_as(ANN), client_as(BOB)
    url = f"/api/v1/rmas/{rma_id}/attachments"
    stored = _send(ann, url, "proof_of_purchase", "invoice.pdf", pdf(), "application/pdf").json()

    assert bob.get(stored["download"]).status_code == 404
    assert bob.get(url).status_code == 404
    assert _send(bob, url, "photo", "x.png", photo("PNG"), "image/png").status_code == 404
    assert bob.get("/api/v1/attachments/999999").status_code == 404
    assert client.get(stored["download"]).status_code == 401
    assert client.get(url).status_code == 401
    assert _send(client, url, "photo", "x.png", photo("PNG"), "image/png").status_code == 401
    assert ann.get(stored["download"]).content == pdf()


def test_a_file_is_judged_by_its_bytes_and_refusals_name_the_file(
    client_as: Any, rma_id: int, runtime: Runtime
) -> None:
    ann = client_as(ANN)
    url = f"/api/v1/rmas/{rma_id}/attachments"
    runtime.settings.attachment_max_bytes = 2048

    disguised = _send(ann, url, "photo", "me.jpg", b"GIF89a" + b"\0" * 60, "image/jpeg")
    scripted = _send(
        ann, url, "proof_of_purchase", "inv.pdf", pdf(javascript="app.alert(1)"), "application/pdf"
    )
    too_big = _send(
        ann, url, "photo", "big.png", photo("PNG", size=(400, 400)) + b"\0" * 3000, "image/png"
    )
    wrong_kind = _send(ann, url, "receipt", "inv.pdf", pdf(), "application/pdf")

    for refused in (disguised, scripted, too_big):
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["problems"][0]["field"] == "file"
    assert "image/gif" in disguised.json()["error"]["problems"][0]["message"]
    assert "JavaScript" in scripted.json()["error"]["problems"][0]["message"]
    assert "at most 2,048" in too_big.json()["error"]["problems"][0]["message"]
    assert wrong_kind.status_code == 422
    assert ann.get(url).json() == []
    assert runtime.attachments.keys() == []


def test_a_proof_attached_to_a_unit_shows_on_its_rmas(
    client_as: Any, rma_id: int, client: Any
) -> None:
    ann, bob, agent = client_as(ANN), client_as(BOB), client_as(AGENT)
    unit_url = f"/api/v1/units/QNAP/{QNAP_SERIAL}/attachments"

    stored = _send(ann, unit_url, "proof_of_purchase", "receipt.png", photo("PNG"), "image/png")

    assert stored.status_code == 201, stored.text
    assert stored.json()["rma_id"] is None
    assert [a["id"] for a in ann.get(unit_url).json()] == [stored.json()["id"]]
    assert [a["id"] for a in agent.get(f"/api/v1/rmas/{rma_id}/attachments").json()] == [
        stored.json()["id"]
    ]
    assert bob.get(unit_url).status_code == 404
    assert _send(bob, unit_url, "photo", "x.png", photo("PNG"), "image/png").status_code == 404
    assert bob.get(stored.json()["download"]).status_code == 404
    assert client.post(unit_url, data={"kind": "photo"}).status_code == 401
    empty = _send(ann, unit_url, "photo", "x.png", b"", "image/png")
    assert empty.status_code == 422
    [problem] = empty.json()["error"]["problems"]
    assert (problem["field"], problem["message"]) == ("file", "the file is empty")
    assert client.get(unit_url).status_code == 401


def test_bytes_stored_for_a_row_that_is_never_written_are_deleted(
    client_as: Any, rma_id: int, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_gone(self: object, new: object) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(AttachmentRepository, "add", database_gone)
    upload = Upload(kind="photo", file_name="x.png", data=photo("PNG"))

    with pytest.raises(RuntimeError, match="went away"):
        attach_to_rma(
            runtime.uow_factory,
            runtime.attachments,
            ANN,
            rma_id,
            upload,
            NOW,
            max_bytes=10**6,
            book=runtime.book,
        )

    assert runtime.attachments.keys() == []


def test_the_desk_asks_for_documents_over_the_api(
    client_as: Any, client: Any, rma_id: int, uow_factory: UnitOfWorkFactory
) -> None:
    url = f"/api/v1/rmas/{rma_id}/documents-requests"
    agent = client_as(AGENT)

    asked = agent.post(url, json={"documents": "a proof of purchase showing the date"})
    by_customer = client_as(ANN).post(url, json={"documents": "x"})
    by_other = client_as(BOB).post(url, json={"documents": "x"})
    empty = agent.post(url, json={"documents": " "})
    anonymous = client.post(url, json={"documents": "x"})
    unknown = agent.post("/api/v1/rmas/999999/documents-requests", json={"documents": "x"})
    agent.post(f"/api/v1/rmas/{rma_id}/events/cancel", json={"reason": "asked by Ann"})
    closed = agent.post(url, json={"documents": "a photo"})

    assert asked.status_code == 201, asked.text
    assert asked.json()["page"].endswith(f"/my/rmas/{rma_id}")
    assert by_customer.status_code == 403
    assert by_other.status_code == 403  # a customer never asks, whoever's RMA it is
    assert empty.status_code == 422
    assert empty.json()["error"]["problems"][0]["field"] == "documents"
    assert anonymous.status_code == 401
    assert unknown.status_code == 404
    assert closed.status_code == 409
    with uow_factory() as uow:
        topics = [m.topic for m in reversed(uow.outbox.find(reference=f"#{rma_id}"))]
    assert topics == ["rma.requested", "rma.documents_requested", "rma.cancelled"]


def test_an_rmas_and_a_units_attachments_page_oldest_first_not_counted(
    client_as: Any, rma_id: int
) -> None:
    ann, agent, bob = client_as(ANN), client_as(AGENT), client_as(BOB)
    rma_url = f"/api/v1/rmas/{rma_id}/attachments"
    unit_url = f"/api/v1/units/QNAP/{QNAP_SERIAL}/attachments"
    sent = [
        _send(ann, unit_url, "proof_of_purchase", "receipt.pdf", pdf(), "application/pdf"),
        _send(ann, rma_url, "photo", "IMG_1.png", photo("PNG"), "image/png"),
        _send(ann, rma_url, "photo", "IMG_2.png", photo("PNG"), "image/png"),
    ]
    ids = [answer.json()["id"] for answer in sent]

    def pages(client: Any, url: str) -> list[list[int]]:
        found, answer = [], client.get(url, params={"limit": 2})
        while True:
            assert answer.status_code == 200, answer.text
            found.append([a["id"] for a in answer.json()])
            assert answer.headers["x-total-count-kind"] == "none"
            if "link" not in answer.headers:
                return found
            answer = client.get(answer.headers["link"][1 : answer.headers["link"].index(">")])

    assert pages(agent, rma_url) == [ids[:2], ids[2:]]  # the unit's proof and the RMA's photos
    assert pages(ann, unit_url) == [ids[:2], ids[2:]]
    assert [a["id"] for a in agent.get(rma_url).json()] == ids  # 100 by default: all of them
    first = agent.get(rma_url, params={"limit": 2})
    foreign = agent.get(unit_url, params={"cursor": first.headers["x-next-cursor"]})
    assert foreign.status_code == 422
    assert foreign.json()["error"]["problems"][0]["field"] == "cursor"
    assert agent.get(rma_url, params={"limit": 1001}).status_code == 422
    assert bob.get(rma_url, params={"limit": 1}).status_code == 404
