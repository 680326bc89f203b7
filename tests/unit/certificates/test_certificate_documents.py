"""The JSON document, and reading a certificate file (JSON or PDF) back, or refusing it."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from warrantor.certificates import (
    FORMAT,
    Buyer,
    Certificate,
    CorruptPdf,
    NoEmbeddedCertificate,
    NotACertificate,
    export_json,
    import_json,
    read_certificate_file,
    to_document,
)
from warrantor.errors import InvalidInput, WarrantorError

BASE_URL = "https://warranty.example.com"
PdfOf = Callable[[Certificate], bytes]


def test_json_round_trip_gives_the_same_certificate(issued: Certificate) -> None:
    assert import_json(export_json(issued)) == issued


def test_a_reissue_round_trips_with_what_it_replaces(issued: Certificate) -> None:
    reissue = dataclasses.replace(issued, number="EW-2025-000124", replaces=issued.number)
    assert import_json(export_json(reissue)).replaces == "EW-2025-000123"


def test_the_json_document_has_every_field_the_key_id_and_the_signature(
    issued: Certificate,
) -> None:
    document = json.loads(export_json(issued))

    assert document == {
        "format": FORMAT,
        "number": "EW-2025-000123",
        "brand": "QNAP",
        "model": "TS-453D",
        "serial": "Q203I12345",
        "extension_years": 2,
        "starts_on": "2027-01-01",
        "ends_on": "2028-12-31",
        "buyer": {"account_code": "D-0042", "name": "Northwind Storage Ltd"},
        "issued_at": "2025-03-01T09:30:00Z",
        "replaces": None,
        "key_id": issued.key_id,
        "signature": document["signature"],
    }
    assert base64.b64decode(document["signature"]) == issued.signature


def test_unicode_names_survive_the_json_round_trip(issued: Certificate) -> None:
    renamed = dataclasses.replace(issued, buyer=Buyer("D-7", "深圳存储有限公司 Müller"))
    assert import_json(export_json(renamed).encode("utf-8")) == renamed


def _broken(issued: Certificate, **changes: Any) -> str:
    document = to_document(issued)
    for name, value in changes.items():
        if value is ...:
            del document[name]
        else:
            document[name] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"serial": ...}, "serial"),
        ({"serial": 12345}, "serial"),
        ({"number": None}, "number"),
        ({"extension_years": "2"}, "extension_years"),
        ({"extension_years": True}, "extension_years"),
        ({"starts_on": "01/01/2027"}, "starts_on"),
        ({"ends_on": "2028-02-30"}, "ends_on"),
        ({"ends_on": "2026-12-31"}, "ends_on"),
        ({"issued_at": "2025-03-01T09:30:00+02:00"}, "issued_at"),
        ({"buyer": "Northwind"}, "buyer"),
        ({"buyer": {"account_code": "D-0042"}}, "buyer.name"),
        ({"buyer": {"account_code": "D-1", "name": "N", "vat": "GB1"}}, "buyer.vat"),
        ({"signature": "not base64!"}, "signature"),
        ({"signature": "AAAA"}, "signature"),
        ({"key_id": "KEY"}, "key_id"),
        ({"note": "unsigned extra"}, "note"),
        ({"replaces": 7}, "replaces"),
    ],
)
def test_a_bad_member_is_refused_by_name(
    issued: Certificate, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_json(_broken(issued, **changes))
    assert field in [p.field for p in caught.value.problems], caught.value.problems
    assert field in caught.value.message


def test_several_bad_members_are_all_named(issued: Certificate) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_json(_broken(issued, serial=..., starts_on="soon", extra=1))
    assert {p.field for p in caught.value.problems} == {"serial", "starts_on", "extra"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"serial,model\nQ1,TS-453D\n",
            "neither a certificate JSON document nor a certificate PDF",
        ),
        (b"{not json", r"not JSON \(line 1, column 2"),
        (b'{"serial": "Q1"}', "no 'format' member"),
        (b'{"format": "warrantor-certificate/9"}', "format is 'warrantor-certificate/9'"),
        (b"", "the file is empty"),
        (b'{"serial": "\xff"}', "not text"),
    ],
)
def test_files_that_are_not_certificates_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(NotACertificate, match=message) as caught:
        read_certificate_file(data)
    assert isinstance(caught.value, InvalidInput)


def test_a_file_is_read_by_path_as_json_or_pdf(
    issued: Certificate, tmp_path: Path, pdf_of: PdfOf
) -> None:
    (tmp_path / "c.json").write_text(export_json(issued), encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(pdf_of(issued))

    assert read_certificate_file(tmp_path / "c.json") == issued
    assert read_certificate_file(str(tmp_path / "c.pdf")) == issued


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(WarrantorError, match=r"can't read .*nowhere\.json"):
        read_certificate_file(tmp_path / "nowhere.json")


def _plain_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_pdf_without_the_embedded_certificate_is_refused(issued: Certificate) -> None:
    # e.g. a "print to PDF" of a certificate: the number is there, the signed data is not
    with pytest.raises(NoEmbeddedCertificate, match="without the certificate data"):
        read_certificate_file(_plain_pdf(f"Certificate number {issued.number}"))


def test_a_truncated_pdf_is_refused_as_corrupt(issued: Certificate, pdf_of: PdfOf) -> None:
    pdf = pdf_of(issued)
    with pytest.raises(CorruptPdf, match="cut short"):
        read_certificate_file(pdf[: len(pdf) // 2])


def test_a_pdf_damaged_inside_the_embedded_certificate_is_refused_as_corrupt(
    issued: Certificate,
    pdf_of: PdfOf,
) -> None:
    pdf = pdf_of(issued)
    start = pdf.index(b"/Type /EmbeddedFile")
    stream = pdf.index(b"stream\n", start) + len(b"stream\n")
    damaged = pdf[:stream] + b"\x00" * 8 + pdf[stream + 8 :]
    with pytest.raises(CorruptPdf, match="damaged"):
        read_certificate_file(damaged)


def test_a_pdf_pypdf_cannot_parse_is_refused_as_corrupt() -> None:
    with pytest.raises(CorruptPdf, match="damaged and can't be read"):
        read_certificate_file(b"%PDF-1.4\nnot a PDF body\n%%EOF\n")


def test_a_pdf_carrying_two_certificates_is_refused(issued: Certificate, pdf_of: PdfOf) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_of(issued)))
    writer.add_attachment("certificate.json", export_json(issued).encode("utf-8"))
    two = io.BytesIO()
    writer.write(two)

    with pytest.raises(NotACertificate, match="holds 2 certificates; expected one"):
        read_certificate_file(two.getvalue())
