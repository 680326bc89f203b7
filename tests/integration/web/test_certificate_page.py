"""The public page a certificate's QR code leads to: the verdict, and the details only
to whoever holds the link with the right signature."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.certificates import Buyer, Certificate, signature_prefix
from warrantor.domain.actors import Actor
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate
from warrantor.services.certificates.revoking import revoke_certificate


def issue(runtime: Runtime, serial: str = "Q203I12345") -> Certificate:
    request = CertificateRequest(
        extension_id=9,
        brand="QNAP",
        model="TS-453 Pro",
        serial=serial,
        extension_years=1,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        buyer=Buyer("D-0042", "Northwind Storage Ltd"),
    )
    with runtime.uow_factory() as uow:
        return issue_certificate(uow, runtime.keys, request, runtime.clock.now())


def page(client: TestClient, number: str, sig: str | None = None) -> tuple[int, str]:
    params = {"sig": sig} if sig is not None else {}
    response = client.get(f"/certificates/{number}/verify", params=params)
    return response.status_code, response.text


def test_the_qr_link_shows_valid_and_every_detail_to_compare(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)

    status, html = page(client, certificate.number, signature_prefix(certificate))

    assert status == 200
    assert f"Valid certificate: {certificate.number}" in html
    for detail in ("TS-453 Pro", "Q203I12345", "2027-01-01 to 2027-12-31", "Northwind Storage Ltd"):
        assert detail in html
    assert '<html lang="en">' in html  # the site's layout, not a page of its own


def test_a_link_with_another_signature_is_not_genuine_and_reveals_nothing(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)
    other = issue(runtime, serial="Q2")

    status, html = page(client, certificate.number, signature_prefix(other))

    assert status == 200
    assert "Not a genuine certificate" in html
    assert "Q203I12345" not in html and "Northwind" not in html


def test_a_revoked_certificate_says_so_with_the_reason(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)
    revoke_certificate(
        runtime.uow_factory,
        Actor.operator(),
        certificate.number,
        reason="refunded on request",
        now=runtime.clock.now(),
    )

    _, html = page(client, certificate.number, signature_prefix(certificate))

    assert "Revoked certificate" in html
    assert "refunded on request" in html


def test_a_number_typed_in_the_form_gets_its_status_only(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)

    typed = client.get("/certificates/verify", params={"number": certificate.number})
    unknown = client.get("/certificates/verify", params={"number": "EW-QNAP-2026-424242"})
    empty = client.get("/certificates/verify")

    assert "Valid certificate" in typed.text and "Q203I12345" not in typed.text
    assert "Unknown certificate" in unknown.text
    assert empty.status_code == 200 and 'id="number"' in empty.text


def test_a_damaged_link_is_a_422_page_naming_sig(runtime: Runtime, client: TestClient) -> None:
    certificate = issue(runtime)

    status, html = page(client, certificate.number, "not-a-sig")

    assert status == 422
    assert "Please check the link" in html
    assert "&#39;sig&#39;" in html or "'sig'" in html
