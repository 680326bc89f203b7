"""Use case: revoke a certificate (a warranty admin, with a reason).

When: the extension was refunded, sold in error, or its key leaked. The
certificate stays in the registry; from then on verification answers
"revoked", with when and why. Reissuing (``certificate_issuing``) revokes the
old certificate itself; this is the revocation on its own.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict, NotFound, PermissionDenied
from warrantor.services.audit import changes as audit
from warrantor.services.certificates.issuing import check_reason
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.certificates import IssuedCertificate


def revoke_certificate(
    uow_factory: UnitOfWorkFactory, actor: Actor, number: str, *, reason: str, now: datetime
) -> IssuedCertificate:
    """Revoke ``number`` with ``reason``; returns it as now recorded.

    Only an admin may (``PermissionDenied`` otherwise); an unknown number is
    ``NotFound``, one already revoked a ``Conflict`` saying when and why.
    """
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only a warranty admin may revoke a certificate")
    text = check_reason(reason)
    wanted = number.strip()
    with uow_factory() as uow:
        issued = uow.certificates.get(wanted)
        if issued is None:
            raise NotFound(f"no certificate numbered {wanted}")
        if issued.revoked_at is not None:
            raise Conflict(
                f"certificate {wanted} was already revoked on "
                f"{issued.revoked_at.isoformat()}: {issued.revoked_reason}"
            )
        uow.certificates.revoke(wanted, at=now, reason=text)
        audit.certificate_revoked(uow, actor, now, wanted, text)
        revoked = uow.certificates.get(wanted)
        assert revoked is not None  # just read in this transaction
        return revoked
