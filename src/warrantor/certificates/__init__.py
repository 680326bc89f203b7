"""Extended-warranty certificates: signed proof of an extension, as JSON and PDF.

Pure library (no database, no settings, no clock); the sales service stores
certificates in the registry and the API and CLI call ``verify``. One
concept per module:

- ``model``          the certificate and the canonical bytes its signature covers
- ``keys``           the key ring on disk: Ed25519 keys, rotation, published JWKs
- ``key_certificates`` the self-signed X.509 certificate derived from each key
- ``signing``        ``sign`` and ``verify`` (valid, revoked, forged, unknown, and why)
- ``registry``       the port verification compares against (``lookup(number)``)
- ``documents``      the JSON document; reading a JSON or PDF file back
- ``pdf``            the printable A4 PDF with a QR code and the JSON attached (pypdf)
- ``pdf_seal``       the PDF's own signature (PAdES, pyHanko): signing it, checking it
- ``pdf_changes``    what was added to a signed PDF after its signature, in plain words
- ``presented``      a presented file (JSON or PDF) and the verdict on the file as a whole
- ``links``          the verification URL in the QR code
- ``errors``         key-file and certificate-file errors
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from warrantor.certificates.errors import (
    CertificateFileError,
    CorruptPdf,
    DuplicateMember,
    KeyFileError,
    NoEmbeddedCertificate,
    NotACertificate,
)
from warrantor.certificates.key_certificates import key_certificate, key_certificates
from warrantor.certificates.keys import KeyRing, SigningKey, key_id_for, public_key_from_jwk
from warrantor.certificates.links import signature_prefix, verification_url
from warrantor.certificates.model import (
    FORMAT,
    SIGNED_FIELDS,
    Buyer,
    Certificate,
    UnsignedCertificate,
    canonical_bytes,
)
from warrantor.certificates.registry import CertificateRegistry, InMemoryRegistry, RegistryRecord
from warrantor.certificates.signing import (
    Verification,
    VerificationStatus,
    sign,
    sign_with,
    verify,
)

if TYPE_CHECKING:
    from warrantor.certificates.documents import (
        export_json,
        from_document,
        import_json,
        read_certificate_file,
        to_document,
    )
    from warrantor.certificates.pdf import render_pdf, render_unsigned_pdf
    from warrantor.certificates.pdf_seal import PdfSeal, SealState, check_pdf_seal, sign_pdf
    from warrantor.certificates.presented import (
        PresentedFile,
        judge_file,
        read_presented_file,
    )

_IMPORTED_WHEN_ASKED = {
    **dict.fromkeys(
        ("export_json", "from_document", "import_json", "read_certificate_file", "to_document"),
        "documents",
    ),
    **dict.fromkeys(("render_pdf", "render_unsigned_pdf"), "pdf"),
    **dict.fromkeys(("PdfSeal", "SealState", "check_pdf_seal", "sign_pdf"), "pdf_seal"),
    **dict.fromkeys(("PresentedFile", "judge_file", "read_presented_file"), "presented"),
}
"""The names whose modules need pyHanko (the PDF seal) or pypdf, imported when first asked
for: pyHanko takes about half a second to import, which every process that reads a key
ring (each CLI command, the server) would otherwise pay though few make or read a PDF."""


def __getattr__(name: str) -> object:
    """The PDF and file-reading names, from their modules on first use (PEP 562)."""
    module = _IMPORTED_WHEN_ASKED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "FORMAT",
    "SIGNED_FIELDS",
    "Buyer",
    "Certificate",
    "CertificateFileError",
    "CertificateRegistry",
    "CorruptPdf",
    "DuplicateMember",
    "InMemoryRegistry",
    "KeyFileError",
    "KeyRing",
    "NoEmbeddedCertificate",
    "NotACertificate",
    "PdfSeal",
    "PresentedFile",
    "RegistryRecord",
    "SealState",
    "SigningKey",
    "UnsignedCertificate",
    "Verification",
    "VerificationStatus",
    "canonical_bytes",
    "check_pdf_seal",
    "export_json",
    "from_document",
    "import_json",
    "judge_file",
    "key_certificate",
    "key_certificates",
    "key_id_for",
    "public_key_from_jwk",
    "read_certificate_file",
    "read_presented_file",
    "render_pdf",
    "render_unsigned_pdf",
    "sign",
    "sign_pdf",
    "sign_with",
    "signature_prefix",
    "to_document",
    "verification_url",
    "verify",
]
