"""Use case: the customer presents an extended-warranty certificate for a claim.

When: an RMA's claim rests on an extension (QNAP: the certificate is presented
with the claim, a copy accepted). The certificate is only kept here; whether it
is genuine and for this unit is judged when the claim is decided
(``services.rma.decision``), which reads the last one presented
(``presented_certificate``). Presenting one ends the desk's wait for it: the clocks the
wait paused run again (``clock_pauses``).
"""

from __future__ import annotations

from datetime import datetime

from warrantor.certificates.documents import export_json, import_json, read_certificate_file
from warrantor.certificates.model import Certificate
from warrantor.certificates.signing import not_issued
from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma, named_state
from warrantor.domain.workshop import PresentedCertificate
from warrantor.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.clock_pauses import resume_clocks
from warrantor.services.rma.workshop_common import rma_label
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory


def attach_certificate(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
    *,
    number: str | None = None,
    file_name: str | None = None,
    content: bytes | None = None,
) -> PresentedCertificate:
    """Attach the extended-warranty certificate the customer presents (a file, or its number).

    A file (certificate JSON or PDF) is read and kept as its signed JSON; a
    number alone must be one the registry issued, and its issued document is
    kept (QNAP accepts a copy). Whether it is genuine and for this unit is
    judged when the claim is decided. The customer, the account that opened
    the RMA, and staff may attach one.
    """
    if content is None and not (number and number.strip()):
        raise InvalidInput(
            "attach a certificate file or give its number",
            [Problem(N_("give a certificate file or a number"), "file")],
        )
    presented: Certificate | None = None
    if content is not None:
        presented = read_certificate_file(content)  # InvalidInput naming what is wrong
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if not (actor.is_staff or actor.account_code in (rma.customer, rma.opened_by)):
            only = N_("only the customer, who opened the RMA, or staff attach proof")
            raise PermissionDenied(only)
        if rma.is_final:
            ended = N_("RMA %(rma)s is %(state)s: nothing can be attached")
            raise Conflict(Said(ended, rma=rma_label(rma), state=named_state(rma.state)))
        if presented is not None:
            wanted = presented.number
            document = export_json(presented)
        else:
            assert number is not None
            wanted = number.strip().upper()
            issued = uow.certificates.get(wanted)
            if issued is None:
                raise NotFound(not_issued(wanted))
            document = issued.document
        certificate_id = uow.workshop.add_certificate(
            rma.id, wanted, file_name, document, actor.label, now
        )
        resume_clocks(uow, book, rma, "certificate", actor, now)
        return next(c for c in uow.workshop.certificates(rma.id) if c.id == certificate_id)


def presented_certificate(uow: UnitOfWork, rma: Rma) -> Certificate | None:
    """The last certificate presented on the RMA, as a certificate to verify."""
    attached = uow.workshop.certificates(rma.id)
    for certificate in reversed(attached):
        if certificate.document:
            return import_json(certificate.document)
    return None
