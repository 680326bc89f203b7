"""Use case: download a certificate as its signed JSON or its PDF.

Who may: the account that bought it, the owner of the unit it covers, and
staff. Anyone else gets ``NotFound``, as if the number had never been
issued, so numbers can't be probed for buyers and serials. (Checking a
certificate one holds is public: ``certificate_verifying``.)
"""

from __future__ import annotations

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor
from warrantor.errors import NotFound
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.certificates import IssuedCertificate


def get_certificate(uow_factory: UnitOfWorkFactory, actor: Actor, number: str) -> IssuedCertificate:
    """The certificate as registered (with its signed JSON), if ``actor`` may see it."""
    with uow_factory() as uow:
        return _visible(uow, actor, number.strip())


def certificate_pdf(
    uow_factory: UnitOfWorkFactory, keys: KeyRing, actor: Actor, number: str, *, base_url: str
) -> tuple[IssuedCertificate, bytes]:
    """The certificate and its PDF, whose QR code links to ``base_url``'s verification page.

    The PDF is signed when it is made, by the ring's active key (a PDF made
    before a rotation keeps verifying: old keys stay trusted).
    """
    issued = get_certificate(uow_factory, actor, number)
    # imported on use: pyHanko takes about half a second to import, which every CLI
    # command would pay (see ``warrantor.certificates``)
    from warrantor.certificates.pdf import render_pdf

    return issued, render_pdf(issued.certificate, base_url, keys.ensure_active_key())


def may_see(uow: UnitOfWork, actor: Actor, issued: IssuedCertificate) -> bool:
    """Staff, the buyer, or the current owner of the unit the certificate covers."""
    if actor.is_staff:
        return True
    if actor.account_code is None:
        return False
    certificate = issued.certificate
    if certificate.buyer.account_code == actor.account_code:
        return True
    unit = uow.units.get(certificate.brand, certificate.serial)
    return unit is not None and unit.owner == actor.account_code


def _visible(uow: UnitOfWork, actor: Actor, number: str) -> IssuedCertificate:
    issued = uow.certificates.get(number)
    if issued is None or not may_see(uow, actor, issued):
        raise NotFound(f"no certificate numbered {number}")
    return issued
