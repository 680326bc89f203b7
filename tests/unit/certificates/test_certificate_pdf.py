"""The certificate PDF read back by other tools: the text on the page, the QR code, the JSON."""

from __future__ import annotations

import dataclasses
import io
import re
import struct
from collections.abc import Callable

import pypdf
import pytest
import zxingcpp
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from warrantor.certificates import (
    Buyer,
    Certificate,
    InMemoryRegistry,
    KeyRing,
    VerificationStatus,
    export_json,
    read_certificate_file,
    signature_prefix,
    verification_url,
    verify,
)
from warrantor.certificates.pdf import render_unsigned_pdf
from warrantor.errors import InvalidInput

BASE_URL = "https://warranty.example.com"
PdfOf = Callable[[Certificate], bytes]


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


def test_the_page_shows_what_the_proof_must_show(issued: Certificate, pdf_of: PdfOf) -> None:
    text = _page_text(pdf_of(issued))

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
    pdf_of: PdfOf,
) -> None:
    payloads = _qr_payloads(pdf_of(issued))

    expected = (
        "https://warranty.example.com/certificates/EW-2025-000123/verify"
        f"?sig={signature_prefix(issued)}"
    )
    assert payloads == [expected]
    assert expected == verification_url(issued, BASE_URL)
    assert len(signature_prefix(issued)) == 16
    assert expected in _page_text(pdf_of(issued))


def test_the_signed_json_is_a_standard_attachment_other_tools_see(
    issued: Certificate, pdf_of: PdfOf
) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf_of(issued)))

    assert reader.attachments["certificate.json"] == [export_json(issued).encode("utf-8")]


def test_a_certificate_pdf_reads_back_and_verifies(
    issued: Certificate,
    keyring: KeyRing,
    registry: InMemoryRegistry,
    pdf_of: PdfOf,
) -> None:
    certificate = read_certificate_file(pdf_of(issued))

    assert certificate == issued
    assert verify(certificate, keyring.verification_keys(), registry).status is (
        VerificationStatus.VALID
    )


def test_a_pdf_copied_by_another_tool_still_reads_back(issued: Certificate, pdf_of: PdfOf) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_of(issued)))
    copy = io.BytesIO()
    writer.write(copy)

    assert read_certificate_file(copy.getvalue()) == issued


def _resaved_with_object_streams(pdf: bytes) -> bytes:
    """``pdf`` as PDF 1.5 tools re-save it: every object that is not a stream packed into one
    compressed object stream found through a cross-reference stream, and each stream's
    ``/Length`` an indirect number that also sits in the object stream (as some tools write it).

    pypdf 7 reads such files but has no option to write them (``compress_identical_objects``
    only merges duplicates), so the test packs pypdf's own objects itself.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries: dict[int, tuple[int, int, int]] = {}  # object number -> xref stream row
    packed: list[tuple[int, bytes]] = []
    ids = sorted(reader.xref[0])
    objstm_id, xref_id = max(ids) + 1, max(ids) + 2
    next_id = xref_id + 1
    for idnum in ids:
        obj = reader.get_object(idnum)
        assert obj is not None
        body = io.BytesIO()
        obj.write_to_stream(body)
        data = body.getvalue()
        if isinstance(obj, StreamObject):
            head, sep, rest = data.partition(b"stream\n")
            length = re.search(rb"/Length (\d+)", head)
            assert length is not None
            head = head.replace(length.group(0), f"/Length {next_id} 0 R".encode())
            entries[next_id] = (2, objstm_id, len(packed))
            packed.append((next_id, length.group(1) + b"\n"))
            next_id += 1
            entries[idnum] = (1, out.tell(), 0)
            out.write(f"{idnum} 0 obj\n".encode() + head + sep + rest + b"\nendobj\n")
        else:
            entries[idnum] = (2, objstm_id, len(packed))
            packed.append((idnum, data + b"\n"))

    index, offset = [], 0
    for idnum, data in packed:
        index.append(f"{idnum} {offset}")
        offset += len(data)
    header = " ".join(index).encode() + b"\n"
    objstm = DecodedStreamObject()
    objstm.set_data(header + b"".join(data for _, data in packed))
    objstm[NameObject("/Type")] = NameObject("/ObjStm")
    objstm[NameObject("/N")] = NumberObject(len(packed))
    objstm[NameObject("/First")] = NumberObject(len(header))
    entries[objstm_id] = (1, out.tell(), 0)
    out.write(f"{objstm_id} 0 obj\n".encode())
    objstm.flate_encode().write_to_stream(out)
    out.write(b"\nendobj\n")

    entries[xref_id] = (1, out.tell(), 0)
    rows = [(0, 0, 65535)] + [entries.get(n, (0, 0, 0)) for n in range(1, next_id)]
    xref = DecodedStreamObject()
    xref.set_data(b"".join(struct.pack(">BIH", *row) for row in rows))
    xref[NameObject("/Type")] = NameObject("/XRef")
    xref[NameObject("/Size")] = NumberObject(next_id)
    xref[NameObject("/W")] = ArrayObject([NumberObject(1), NumberObject(4), NumberObject(2)])
    for key in ("/Root", "/Info", "/ID"):
        xref[NameObject(key)] = reader.trailer.raw_get(key)
    out.write(f"{xref_id} 0 obj\n".encode())
    xref.flate_encode().write_to_stream(out)
    out.write(f"\nendobj\nstartxref\n{entries[xref_id][1]}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_pdf_resaved_with_object_streams_still_reads_back(
    issued: Certificate, pdf_of: PdfOf
) -> None:
    resaved = _resaved_with_object_streams(pdf_of(issued))

    # The catalog, the attachment's file specification and every stream length now sit
    # compressed in the object stream: a reader scanning the file's bytes can't find them.
    assert b"/ObjStm" in resaved
    assert b"/EmbeddedFiles" not in resaved
    assert b"/Filespec" not in resaved
    assert re.search(rb"/Length \d+ 0 R", resaved)
    assert read_certificate_file(resaved) == issued


def test_a_forged_pdf_carrying_a_real_number_is_refused(
    issued: Certificate,
    keyring: KeyRing,
    registry: InMemoryRegistry,
    pdf_of: PdfOf,
) -> None:
    # Someone renders a certificate for their own unit with a real number and signature.
    forged_pdf = pdf_of(dataclasses.replace(issued, serial="Q999X00001"))

    result = verify(read_certificate_file(forged_pdf), keyring.verification_keys(), registry)

    assert result.status is VerificationStatus.FORGED
    assert result.differing_fields == ("serial",)


def test_the_page_is_rendered_the_same_every_time_and_signed_as_an_appended_revision(
    issued: Certificate, pdf_of: PdfOf
) -> None:
    unsigned = render_unsigned_pdf(issued, BASE_URL)

    assert unsigned == render_unsigned_pdf(issued, BASE_URL)
    assert pdf_of(issued).startswith(unsigned)


def test_long_names_wrap_and_stay_on_the_page(issued: Certificate, pdf_of: PdfOf) -> None:
    name = "The Very Long Name Of A Regional Storage Distributor And Integration Services Ltd"
    text = _page_text(pdf_of(dataclasses.replace(issued, buyer=Buyer("D-9", name))))
    assert all(word in text for word in name.split())


def test_a_reissued_certificate_shows_what_it_replaces(issued: Certificate, pdf_of: PdfOf) -> None:
    reissue = dataclasses.replace(issued, number="EW-2025-000124", replaces=issued.number)
    text = _page_text(pdf_of(reissue))
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
