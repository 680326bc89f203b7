"""The public page a certificate's QR code leads to: the verdict, and the details only
to whoever holds the link with the right signature."""

from __future__ import annotations

import html
from datetime import date

from fastapi.testclient import TestClient

from pdf_tampering import edit_page_text
from warrantor.bootstrap import Runtime
from warrantor.certificates import (
    Buyer,
    Certificate,
    render_pdf,
    render_unsigned_pdf,
    signature_prefix,
)
from warrantor.certificates.revocation_words import UNIT_REPLACED
from warrantor.domain.actors import Actor
from warrantor.errors import Said
from warrantor.services.certificates.issuing import (
    CertificateRequest,
    issue_certificate,
    reissue_certificate,
)
from warrantor.services.certificates.revoking import revoke_certificate

BASE_URL = "https://warranty.example.com"


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


def test_the_qr_link_shows_the_state_beside_every_fact(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)

    _, html = page(client, certificate.number, signature_prefix(certificate))

    assert "What the registry holds under this number" in html
    assert "Northwind Storage Ltd (account D-0042)" in html
    assert '<th scope="row">State</th><td>in force</td>' in html


def upload(client: TestClient, data: bytes, name: str = "certificate.pdf") -> tuple[int, str]:
    response = client.post("/certificates/verify", files={"file": (name, data)})
    return response.status_code, response.text


def test_an_uploaded_genuine_pdf_is_valid_and_shows_the_registrys_facts(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)
    pdf = render_pdf(certificate, BASE_URL, runtime.keys.ensure_active_key())

    status, html = upload(client, pdf)

    assert status == 200
    assert f"Valid certificate: {certificate.number}" in html
    assert "over the whole file" in html
    assert "Q203I12345" in html and "2027-01-01 to 2027-12-31" in html


def test_an_uploaded_pdf_with_its_printed_period_edited_is_not_genuine_and_shows_the_truth(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)
    pdf = render_pdf(certificate, BASE_URL, runtime.keys.ensure_active_key())
    edited = edit_page_text(pdf, "to 2027-12-31", "to 2039-12-31")

    status, html = upload(client, edited)

    assert status == 200
    assert f"Not a genuine certificate: {certificate.number}" in html
    assert "the page&#39;s content (what is printed)" in html
    assert "2027-01-01 to 2027-12-31" in html and "2039" not in html.split("<caption>")[1]


def test_an_uploaded_unsigned_pdf_is_flagged_and_an_unreadable_file_is_a_422(
    runtime: Runtime, client: TestClient
) -> None:
    certificate = issue(runtime)

    _, unsigned = upload(client, render_unsigned_pdf(certificate, BASE_URL))
    status, damaged = upload(client, b"%PDF-1.4\n1 0 obj", "damaged.pdf")

    assert "Genuine data in an unsigned PDF: its page proves nothing" in unsigned
    assert "Unsigned pdf" in unsigned
    assert status == 422
    assert "Please check the file" in damaged and "cut short" in damaged


def test_a_certificate_reissued_for_a_replaced_unit_says_why_in_the_readers_language(
    runtime: Runtime, client: TestClient
) -> None:
    """Issue #26, item 1: the reason the system wrote when it revoked a certificate (reissued
    for the unit that replaced it on an RMA) is told in German; the registry keeps English."""
    certificate = issue(runtime)
    with runtime.uow_factory() as uow:
        new = reissue_certificate(
            uow,
            runtime.keys,
            certificate.number,
            serial="Q2NEW",
            model="TS-453 Pro",
            now=runtime.clock.now(),
            reason=Said(UNIT_REPLACED, serial="Q2NEW", rma="QNAP-2026-000007"),
            actor=Actor.operator(),
        )
    url = f"/certificates/{certificate.number}/verify"
    params = {"sig": signature_prefix(certificate)}
    german = client.get(url, params=params, headers={"Accept-Language": "de"}).text

    told = f"neu ausgestellt als {new.number}: Gerät ersetzt durch Q2NEW im Rahmen der RMA "
    assert told + "QNAP-2026-000007" in html.unescape(german)
    english = client.get(url, params=params).text
    stored = f"reissued as {new.number}: unit replaced by Q2NEW on RMA QNAP-2026-000007"
    assert stored in html.unescape(english)
