"""The certificate as a printable A4 PDF, with a QR code and the signed JSON inside.

QNAP asks the customer for "a photocopy of the extended warranty proof" when
applying for service, so the page shows what the proof "must show" (model,
serial number, extended warranty period) in plain text, and a QR code that
leads whoever holds the copy to the verification page. The signed JSON is
embedded as an attachment (``certificate.json``) so ``read_certificate_file``
gets the signed data back from the PDF, never text scraped off the page.

reportlab draws the page; pypdf adds the attachment (reportlab has no public
call for one). pypdf keeps the ``/ID`` reportlab wrote, which in invariant
mode is a digest of the document (its title names the certificate number).
Then pyHanko signs the whole file (``pdf_seal.sign_pdf``, PAdES), so a
changed page, metadata or attachment no longer verifies.

``render_unsigned_pdf`` is deterministic for a certificate and base URL (the
PDF's dates are the issue time, not the time of rendering); it is the PDF as
Warrantor made it before PDFs were signed. ``render_pdf`` adds the signature,
whose signing time is the time of rendering.
"""

from __future__ import annotations

import io
from datetime import date

import qrcode
from pypdf import PdfWriter
from pypdf.generic import NameObject, NumberObject, TextStringObject
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from warrantor.certificates.documents import ATTACHMENT_NAME, export_json
from warrantor.certificates.keys import SigningKey
from warrantor.certificates.links import verification_url
from warrantor.certificates.model import Certificate, format_instant
from warrantor.certificates.pdf_seal import sign_pdf

_FONT = "Helvetica"
_BOLD = "Helvetica-Bold"


def render_pdf(certificate: Certificate, base_url: str, key: SigningKey) -> bytes:
    """The certificate PDF, signed by ``key``; ``base_url`` is where the verification page is
    served.

    ``key`` is the ring's active key when the PDF is made (not necessarily the
    one that signed the certificate's JSON): every key of the ring is trusted
    for both, and keys are kept after a rotation.
    """
    return sign_pdf(
        render_unsigned_pdf(certificate, base_url),
        key,
        reason=f"Extended warranty certificate {certificate.number}",
    )


def render_unsigned_pdf(certificate: Certificate, base_url: str) -> bytes:
    """The certificate PDF without the PDF's own signature (the signed JSON is inside).

    Alone, it is what Warrantor made before it signed its PDFs: verification
    answers such a file ``unsigned_pdf``, never ``valid``.
    """
    url = verification_url(certificate, base_url)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    stamp = certificate.issued_at.strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setTitle(f"Extended warranty certificate {certificate.number}")
    canvas.setAuthor(certificate.brand)
    canvas.setSubject(
        f"{certificate.brand} {certificate.model}, serial {certificate.serial}, "
        f"extended warranty {certificate.starts_on.isoformat()} to "
        f"{certificate.ends_on.isoformat()}"
    )
    canvas.setCreator("Warrantor")
    canvas.setProducer("Warrantor")

    width, height = A4
    left = 25 * mm
    top = height - 30 * mm

    canvas.setFont(_BOLD, 22)
    canvas.drawString(left, top, "Extended Warranty Certificate")
    canvas.setFont(_FONT, 12)
    canvas.drawString(left, top - 9 * mm, f"{certificate.brand} extended warranty service")

    qr_size = 45 * mm
    canvas.drawImage(
        ImageReader(_qr_image(url)),
        width - left - qr_size,
        top - qr_size + 8 * mm,
        qr_size,
        qr_size,
    )

    rows = [
        ("Certificate number", certificate.number),
        ("Brand", certificate.brand),
        ("Model", certificate.model),
        ("Serial number", certificate.serial),
        ("Extension", _years(certificate.extension_years)),
        ("Extended warranty period", _period(certificate.starts_on, certificate.ends_on)),
        ("Bought by", f"{certificate.buyer.name} (account {certificate.buyer.account_code})"),
        ("Issued", format_instant(certificate.issued_at)),
    ]
    if certificate.replaces is not None:
        rows.append(("Replaces certificate", certificate.replaces))
    rows.append(("Signing key id", certificate.key_id))

    y = top - 50 * mm
    value_width = width - 2 * left - 55 * mm
    for label, value in rows:
        canvas.setFont(_FONT, 10)
        canvas.drawString(left, y, label)
        canvas.setFont(_BOLD, 12)
        # Long names and models wrap rather than run off the page.
        lines = simpleSplit(value, _BOLD, 12, value_width) or [value]
        for n, line in enumerate(lines):
            canvas.drawString(left + 55 * mm, y - n * 5.5 * mm, line)
        y -= 9 * mm + (len(lines) - 1) * 5.5 * mm

    y -= 6 * mm
    canvas.setFont(_BOLD, 11)
    canvas.drawString(left, y, "How to verify this certificate")
    canvas.setFont(_FONT, 9.5)
    notes = [
        "Scan the QR code, or open this address:",
        url,
        "The page says whether the certificate is valid, revoked or forged. Only a",
        "certificate that verifies there is accepted. The data above is signed (Ed25519,",
        f"key {certificate.key_id}) and travels inside this PDF as {ATTACHMENT_NAME}; the",
        "PDF itself is signed too (PAdES), so any change made to it shows. Check the file",
        "with 'warrantor certificate verify FILE' or POST /api/v1/certificates/verify.",
        "Keep this PDF: a copy of it must be provided when applying for warranty service.",
    ]
    for line in notes:
        y -= 5.5 * mm
        canvas.drawString(left, y, line)

    canvas.showPage()
    canvas.save()
    return _with_attachment(
        buffer.getvalue(),
        export_json(certificate).encode("utf-8"),
        description=f"Signed certificate {certificate.number} (Warrantor JSON)",
    )


def _with_attachment(page_pdf: bytes, data: bytes, *, description: str) -> bytes:
    """``page_pdf`` with ``data`` embedded as ``ATTACHMENT_NAME`` (JSON, "Data" relationship)."""
    writer = PdfWriter(clone_from=io.BytesIO(page_pdf), keep_initial_header=True)
    attachment = writer.add_attachment(ATTACHMENT_NAME, data)
    attachment.alternative_name = TextStringObject(ATTACHMENT_NAME)
    attachment.description = TextStringObject(description)
    attachment.subtype = NameObject("/application/json")  # written /application#2Fjson
    attachment.associated_file_relationship = NameObject("/Data")
    attachment.size = NumberObject(len(data))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _qr_image(url: str) -> object:
    """The QR code of ``url`` as a greyscale PIL image (medium error correction)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def _years(years: int) -> str:
    return f"{years} additional year" + ("" if years == 1 else "s")


def _period(starts_on: date, ends_on: date) -> str:
    return f"{starts_on.isoformat()} to {ends_on.isoformat()} (both days included)"
