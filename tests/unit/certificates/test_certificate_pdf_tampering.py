"""The tampering matrix (issue #18): a signed certificate PDF changed in any way is refused.

A certificate PDF is signed twice: its JSON (what was issued) and the whole
file (PAdES). Each case below changes a genuine PDF the way an attacker or a
careless editor would and checks the verdict names what was found. The
attack that started it: the printed serial and period end edited, the
signed JSON inside left alone, answered "valid".
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import read_certification_data

from pdf_tampering import (
    add_annotation,
    add_attachment,
    add_xmp_metadata,
    append_empty_update,
    countersign,
    cut_after_first_revision,
    edit_document_information,
    edit_page_text,
    flip,
    offsets_of_parts,
    resaved_by_another_tool,
)
from warrantor.certificates import (
    Certificate,
    CorruptPdf,
    DuplicateMember,
    InMemoryRegistry,
    KeyRing,
    Verification,
    VerificationStatus,
    export_json,
    judge_file,
    read_presented_file,
    render_pdf,
    render_unsigned_pdf,
    sign,
    verify,
)
from warrantor.certificates.errors import CertificateFileError

BASE_URL = "https://warranty.example.com"
PdfOf = Callable[[Certificate], bytes]
FORGED = VerificationStatus.FORGED


@pytest.fixture
def genuine(issued: Certificate, pdf_of: PdfOf) -> bytes:
    return pdf_of(issued)


@pytest.fixture
def judge(keyring: KeyRing, registry: InMemoryRegistry) -> Callable[[bytes], Verification]:
    """``judge(file)``: the verdict on a presented file, as ``verify_file`` gives it."""

    def judged(data: bytes) -> Verification:
        public_keys = keyring.verification_keys()
        presented = read_presented_file(data, public_keys)
        verdict = verify(presented.certificate, public_keys, registry)
        return judge_file(verdict, presented.seal)

    return judged


def _printed(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_genuine_pdf_is_valid_signed_by_the_issuer_over_the_whole_file(
    genuine: bytes, judge: Callable[[bytes], Verification], issued: Certificate
) -> None:
    verdict = judge(genuine)

    assert verdict.status is VerificationStatus.VALID
    assert "over the whole file" in verdict.reasons[0]
    assert verdict.registered is not None and verdict.registered.certificate == issued


def test_the_reported_attack_serial_and_period_end_edited_json_left_alone_is_forged(
    genuine: bytes, judge: Callable[[bytes], Verification], issued: Certificate
) -> None:
    edited = edit_page_text(genuine, "Q203I12345", "Q203I99999")
    edited = edit_page_text(edited, "2027-01-01 to 2028-12-31", "2027-01-01 to 2039-12-31")
    assert "Q203I99999" in _printed(edited) and "2039-12-31" in _printed(edited)

    verdict = judge(edited)

    assert verdict.status is FORGED
    assert "the page's content (what is printed)" in verdict.reasons[0]
    # The data inside is the issuer's, so the answer shows what the registry says instead.
    assert verdict.registered is not None
    assert verdict.registered.certificate.serial == "Q203I12345"
    assert verdict.registered.certificate.ends_on.isoformat() == "2028-12-31"


PRINTED = {
    "number": ("EW-2025-000123", "EW-2025-000999"),
    "brand": ("QNAP", "QNAP Premium"),
    "model": ("TS-453D", "TS-873A"),
    "serial": ("Q203I12345", "Q203I99999"),
    "extension_years": ("2 additional years", "5 additional years"),
    "starts_on": ("2027-01-01 to", "2026-01-01 to"),
    "ends_on": ("to 2028-12-31", "to 2039-12-31"),
    "buyer.name": ("Northwind Storage Ltd", "Southwind Storage Ltd"),
    "buyer.account_code": ("account D-0042", "account D-0001"),
    "issued_at": ("2025-03-01T09:30:00Z", "2024-03-01T09:30:00Z"),
}


@pytest.mark.parametrize("field", [*PRINTED, "key_id"])
def test_each_printed_field_edited_after_signing_is_forged_naming_the_page(
    field: str, genuine: bytes, judge: Callable[[bytes], Verification], issued: Certificate
) -> None:
    old, new = PRINTED.get(field, (issued.key_id, "0123456789abcdef"))

    edited = edit_page_text(genuine, old, new)

    assert new in _printed(edited)
    verdict = judge(edited)
    assert verdict.status is FORGED
    assert "changed after it was signed" in verdict.reasons[0]
    assert "the page's content (what is printed)" in verdict.reasons[0]
    assert "modification level OTHER" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("part", "says"),
    [
        ("header", "bytes of the PDF were changed after it was signed"),
        ("page content stream", "bytes of the PDF were changed after it was signed"),
        ("first cross-reference table", "bytes of the PDF were changed after it was signed"),
        ("last cross-reference table", "the PDF is damaged and can't be checked"),
        ("first trailer", "bytes of the PDF were changed after it was signed"),
        ("last trailer", "bytes of the PDF were changed after it was signed"),
        ("signature's outer length", "the signature's outer length was changed"),
        ("certificate carried in the signature", "is not that key's certificate as issued"),
        ("signature value", "the PDF's signature does not verify"),
        ("signature padding", "bytes after the signature's end were changed"),
    ],
)
def test_one_flipped_bit_in_each_part_of_the_file_is_refused_saying_what(
    part: str, says: str, genuine: bytes, judge: Callable[[bytes], Verification]
) -> None:
    damaged = flip(genuine, offsets_of_parts(genuine)[part])

    try:
        verdict = judge(damaged)
    except CertificateFileError as error:  # unreadable: refused as a damaged file
        assert says in error.message
    else:
        assert verdict.status is FORGED
        assert says in verdict.reasons[0]


def test_a_bit_flipped_anywhere_in_the_signature_is_refused(
    genuine: bytes, judge: Callable[[bytes], Verification]
) -> None:
    # The signature string is the one part of the file its digest does not cover: every
    # byte of it matters all the same (the certificate it carries, versions, padding).
    start = genuine.index(b"/Contents <") + len(b"/Contents <")
    end = genuine.index(b">", start)
    for offset in range(start, end, 29):
        try:
            verdict = judge(flip(genuine, offset))
        except CertificateFileError:
            continue
        assert verdict.status is FORGED, offset


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (
            lambda pdf: edit_document_information(pdf, Subject="QNAP TS-453D until 2039"),
            "the document information (title, author, dates)",
        ),
        (lambda pdf: add_xmp_metadata(pdf, b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"), "XMP"),
        (lambda pdf: add_attachment(pdf, "invoice.txt", b"paid"), "an attachment"),
        (lambda pdf: add_annotation(pdf, "Serial: Q203I99999"), "an annotation"),
        (append_empty_update, "an update was appended after the signature"),
        (lambda pdf: pdf + b"\n% nothing to see\n", "bytes were added after the end"),
    ],
    ids=["metadata", "xmp", "attachment", "annotation", "empty update", "bytes appended"],
)
def test_anything_appended_after_signing_is_forged_naming_what_it_adds(
    change: Callable[[bytes], bytes],
    found: str,
    genuine: bytes,
    judge: Callable[[bytes], Verification],
) -> None:
    verdict = judge(change(genuine))

    assert verdict.status is FORGED
    assert "changed after it was signed" in verdict.reasons[0]
    assert found in verdict.reasons[0]
    assert "only ENTIRE_FILE and NONE are accepted" in verdict.reasons[0]


def test_a_metadata_change_pyhanko_deems_harmless_is_refused_all_the_same(
    genuine: bytes, judge: Callable[[bytes], Verification]
) -> None:
    verdict = judge(edit_document_information(genuine, Title="Certificate EW-2025-000999"))

    assert verdict.status is FORGED
    assert "modification level LTA_UPDATES" in verdict.reasons[0]


def test_the_pdf_is_certified_allowing_no_changes_so_pdf_readers_flag_any(
    genuine: bytes,
) -> None:
    certification = read_certification_data(PdfFileReader(io.BytesIO(genuine)))

    assert certification is not None
    assert certification.permission is MDPPerm.NO_CHANGES


def test_a_second_signature_by_another_key_appended_is_forged(
    genuine: bytes, judge: Callable[[bytes], Verification], tmp_path: Path
) -> None:
    stranger = KeyRing(tmp_path / "stranger").ensure_active_key()

    verdict = judge(countersign(genuine, stranger))

    assert verdict.status is FORGED
    assert "a signature" in verdict.reasons[0]


def test_a_pdf_rewritten_whole_by_another_tool_is_forged(
    genuine: bytes, judge: Callable[[bytes], Verification]
) -> None:
    verdict = judge(resaved_by_another_tool(genuine, "Q203I12345", "Q203I99999"))

    assert verdict.status is FORGED
    assert "bytes of the PDF were changed after it was signed" in verdict.reasons[0]


def test_a_pdf_cut_short_is_refused_as_damaged(genuine: bytes) -> None:
    for end in (len(genuine) // 3, len(genuine) - 400, len(genuine) - 3):
        with pytest.raises(CorruptPdf, match="cut short"):
            read_presented_file(genuine[:end], {})


def test_a_pdf_cut_back_to_before_its_signature_is_an_unsigned_pdf_never_valid(
    genuine: bytes, judge: Callable[[bytes], Verification], issued: Certificate
) -> None:
    verdict = judge(cut_after_first_revision(genuine))

    assert verdict.status is VerificationStatus.UNSIGNED_PDF
    assert "the PDF itself is not signed" in verdict.reasons[0]
    assert verdict.registered is not None and verdict.registered.certificate == issued


def test_an_unsigned_pdf_with_its_page_edited_is_never_valid(
    issued: Certificate, judge: Callable[[bytes], Verification]
) -> None:
    unsigned = render_unsigned_pdf(issued, BASE_URL)
    edited = resaved_by_another_tool(unsigned, "Q203I12345", "Q203I99999")

    verdict = judge(edited)

    assert verdict.status is VerificationStatus.UNSIGNED_PDF
    assert not verdict.is_valid


def test_a_genuine_certificate_in_a_pdf_signed_by_another_deployment_is_forged(
    issued: Certificate, judge: Callable[[bytes], Verification], tmp_path: Path
) -> None:
    elsewhere = KeyRing(tmp_path / "elsewhere").ensure_active_key()

    verdict = judge(render_pdf(issued, BASE_URL, elsewhere))

    assert verdict.status is FORGED
    assert f"signing key {elsewhere.key_id}" in verdict.reasons[0]
    assert "not one of the issuer's keys" in verdict.reasons[0]


def test_signing_and_checking_work_where_an_event_loop_is_running(
    issued: Certificate, keyring: KeyRing, judge: Callable[[bytes], Verification]
) -> None:
    # pyHanko's synchronous calls fail inside a running loop (an async route, a worker, a
    # browser test's session): sign and check from a coroutine, on a thread of its own.
    async def inside_a_loop() -> Verification:
        return judge(render_pdf(issued, BASE_URL, keyring.ensure_active_key()))

    with ThreadPoolExecutor(max_workers=1) as pool:
        verdict = pool.submit(asyncio.run, inside_a_loop()).result()

    assert verdict.status is VerificationStatus.VALID


def test_a_pdf_signed_before_a_key_rotation_still_verifies_after_it(
    genuine: bytes, judge: Callable[[bytes], Verification], keyring: KeyRing
) -> None:
    before = keyring.ensure_active_key()
    after = keyring.rotate()

    assert after != before
    assert judge(genuine).status is VerificationStatus.VALID


def test_a_made_up_certificate_is_forged_or_not_issued(
    issued: Certificate, judge: Callable[[bytes], Verification], tmp_path: Path
) -> None:
    # Right shape, a signature from a key that is not the issuer's, a number never issued.
    forger = KeyRing(tmp_path / "forger")
    made_up = sign(dataclasses.replace(issued.unsigned(), number="EW-9"), forger)
    verdict = judge(render_pdf(made_up, BASE_URL, forger.ensure_active_key()))
    assert verdict.status is FORGED
    assert "no certificate numbered EW-9 was issued" in verdict.reasons
    assert verdict.registered is None

    # The same made up with the right shape and the signature of another certificate.
    document = json.loads(export_json(issued))
    document["number"] = "EW-2025-000777"
    verdict = judge(json.dumps(document).encode())
    assert verdict.status is FORGED
    assert "no certificate numbered EW-2025-000777 was issued" in verdict.reasons


def test_a_json_certificate_with_a_duplicated_member_is_refused_naming_it(
    issued: Certificate, judge: Callable[[bytes], Verification]
) -> None:
    # Some readers take the first "serial", others the last: which one was signed?
    text = export_json(issued).replace(
        '"serial": "Q203I12345",', '"serial": "Q203I12345",\n  "serial": "Q203I99999",'
    )

    with pytest.raises(DuplicateMember) as caught:
        judge(text.encode())
    assert caught.value.problems[0].field == "serial"
    assert "appears twice" in caught.value.message


def test_a_pdf_whose_embedded_json_repeats_a_member_is_refused(
    issued: Certificate, judge: Callable[[bytes], Verification]
) -> None:
    text = export_json(issued).replace(
        '"name": "Northwind Storage Ltd"',
        '"name": "Northwind Storage Ltd", "name": "Someone Else"',
    )
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("certificate.json", text.encode())
    out = io.BytesIO()
    writer.write(out)

    with pytest.raises(DuplicateMember) as caught:
        judge(out.getvalue())
    assert caught.value.problems[0].field == "name"
