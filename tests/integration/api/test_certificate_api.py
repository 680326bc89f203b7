"""``/api/v1/certificates``: downloads with their access rules, public verification and keys.

The PDF is read back from the download as a service desk would: its text with
pypdf, its QR code with zxing-cpp, and the link in the QR code followed to
the public verification page.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pypdf
import pytest
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pdf_tampering import edit_page_text
from warrantor.bootstrap import Runtime
from warrantor.certificates import (
    Buyer,
    Certificate,
    export_json,
    public_key_from_jwk,
    signature_prefix,
    to_document,
    verify,
)
from warrantor.certificates.pdf_seal import run_pyhanko
from warrantor.domain.actors import Actor, Role
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.revoking import revoke_certificate

BUYER = Actor(Role.DISTRIBUTOR, "D-0042", user_id=10)
STRANGER = Actor(Role.CUSTOMER, "C-9999", user_id=11)
AGENT = Actor(Role.AGENT, "MAKER", user_id=12)


def issue(runtime: Runtime, serial: str = "Q203I12345") -> Certificate:
    request = CertificateRequest(
        extension_id=3,
        brand="QNAP",
        model="TS-453 Pro",
        serial=serial,
        extension_years=2,
        starts_on=date(2027, 1, 1),
        ends_on=date(2028, 12, 31),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
    )
    with runtime.uow_factory() as uow:
        return issue_certificate(uow, runtime.keys, request, runtime.clock.now())


def upload(client: TestClient, data: bytes, name: str = "certificate.pdf") -> Any:
    return client.post("/api/v1/certificates/verify", files={"file": (name, data)})


def qr_links(pdf: bytes) -> list[str]:
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    return [code.text for image in page.images for code in zxingcpp.read_barcodes(image.image)]


class TestDownloads:
    def test_the_buyer_downloads_the_signed_json_exactly_as_issued(
        self, runtime: Runtime, client_as: Any
    ) -> None:
        certificate = issue(runtime)

        response = client_as(BUYER).get(f"/api/v1/certificates/{certificate.number}")

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.text == export_json(certificate)

    @pytest.mark.parametrize("path", ["{number}.pdf", "{number}/pdf"])
    def test_the_pdf_shows_the_certificate_and_its_qr_code_leads_to_a_page_saying_valid(
        self, path: str, runtime: Runtime, client_as: Any, client: TestClient
    ) -> None:
        certificate = issue(runtime)

        response = client_as(AGENT).get(
            "/api/v1/certificates/" + path.format(number=certificate.number)
        )

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert f'filename="{certificate.number}.pdf"' in response.headers["content-disposition"]
        text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        for shown in (
            certificate.number,
            "QNAP",
            "TS-453 Pro",
            "Q203I12345",
            "2027-01-01 to 2028-12-31",
            "Northwind Storage Ltd (account D-0042)",
        ):
            assert shown in text
        [link] = qr_links(response.content)
        base = runtime.settings.effective_base_url
        assert link == (
            f"{base}/certificates/{certificate.number}/verify?sig={signature_prefix(certificate)}"
        )
        parts = urlsplit(link)
        page = client.get(f"{parts.path}?{parts.query}")
        assert page.status_code == 200
        assert "Valid certificate" in page.text
        assert "Q203I12345" in page.text and "2028-12-31" in page.text

    def test_anyone_not_signed_in_must_sign_in_and_a_stranger_is_told_it_does_not_exist(
        self, runtime: Runtime, client: TestClient, client_as: Any
    ) -> None:
        number = issue(runtime).number

        assert client.get(f"/api/v1/certificates/{number}").status_code == 401
        for path in (number, f"{number}.pdf", f"{number}/pdf"):
            response = client_as(STRANGER).get(f"/api/v1/certificates/{path}")
            assert response.status_code == 404
            assert response.json()["error"]["message"] == f"no certificate numbered {number}"


class TestVerifyingByNumber:
    def test_a_link_with_the_signature_prefix_is_valid_and_shows_the_certificate(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        certificate = issue(runtime)

        body = client.get(
            f"/api/v1/certificates/{certificate.number}/verify",
            params={"sig": signature_prefix(certificate)},
        ).json()

        assert (body["status"], body["valid"]) == ("valid", True)
        assert body["certificate"]["serial"] == "Q203I12345"
        assert body["certificate"]["ends_on"] == "2028-12-31"

    def test_a_bare_number_gets_its_status_but_not_the_certificate(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        number = issue(runtime).number

        body = client.get(f"/api/v1/certificates/{number}/verify").json()

        assert body["status"] == "valid"
        assert body["certificate"] is None
        assert "Q203I12345" not in json.dumps(body)

    def test_another_certificates_signature_is_forged_an_unissued_number_unknown(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        certificate = issue(runtime)
        other = issue(runtime, serial="Q2")

        forged = client.get(
            f"/api/v1/certificates/{certificate.number}/verify",
            params={"sig": signature_prefix(other)},
        ).json()
        unknown = client.get("/api/v1/certificates/EW-QNAP-2026-123456/verify").json()

        assert (forged["status"], forged["certificate"]) == ("forged", None)
        assert unknown["status"] == "unknown"

    def test_a_damaged_signature_prefix_is_a_422_naming_sig(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        number = issue(runtime).number

        response = client.get(f"/api/v1/certificates/{number}/verify", params={"sig": "abc"})

        assert response.status_code == 422
        assert response.json()["error"]["problems"][0]["field"] == "sig"


class TestVerifyingAFile:
    def test_the_downloaded_pdf_and_json_verify_as_valid(
        self, runtime: Runtime, client: TestClient, client_as: Any
    ) -> None:
        number = issue(runtime).number
        buyer = client_as(BUYER)

        for path in (f"{number}.pdf", number):
            body = upload(client, buyer.get(f"/api/v1/certificates/{path}").content).json()
            assert (body["status"], body["valid"]) == ("valid", True)
            assert body["certificate"]["number"] == number

    @pytest.mark.parametrize(
        ("member", "value", "field"),
        [
            ("serial", "Q203I00000", "serial"),
            ("ends_on", "2029-12-31", "ends_on"),
            ("model", "TS-873A", "model"),
            ("buyer", {"account_code": "D-0042", "name": "Another Ltd"}, "buyer.name"),
        ],
    )
    def test_an_edited_certificate_is_forged_naming_the_field(
        self, member: str, value: Any, field: str, runtime: Runtime, client: TestClient
    ) -> None:
        document = to_document(issue(runtime))
        document[member] = value

        body = upload(client, json.dumps(document).encode(), "c.json").json()

        assert body["status"] == "forged"
        assert field in body["differing_fields"]
        assert any("signature does not verify" in reason for reason in body["reasons"])

    def test_a_revoked_certificate_says_when_and_why(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        certificate = issue(runtime)
        revoke_certificate(
            runtime.uow_factory,
            Actor.operator(),
            certificate.number,
            reason="refunded",
            now=runtime.clock.now(),
        )

        body = upload(client, export_json(certificate).encode(), "c.json").json()

        assert (body["status"], body["revoked_reason"]) == ("revoked", "refunded")

    @pytest.mark.parametrize(
        ("data", "says", "field"),
        [
            (b"GIF89a not a certificate", "neither a certificate JSON document", "file"),
            (b'{"format": "warrantor-certificate/1", "number": ', "not JSON", "file"),
            (b"%PDF-1.4\n1 0 obj", "cut short", "file"),
            (b'{"format": "warrantor-certificate/1"}', "not valid", "number"),
        ],
        ids=["not a certificate", "malformed JSON", "truncated PDF", "JSON missing members"],
    )
    def test_a_file_that_is_not_a_certificate_is_a_422_saying_what_is_wrong(
        self, data: bytes, says: str, field: str, client: TestClient
    ) -> None:
        response = upload(client, data)

        assert response.status_code == 422
        error = response.json()["error"]
        assert says in error["message"]
        assert field in [p["field"] for p in error["problems"]]

    def test_a_pdf_without_the_embedded_certificate_is_a_422_asking_for_the_original(
        self, client: TestClient
    ) -> None:
        writer = pypdf.PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)

        response = upload(client, out.getvalue())

        assert response.status_code == 422
        assert "original PDF or the JSON" in response.json()["error"]["message"]

    def test_the_reported_attack_is_forged_and_the_answer_shows_the_registrys_facts(
        self, runtime: Runtime, client: TestClient, client_as: Any
    ) -> None:
        # The printed serial and period end edited; the signed JSON inside left alone.
        certificate = issue(runtime)
        pdf = client_as(BUYER).get(f"/api/v1/certificates/{certificate.number}.pdf").content
        pdf = edit_page_text(pdf, "Q203I12345", "Q203I99999")
        pdf = edit_page_text(pdf, "to 2028-12-31", "to 2039-12-31")

        body = upload(client, pdf).json()

        assert (body["status"], body["valid"]) == ("forged", False)
        assert "the page's content (what is printed)" in body["reasons"][0]
        registered = body["registered"]
        assert (registered["number"], registered["brand"], registered["model"]) == (
            certificate.number,
            "QNAP",
            "TS-453 Pro",
        )
        assert (registered["serial"], registered["starts_on"], registered["ends_on"]) == (
            "Q203I12345",
            "2027-01-01",
            "2028-12-31",
        )
        assert registered["buyer_name"] == "Northwind Storage Ltd"
        assert registered["state"] == "in force"

    def test_a_made_up_certificate_is_forged_and_shows_nothing_of_the_registry(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        real = issue(runtime)
        document = to_document(real)
        document["serial"] = "Q203I77777"  # a real number, a signature that is not for this

        body = upload(client, json.dumps(document).encode(), "c.json").json()

        assert body["status"] == "forged"
        assert body["registered"] is None
        assert "Q203I12345" not in json.dumps(body)

    def test_a_json_certificate_with_a_duplicated_member_is_a_422_naming_it(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        text = export_json(issue(runtime))
        text = text.replace('"model": "TS-453 Pro",', '"model": "TS-453 Pro", "model": "TS-873A",')

        response = upload(client, text.encode(), "c.json")

        assert response.status_code == 422
        error = response.json()["error"]
        assert "'model' appears twice" in error["message"]
        assert error["problems"][0]["field"] == "model"

    def test_no_file_at_all_is_a_422_naming_file(self, client: TestClient) -> None:
        response = client.post("/api/v1/certificates/verify")

        assert response.status_code == 422
        assert "file" in [p["field"] for p in response.json()["error"]["problems"]]


class TestPublishedKeys:
    def test_no_key_is_published_before_the_first_certificate(self, client: TestClient) -> None:
        assert client.get("/api/v1/certificates/keys").json() == {
            "active_key_id": None,
            "keys": [],
        }

    def test_each_keys_x509_certificate_is_published_beside_its_jwk_and_as_pem(
        self, runtime: Runtime, client: TestClient, client_as: Any
    ) -> None:
        certificate = issue(runtime)

        [jwk] = client.get("/api/v1/certificates/keys").json()["keys"]
        response = client.get("/api/v1/certificates/keys.pem")

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-pem-file")
        [pem] = x509.load_pem_x509_certificates(response.content)
        assert base64.b64decode(jwk["x5c"][0]) == pem.public_bytes(serialization.Encoding.DER)
        assert jwk["kid"] in pem.subject.rfc4514_string()
        # What a verifier elsewhere does: pyHanko with the published PEM as its trust root.
        pdf = client_as(BUYER).get(f"/api/v1/certificates/{certificate.number}.pdf").content
        [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        root = asn1_x509.Certificate.load(pem.public_bytes(serialization.Encoding.DER))
        context = ValidationContext(trust_roots=[root])
        status = run_pyhanko(lambda: async_validate_pdf_signature(signature, context))
        assert (status.intact, status.valid, status.trusted) == (True, True, True)
        assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE

    def test_after_a_rotation_both_keys_are_published_and_old_certificates_verify_with_them(
        self, runtime: Runtime, client: TestClient
    ) -> None:
        before = issue(runtime)
        runtime.keys.rotate()
        after = issue(runtime, serial="Q2")

        body = client.get("/api/v1/certificates/keys").json()

        assert body["active_key_id"] == after.key_id
        published = {jwk["kid"]: public_key_from_jwk(jwk) for jwk in body["keys"]}
        assert set(published) == {before.key_id, after.key_id}
        with runtime.uow_factory() as uow:
            for certificate in (before, after):
                assert verify(certificate, published, uow.certificates).is_valid
            forged = replace(before, serial="Q203I00000")
            assert not verify(forged, published, uow.certificates).is_valid
