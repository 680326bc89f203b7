"""The certificate PDF read back by other tools: the text on the page, the QR code, the JSON."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest
import zxingcpp

from warrantor.certificates import (
    Buyer,
    Certificate,
    InMemoryRegistry,
    KeyRing,
    VerificationStatus,
    export_json,
    read_certificate_file,
    render_pdf,
    signature_prefix,
    verification_url,
    verify,
)
from warrantor.errors import InvalidInput

BASE_URL = "https://warranty.example.com"


def _page_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def _qr_payloads(pdf: bytes) -> list[str]:
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    payloads = []
    for image in page.images:
        payloads += [
            code.text
            for code in zxingcpp.read_barcodes(image.image)
            if code.format == zxingcpp.BarcodeFormat.QRCode
        ]
    return payloads


def test_the_page_shows_what_the_proof_must_show(issued: Certificate) -> None:
    text = _page_text(render_pdf(issued, BASE_URL))

    for expected in (
        "Extended Warranty Certificate",
        "EW-2025-000123",
        "QNAP",
        "TS-453D",
        "Q203I12345",
        "2 additional years",
        "2027-01-01 to 2028-12-31",
        "Northwind Storage Ltd (account D-0042)",
        "2025-03-01T09:30:00Z",
        issued.key_id,
        "How to verify this certificate",
    ):
        assert expected in text, expected


def test_the_qr_code_points_at_the_verification_page_with_a_signature_prefix(
    issued: Certificate,
) -> None:
    payloads = _qr_payloads(render_pdf(issued, BASE_URL))

    expected = (
        "https://warranty.example.com/certificates/EW-2025-000123/verify"
        f"?sig={signature_prefix(issued)}"
    )
    assert payloads == [expected]
    assert expected == verification_url(issued, BASE_URL)
    assert len(signature_prefix(issued)) == 16
    assert expected in _page_text(render_pdf(issued, BASE_URL))


def test_the_signed_json_is_a_standard_attachment_other_tools_see(issued: Certificate) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(issued, BASE_URL)))

    assert reader.attachments["certificate.json"] == [export_json(issued).encode("utf-8")]


def test_a_certificate_pdf_reads_back_and_verifies(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    certificate = read_certificate_file(render_pdf(issued, BASE_URL))

    assert certificate == issued
    assert verify(certificate, keyring.verification_keys(), registry).status is (
        VerificationStatus.VALID
    )


def test_a_pdf_copied_by_another_tool_still_reads_back(issued: Certificate) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(render_pdf(issued, BASE_URL)))
    copy = io.BytesIO()
    writer.write(copy)

    assert read_certificate_file(copy.getvalue()) == issued


def test_a_forged_pdf_carrying_a_real_number_is_refused(
    issued: Certificate, keyring: KeyRing, registry: InMemoryRegistry
) -> None:
    # Someone renders a certificate for their own unit with a real number and signature.
    forged_pdf = render_pdf(dataclasses.replace(issued, serial="Q999X00001"), BASE_URL)

    result = verify(read_certificate_file(forged_pdf), keyring.verification_keys(), registry)

    assert result.status is VerificationStatus.FORGED
    assert result.differing_fields == ("serial",)


def test_rendering_is_deterministic(issued: Certificate) -> None:
    assert render_pdf(issued, BASE_URL) == render_pdf(issued, BASE_URL)


def test_long_names_wrap_and_stay_on_the_page(issued: Certificate) -> None:
    name = "The Very Long Name Of A Regional Storage Distributor And Integration Services Ltd"
    text = _page_text(render_pdf(dataclasses.replace(issued, buyer=Buyer("D-9", name)), BASE_URL))
    assert all(word in text for word in name.split())


def test_a_reissued_certificate_shows_what_it_replaces(issued: Certificate) -> None:
    reissue = dataclasses.replace(issued, number="EW-2025-000124", replaces=issued.number)
    text = _page_text(render_pdf(reissue, BASE_URL))
    assert "Replaces certificate" in text
    assert "EW-2025-000123" in text


@pytest.mark.parametrize(
    "base_url", ["warranty.example.com", "ftp://example.com", "https://example.com/?a=1"]
)
def test_a_base_url_that_is_not_a_web_address_is_refused(
    issued: Certificate, base_url: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        verification_url(issued, base_url)
    assert caught.value.problems[0].field == "base_url"


def test_a_base_url_with_a_path_and_trailing_slash_is_joined_cleanly(issued: Certificate) -> None:
    url = verification_url(issued, "https://example.com/warranty/")
    assert url.startswith("https://example.com/warranty/certificates/EW-2025-000123/verify?sig=")
