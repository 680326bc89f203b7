"""Use case: issue and reissue extended-warranty certificates (issue #4).

Called inside the caller's unit of work: by the sales services once an
extension is paid for and granted (``issue_certificate``), and by the
workshop when an extension moves to a replacement unit
(``reissue_certificate``). Nothing here commits; if the caller's use case
fails, the certificate and its number go with it. The signing key is made on
first use (outside the database, ``settings.effective_keys_dir``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.certificates.documents import export_json
from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Buyer, Certificate, UnsignedCertificate
from warrantor.certificates.revocation_words import REISSUED
from warrantor.certificates.signing import sign
from warrantor.domain.actors import Actor
from warrantor.errors import Conflict, InvalidInput, NotFound, Problem, Said
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.uow import UnitOfWork

MAX_REASON_LENGTH = 500


@dataclass(frozen=True, slots=True)
class CertificateRequest:
    """What a certificate will say, except its number, signature and time of issue."""

    extension_id: int
    """The granted extension (``unit_extensions`` row) the certificate proves."""
    brand: str
    model: str
    serial: str
    extension_years: int
    starts_on: date
    ends_on: date
    buyer: Buyer


def issue_certificate(
    uow: UnitOfWork, keys: KeyRing, request: CertificateRequest, now: datetime
) -> Certificate:
    """Number, sign and register a certificate inside the caller's unit of work.

    Raises ``InvalidInput`` naming the field when the request can't be a
    certificate (e.g. an empty model); nothing is written then.
    """
    _content(request, number="EW-PENDING", now=now, replaces=None)  # refuse before numbering
    number = uow.certificates.next_number(request.brand, now.year)
    return _sign_and_register(
        uow,
        keys,
        _content(request, number=number, now=now, replaces=None),
        request.extension_id,
    )


def reissue_certificate(
    uow: UnitOfWork,
    keys: KeyRing,
    old_number: str,
    *,
    serial: str,
    model: str,
    now: datetime,
    reason: str,
    actor: Actor,
) -> Certificate:
    """Issue a new certificate for another serial/model, revoking ``old_number`` with ``reason``.

    The new certificate keeps the extension, its period and its buyer, and
    names the old one in ``replaces``; the old one is revoked with "reissued
    as <new number>: <reason>", so whoever presents it learns where its
    coverage went. A revoked certificate can't be reissued (``Conflict``).
    """
    reason = check_reason(reason)
    old = uow.certificates.get(old_number.strip())
    if old is None:
        raise NotFound(f"no certificate numbered {old_number.strip()}")
    if old.revoked:
        raise Conflict(
            f"certificate {old.certificate.number} was revoked ({old.revoked_reason}); "
            "only a certificate in force can be reissued"
        )
    before = old.certificate
    request = CertificateRequest(
        extension_id=old.extension_id,
        brand=before.brand,
        model=model.strip(),
        serial=parse_serial(serial),
        extension_years=before.extension_years,
        starts_on=before.starts_on,
        ends_on=before.ends_on,
        buyer=before.buyer,
    )
    _content(request, number="EW-PENDING", now=now, replaces=before.number)  # refuse early
    number = uow.certificates.next_number(before.brand, now.year)
    new = _sign_and_register(
        uow,
        keys,
        _content(request, number=number, now=now, replaces=before.number),
        old.extension_id,
    )
    revocation = Said(REISSUED, number=number, reason=reason)
    uow.certificates.revoke(before.number, at=now, reason=revocation)
    audit.certificate_revoked(uow, actor, now, before.number, revocation)
    return new


def check_reason(reason: str) -> str:
    """A revocation reason as stored: trimmed, not empty, at most 500 characters."""
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput("a reason is required", [Problem("must not be empty", field="reason")])
    if len(text) > MAX_REASON_LENGTH:
        raise InvalidInput(
            "the reason is too long",
            [Problem(f"at most {MAX_REASON_LENGTH} characters", field="reason")],
        )
    return text


def _content(
    request: CertificateRequest, *, number: str, now: datetime, replaces: str | None
) -> UnsignedCertificate:
    """The certificate's content; checking it before a number is taken keeps bad requests cheap."""
    return UnsignedCertificate(
        number=number,
        brand=request.brand,
        model=request.model,
        serial=request.serial,
        extension_years=request.extension_years,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        buyer=request.buyer,
        issued_at=now,
        replaces=replaces,
    )


def _sign_and_register(
    uow: UnitOfWork, keys: KeyRing, content: UnsignedCertificate, extension_id: int
) -> Certificate:
    certificate = sign(content, keys)
    uow.certificates.add(certificate, extension_id=extension_id, document=export_json(certificate))
    return certificate
