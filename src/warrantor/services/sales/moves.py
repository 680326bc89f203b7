"""Use case: move a unit's extensions to the unit that replaces it (issues #4 and #5).

Owned by the sales work; called by the workshop when a unit is replaced.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor
from warrantor.errors import NotFound
from warrantor.services.certificates import issuing
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork


def move_extensions(
    uow: UnitOfWork,
    keys: KeyRing,
    *,
    brand: str,
    from_serial: str,
    to_serial: str,
    now: datetime,
    reason: str,
    actor: Actor,
) -> list[str]:
    """Move every extension of ``from_serial`` to ``to_serial``; returns new certificate numbers.

    Each moved extension keeps its dates; its certificate is reissued for the
    new serial and the old one revoked with ``reason``. Runs in the caller's
    unit of work: a reissue that fails leaves every extension where it was.
    An extension with no certificate (none was issued) moves without one.
    """
    from_id = uow.units.id_of(brand, from_serial)
    target = uow.units.get(brand, to_serial)
    to_id = uow.units.id_of(brand, to_serial)
    if from_id is None:
        raise NotFound(no_unit(from_serial, brand))
    if target is None or to_id is None:
        raise NotFound(no_unit(to_serial, brand))
    uow.extensions.lock_unit(from_id)
    uow.extensions.lock_unit(to_id)
    numbers: list[str] = []
    for extension in uow.extensions.granted_for_unit(from_id):
        number = extension.certificate_number
        if number is not None:
            certificate = issuing.reissue_certificate(
                uow,
                keys,
                number,
                serial=target.serial,
                model=target.model,
                now=now,
                reason=reason,
                actor=actor,
            )
            number = certificate.number
            numbers.append(number)
        uow.extensions.move(extension.id, to_id, number, reason, now)
    return numbers
