"""Attachments on the customer's RMA page and the desk's (issue #24), through the real forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from portal_support import AGENT, ANN, BOB, NOW, add_accounts

from attachment_files import location_of, pdf, photo
from warrantor.services.installed_base.registration import Claim, register_my_unit

UNIT = {"brand": "QNAP", "serial": "QATTACH01", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip


@pytest.fixture
def rma_page(client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any) -> str:
    add_accounts(uow_factory)
    add_units([UNIT])
    claim = Claim("QNAP", "QATTACH01", NOW.date().replace(month=10, day=1), "INV-A1")
    register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)
    form = {"brand": "QNAP", "serial": "QATTACH01", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"}  # fmt: skip
    asked = client_as(ANN).post("/my/rmas/new", data=form, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    return str(asked.headers["location"])


def _send(client: Any, page: str, kind: str, name: str, data: bytes) -> Any:
    return client.post(
        f"{page}/attachments",
        data={"kind": kind},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )


def test_the_customer_sends_a_photo_and_the_desk_downloads_it_without_location(
    client_as: Any, rma_page: str
) -> None:
    ann, agent = client_as(ANN), client_as(AGENT)
    assert 'enctype="multipart/form-data"' in ann.get(rma_page).text

    sent = _send(ann, rma_page, "photo", "broken-fan.jpg", photo("JPEG"))

    assert sent.status_code == 303
    assert sent.headers["location"] == f"{rma_page}#attachments"
    desk = agent.get(f"/desk/rmas/{rma_page.rsplit('/', 1)[1]}").text
    [link] = re.findall(r'<a href="(/api/v1/attachments/\d+)" download>broken-fan.jpg</a>', desk)
    assert "photo, image/jpeg" in desk
    downloaded = agent.get(link)
    assert downloaded.status_code == 200
    assert location_of(downloaded.content) == {}
    assert client_as(BOB).get(link).status_code == 404
    assert "broken-fan.jpg" in ann.get(rma_page).text


def test_a_refused_file_comes_back_on_the_page_naming_why(client_as: Any, rma_page: str) -> None:
    ann = client_as(ANN)

    scripted = _send(ann, rma_page, "proof_of_purchase", "invoice.pdf", pdf(attachment=b"x"))
    unchosen = _send(ann, rma_page, "", "invoice.pdf", pdf())

    assert scripted.status_code == 422
    assert "File: the PDF holds an embedded file" in scripted.text
    assert unchosen.status_code == 422
    assert "What it is: a proof of purchase or a photo" in unchosen.text
    assert "None sent yet." in ann.get(rma_page).text


def test_another_customer_cannot_attach_to_the_rma(client_as: Any, rma_page: str) -> None:
    refused = _send(client_as(BOB), rma_page, "photo", "x.png", photo("PNG"))

    assert refused.status_code == 404
    assert "None sent yet." in client_as(ANN).get(rma_page).text


def test_the_agent_asks_for_documents_and_the_customer_is_mailed_the_page(
    client_as: Any, rma_page: str, uow_factory: Any
) -> None:
    rma_id = rma_page.rsplit("/", 1)[1]
    agent = client_as(AGENT)
    assert (
        'action="/desk/rmas/' + rma_id + '/ask-documents"' in agent.get(f"/desk/rmas/{rma_id}").text
    )

    empty = agent.post(f"/desk/rmas/{rma_id}/ask-documents", data={"documents": ""})
    asked = agent.post(
        f"/desk/rmas/{rma_id}/ask-documents",
        data={"documents": "a photo of the serial label"},
        follow_redirects=False,
    )

    assert empty.status_code == 422
    assert "Documents to ask for: e.g. a proof of purchase" in empty.text
    assert asked.status_code == 303
    with uow_factory() as uow:
        [told] = [m for m in uow.outbox.find() if m.topic == "rma.documents_requested"]
    assert told.to_address == "ann@example.com"
    assert "  a photo of the serial label" in told.body
    assert f"/my/rmas/{rma_id}" in told.body


NEW_RMA = {"brand": "QNAP", "serial": "QATTACH02", "symptom": "clicks",
           "contact_name": "Ann", "contact_email": "ann@example.com",
           "backup_acknowledged": "yes"}  # fmt: skip


@pytest.fixture
def second_unit(client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT | {"serial": "QATTACH02"}])
    claim = Claim("QNAP", "QATTACH02", NOW.date().replace(month=10, day=1), "INV-A2")
    register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def test_a_request_carries_its_proof_and_photos(client_as: Any, second_unit: None) -> None:
    ann = client_as(ANN)
    assert 'enctype="multipart/form-data"' in ann.get("/my/rmas/new").text
    files = [
        ("proof_file", ("receipt.pdf", pdf(), "application/pdf")),
        ("photos", ("front.jpg", photo("JPEG"), "image/jpeg")),
        ("photos", ("back.png", photo("PNG"), "image/png")),
    ]

    asked = ann.post("/my/rmas/new", data=NEW_RMA, files=files, follow_redirects=False)

    assert asked.status_code == 303, asked.text
    page = ann.get(asked.headers["location"]).text
    for name in ("receipt.pdf", "front.jpg", "back.png"):
        assert f"download>{name}</a>" in page
    assert "proof of purchase, application/pdf" in page
    assert "QATTACH02" in ann.get("/my/rmas").text  # what the refused case looks for


def test_a_refused_file_with_a_request_opens_no_rma(client_as: Any, second_unit: None) -> None:
    ann = client_as(ANN)
    files = [("proof_file", ("receipt.pdf", pdf(javascript="app.alert(1)"), "application/pdf"))]

    refused = ann.post("/my/rmas/new", data=NEW_RMA, files=files, follow_redirects=False)

    assert refused.status_code == 422
    assert "Proof of purchase (file): receipt.pdf: the PDF holds JavaScript" in refused.text
    assert "QATTACH02" not in ann.get("/my/rmas").text


REGISTER = {"brand": "QNAP", "serial": "QATTACH03", "purchased_on": "2025-10-01",
            "proof_of_purchase": "INV-A3"}  # fmt: skip


@pytest.fixture
def unregistered(uow_factory: Any, add_units: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT | {"serial": "QATTACH03"}])


def test_a_unit_is_registered_with_its_proof_file(client_as: Any, unregistered: None) -> None:
    ann = client_as(ANN)
    assert 'name="proof_file" type="file"' in ann.get("/my/register").text
    proof = ("proof_file", ("invoice.png", photo("PNG"), "image/png"))

    answer = ann.post("/my/register", data=REGISTER, files=[proof], follow_redirects=False)

    assert answer.status_code == 303, answer.text
    [kept] = ann.get("/api/v1/units/QNAP/QATTACH03/attachments").json()
    assert (kept["file_name"], kept["kind"]) == ("invoice.png", "proof_of_purchase")
    assert client_as(BOB).get(kept["download"]).status_code == 404


def test_the_product_page_lists_the_units_files_to_download(
    client_as: Any, unregistered: None
) -> None:
    ann = client_as(ANN)
    proof = ("proof_file", ("invoice.png", photo("PNG"), "image/png"))
    ann.post("/my/register", data=REGISTER, files=[proof], follow_redirects=False)
    page_before = ann.get("/my/units/QNAP/QATTACH03").text
    sent = ann.post("/api/v1/units/QNAP/QATTACH03/attachments", data={"kind": "photo"},
                    files={"file": ("scratch.jpg", photo("JPEG"), "image/jpeg")})  # fmt: skip
    assert sent.status_code == 201, sent.text

    page = ann.get("/my/units/QNAP/QATTACH03").text

    assert "scratch.jpg" not in page_before
    links = re.findall(r'<a href="(/api/v1/attachments/\d+)" download>([^<]+)</a>', page)
    assert [name for _, name in links] == ["invoice.png", "scratch.jpg"]
    assert "proof of purchase, image/png" in page and "photo, image/jpeg" in page
    assert ann.get(links[1][0]).content[:2] == b"\xff\xd8"
    assert client_as(BOB).get("/my/units/QNAP/QATTACH03").status_code == 404


def test_a_refused_proof_file_registers_nothing(client_as: Any, unregistered: None) -> None:
    ann = client_as(ANN)
    proof = ("proof_file", ("invoice.pdf", pdf(attachment=b"x"), "application/pdf"))

    answer = ann.post("/my/register", data=REGISTER, files=[proof], follow_redirects=False)

    assert answer.status_code == 422
    assert "The invoice or receipt (file): invoice.pdf: the PDF holds an embedded" in answer.text
    assert ann.get("/api/v1/units/QNAP/QATTACH03/attachments").status_code == 404


def test_file_sizes_are_written_with_the_pages_decimal_mark(client_as: Any, rma_page: str) -> None:
    """Issue #26: numbers per locale; a size was "1.2 kB" in German too."""
    ann = client_as(ANN)
    assert _send(ann, rma_page, "proof_of_purchase", "invoice.pdf", pdf()).status_code == 303

    german = ann.get(rma_page, headers={"Accept-Language": "de"}).text
    english = ann.get(rma_page, headers={"Accept-Language": "en"}).text

    sizes = re.compile(r"\d[.,]\d (?:kB|MB)")
    assert sizes.findall(german) and all("," in s for s in sizes.findall(german))
    assert sizes.findall(english) and all("." in s for s in sizes.findall(english))
