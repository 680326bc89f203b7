"""Use case: a unit changes hands (issue #23, item 6).

A unit sold on keeps its coverage: neither seed policy (QNAP's, Netac's) says
anything about a change of owner, and both measure the warranty from the unit's
first purchase, so the term, its start and the original proof of purchase stay
as they were and only the owner changes (``COVERAGE_NOTE`` says so wherever a
transfer is answered). The staff record it, with the new owner's proof of the
resale; the old owner stops seeing the unit at once (every read of "my units"
follows ``units.owner_id``), the new one sees it, and the change is audited
(``unit.changed``: the owner before and after, the proof of the resale and
the reason as the why).
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.units import Unit
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem
from warrantor.services.audit import changes as audit
from warrantor.services.installed_base.units import find_unit
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.unit_owners import UnitOwnerRepository

COVERAGE_NOTE = (
    "Neither policy text speaks of a change of owner: coverage stays with the unit, "
    "measured from its first purchase, and passes to the new owner unchanged."
)


def transfer_unit(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    serial: str,
    brand: str | None,
    new_owner: str,
    resale_proof: str,
    reason: str,
    now: datetime,
) -> Unit:
    """Record that the unit now belongs to the account ``new_owner``; returns the unit.

    Staff only (``PermissionDenied``); ``InvalidInput`` naming ``new_owner`` (no such
    customer account, or already the owner) or ``resale_proof`` (empty); ``Conflict``
    when the owner changed meanwhile; ``NotFound`` for no such unit."""
    if not actor.is_staff:
        raise PermissionDenied("a change of owner is recorded by the maker's staff")
    proof = resale_proof.strip()
    if not proof:
        message = "the new owner's proof of the resale is needed (an invoice or receipt)"
        raise InvalidInput(message, [Problem(message, "resale_proof")])
    with uow_factory() as uow:
        unit = find_unit(uow, serial, brand)
        account = uow.accounts.get(new_owner.strip())
        account_id = uow.accounts.id_of(new_owner.strip())
        if account is None or account_id is None or account.kind != "customer":
            message = f"no customer account {new_owner.strip()!r}"
            raise InvalidInput(message, [Problem(message, "new_owner")])
        if unit.owner == account.code:
            message = f"{account.code} already owns {unit.brand} {unit.serial}"
            raise InvalidInput(message, [Problem(message, "new_owner")])
        old_id = uow.accounts.id_of(unit.owner) if unit.owner else None
        owners = UnitOwnerRepository(uow.connection)
        if not owners.transfer(unit.brand, unit.serial, old_id, account_id, now):
            raise Conflict(f"the owner of {unit.brand} {unit.serial} changed meanwhile")
        moved = uow.units.get(unit.brand, unit.serial)
        assert moved is not None
        why = f"ownership transferred (resale proof {proof})" + (
            f": {reason.strip()}" if reason.strip() else ""
        )
        audit.unit_changed(uow, actor, now, unit, moved, why=why)
        return moved
