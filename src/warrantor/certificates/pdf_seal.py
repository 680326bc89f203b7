"""The certificate PDF's own signature (PAdES, made and checked by pyHanko).

The signed JSON inside a certificate PDF proves what was issued, but a
person holding the PDF (or a photocopy of it) reads the printed page. So the
whole PDF is signed too, with a key of the deployment's ring and the X.509
certificate derived from it (``key_certificates``), as a certification
signature that permits no changes (DocMDP "no changes").

``check_pdf_seal`` accepts a PDF only when that signature

- verifies, and the certificate it carries is, byte for byte, the key
  certificate of one of the issuer's public keys (public keys suffice);
- covers the entire file, byte for byte (pyHanko's coverage ``ENTIRE_FILE``);
- has nothing after it (pyHanko's modification level ``NONE``);
- carries nothing its signature does not cover but what Warrantor writes
  there (pyHanko accepts changes in those parts; see ``_container_problems``).

Anything else (a page edited, the metadata changed, an attachment added,
an update appended, bytes flipped, a signature cut off) is a ``BROKEN``
seal naming what was found; a PDF with no signature at all is ``UNSIGNED``
(those made before PDFs were signed, or one whose signature was removed).
A file pyHanko can't parse is a ``CorruptPdf``.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from warrantor.certificates.errors import CorruptPdf
from warrantor.certificates.key_certificates import (
    certificate_key_id,
    der,
    is_key_certificate,
    key_certificate,
)
from warrantor.certificates.keys import SigningKey
from warrantor.certificates.pdf_changes import READ_ERRORS, changes_after
from warrantor.errors import N_, Said

T = TypeVar("T")

SIGNATURE_FIELD = "WarrantorCertificateSignature"
"""The name of the (invisible) signature field Warrantor signs certificate PDFs in."""

# A forged or damaged PDF is an everyday input here, and what was found goes into the
# verdict's reasons; pyHanko would also log each finding as a warning with a traceback.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko.sign.diff_analysis").setLevel(logging.CRITICAL)

_DAMAGE = (*READ_ERRORS, AssertionError)
"""What pyHanko raises on damaged input: the reader's errors, ``SignatureValidationError``
(a ``ValueError``), and on some hostile bytes a failed ``assert`` (an algorithm
identifier flipped from Ed25519 to Ed448)."""


_UNREADABLE_CERTIFICATE = (ValueError, x509.InvalidVersion, UnsupportedAlgorithm)
"""What cryptography raises for a certificate that is damaged or of an unknown kind."""


class SealState(StrEnum):
    SIGNED = "signed"
    """Signed by one of the issuer's keys, over the whole file, unchanged since."""
    UNSIGNED = "unsigned"
    """No PDF signature at all: the printed page proves nothing."""
    BROKEN = "broken"
    """Signed, but changed, damaged, or not signed by the issuer: ``reasons`` say what."""


@dataclass(frozen=True, slots=True)
class PdfSeal:
    """What the PDF's own signature says about the file; ``key_id`` is the signer's when known."""

    state: SealState
    reasons: tuple[str, ...]
    key_id: str | None = None


def sign_pdf(pdf: bytes, key: SigningKey, *, reason: str) -> bytes:
    """``pdf`` with a PAdES certification signature by ``key``, allowing no later changes.

    The signature is an incremental update, so the bytes of ``pdf`` come
    first, unchanged. ``reason`` is shown by PDF readers in the signature
    panel (e.g. "Extended warranty certificate EW-QNAP-2026-000001").
    """
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=reason,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    signer = signers.PdfSigner(metadata, pades_signer(key))
    output = run_pyhanko(lambda: signer.async_sign_pdf(writer))
    signed: bytes = output.getvalue()
    return signed


def run_pyhanko(start: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one of pyHanko's coroutines to its end, from synchronous code.

    pyHanko's synchronous calls use ``asyncio.run``, which fails in a thread
    whose event loop is running (an ``async`` route, a job worker's loop, a
    test that runs one): there the coroutine runs in a short-lived thread of
    its own, and this thread waits for it.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(start())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(lambda: asyncio.run(start())).result()


def pades_signer(key: SigningKey) -> signers.SimpleSigner:
    """pyHanko's signer for ``key``, under the key's own X.509 certificate (carried alone)."""
    private_key = asn1_keys.PrivateKeyInfo.load(
        key.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der(key_certificate(key))),
        signing_key=private_key,
        # Nothing else to carry: the signing certificate goes in on its own, once.
        cert_registry=SimpleCertificateStore(),  # type: ignore[no-untyped-call]
    )


def check_pdf_seal(data: bytes, public_keys: Mapping[str, Ed25519PublicKey]) -> PdfSeal:
    """Whether ``data`` is a PDF signed by one of the issuer's keys (``public_keys``, by key
    id: ``KeyRing.verification_keys()``) and unchanged since; see the module docstring.

    Only public keys are needed: the certificate the signature carries must be,
    byte for byte, the key certificate of one of them (``is_key_certificate``),
    and it is then the one trust anchor pyHanko validates against. Raises
    ``CorruptPdf`` when pyHanko can't read the file's structure.
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except _DAMAGE as error:
        damaged = N_("the PDF is damaged and can't be checked (%(why)s)")
        raise CorruptPdf(Said(damaged, why=_said(error))) from None
    if not signatures:
        return PdfSeal(
            SealState.UNSIGNED,
            (
                N_(
                    "the PDF itself is not signed (made before Warrantor signed its certificate "
                    "PDFs, or its signature was removed), so what its page says proves nothing"
                ),
            ),
        )
    signature = signatures[0]
    try:
        carried = [choice.chosen.dump() for choice in signature.signed_data["certificates"] or []]
        anchor, refusal = _issuer_certificate(carried, public_keys)
        if anchor is None:
            return PdfSeal(SealState.BROKEN, (refusal,))
        context = ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(anchor)], allow_fetching=False
        )
        status = run_pyhanko(lambda: _validated(signature, context))
        container = _container_problems(signature, anchor)
    except _DAMAGE as error:
        return PdfSeal(
            SealState.BROKEN,
            (
                Said(
                    N_("the PDF's signature is damaged and can't be checked (%(why)s)"),
                    why=_said(error),
                ),
            ),
        )
    signer = x509.load_der_x509_certificate(status.signing_cert.dump())
    key_id = certificate_key_id(signer)
    reasons: list[str] = []
    if not status.intact:
        reasons.append(
            N_(
                "bytes of the PDF were changed after it was signed: the file no longer has the "
                "digest its signature covers"
            )
        )
    elif not status.valid:
        reasons.append(N_("the PDF's signature does not verify with the certificate it names"))
    elif not status.trusted:
        reasons.append(_not_issuers(repr(signer.subject.rfc4514_string())))
    elif container:
        altered = N_("the PDF's signature was altered: %(what)s")
        reasons.append(Said(altered, what="; ".join(container)))
    if (
        status.coverage is not SignatureCoverageLevel.ENTIRE_FILE
        or status.modification_level is not ModificationLevel.NONE
    ):
        level = status.modification_level.name if status.modification_level else "unknown"
        coverage = status.coverage.name if status.coverage else "unknown"
        changed = N_(
            "the PDF was changed after it was signed: %(changes)s (pyHanko: coverage "
            "%(coverage)s, modification level %(level)s; only ENTIRE_FILE and NONE are accepted)"
        )
        changes = changes_after(reader, signature)
        reasons.append(Said(changed, changes=changes, coverage=coverage, level=level))
    if reasons:
        return PdfSeal(SealState.BROKEN, tuple(reasons), key_id)
    return PdfSeal(
        SealState.SIGNED,
        (
            Said(
                N_(
                    "the PDF is signed (PAdES) with the issuer's key %(key)s over the whole "
                    "file, and nothing in it changed since: what its page says is what was signed"
                ),
                key=key_id,
            ),
        ),
        key_id,
    )


async def _validated(signature: Any, context: ValidationContext) -> Any:
    """pyHanko's verdict on ``signature`` (a ``PdfSignatureStatus``), the context closed after."""
    try:
        return await async_validate_pdf_signature(signature, context)
    finally:
        await context.aclose()  # type: ignore[no-untyped-call]


def _issuer_certificate(
    carried: list[bytes], public_keys: Mapping[str, Ed25519PublicKey]
) -> tuple[bytes | None, str]:
    """The carried certificate that is one of the issuer's key certificates, or ``None`` and
    why not."""
    named: str = Said(N_("a certificate of its own"))  # a marked word, translated where shown
    for candidate in carried:
        try:
            certificate = x509.load_der_x509_certificate(candidate)
            key_id = certificate_key_id(certificate)
        except _UNREADABLE_CERTIFICATE:
            continue
        public_key = public_keys.get(key_id) if key_id else None
        if public_key is not None and is_key_certificate(candidate, public_key):
            return candidate, ""
        if public_key is not None:
            claimed = N_(
                "the PDF's signature was altered: the certificate it carries claims the "
                "issuer's key %(key)s but is not that key's certificate as issued"
            )
            return None, Said(claimed, key=key_id)
        named = repr(certificate.subject.rfc4514_string())
    return None, _not_issuers(named)


def _not_issuers(signer: str) -> Said:
    return Said(
        N_("the PDF is signed by %(signer)s, which is not one of the issuer's keys"), signer=signer
    )


def _container_problems(signature: Any, anchor: bytes) -> list[str]:
    """What is wrong with the signature's CMS container outside the parts it signs.

    The signature covers the signed attributes, and they cover the file's
    digest; the rest of the ``/Contents`` string (the certificates carried
    along, version numbers, the algorithm list, the zero padding) is
    covered by nothing, and pyHanko accepts changes there. Warrantor writes
    that rest one way only (RFC 5652 with one signer named by issuer and
    serial number, carrying exactly its own key certificate), so anything
    else is a change made after signing.
    """
    raw: bytes = signature.pkcs7_content
    content_info = cms.ContentInfo.load(raw)
    used = len(content_info.dump())
    problems: list[str] = []
    if raw[used:].strip(b"\0"):
        problems.append("bytes after the signature's end were changed")
    # Rebuilt around its two parts, the outer structure must come out the same: a length
    # stretched into the zero padding would otherwise still parse.
    rebuilt = cms.ContentInfo(
        {"content_type": content_info["content_type"], "content": content_info["content"]}
    )
    if rebuilt.dump() != raw[:used]:
        problems.append("the signature's outer length was changed")
    signed_data = signature.signed_data
    signer_info = signature.signer_info
    if signed_data["version"].native != "v1" or signer_info["version"].native != "v1":
        problems.append("a version number in the signature was changed")
    algorithms = [algorithm.dump() for algorithm in signed_data["digest_algorithms"]]
    if algorithms != [signer_info["digest_algorithm"].dump()]:
        problems.append("the signature's list of digest algorithms was changed")
    certificates = [choice.chosen.dump() for choice in signed_data["certificates"] or []]
    if certificates != [anchor]:
        problems.append("the certificate carried in the signature is not the issuer's, as issued")
    if signed_data["crls"].native or signer_info["unsigned_attrs"].native:
        problems.append("unsigned data was added to the signature")
    return problems


def _said(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
