"""What every workshop use case shares: finding the RMA the actor may work on and its unit
(the policy version that judges the unit is ``PolicyBook.judging``).

Object-level rules (issue #6): an RMA the actor may not see is ``NotFound``
(``rma_access.visible_rma``); a role that may never do workshop work is
``PermissionDenied``; a step asked in the wrong state is ``Conflict`` naming
the state.
"""

from __future__ import annotations

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma
from warrantor.domain.units import Unit
from warrantor.errors import Conflict, NotFound, PermissionDenied
from warrantor.services.rma.access import visible_rma
from warrantor.services.uow import UnitOfWork

WORKSHOP_ROLES = frozenset({Role.TECHNICIAN, Role.ADMIN})
"""Who inspects, decides, repairs and replaces (the RMA contract)."""


def rma_label(rma: Rma) -> str:
    """How messages name an RMA: its number, or ``#id`` before one is issued."""
    return rma.number or f"#{rma.id}"


def workshop_rma(uow: UnitOfWork, actor: Actor, ref: str | int) -> Rma:
    """The RMA ``ref`` (number or id) for workshop work; ``PermissionDenied`` for other roles."""
    if actor.role not in WORKSHOP_ROLES:
        raise PermissionDenied(f"a {actor.role} may not do workshop work on an RMA")
    return visible_rma(uow, actor, ref)


def require_state(rma: Rma, allowed: tuple[str, ...], doing: str) -> None:
    """``Conflict`` naming the state when ``doing`` is not possible in it."""
    if rma.state not in allowed:
        when = " or ".join(allowed)
        raise Conflict(f"RMA {rma_label(rma)} is {rma.state}: cannot {doing} (only when {when})")


def rma_unit(uow: UnitOfWork, rma: Rma) -> tuple[Unit, int]:
    """The unit the RMA is about and its row id."""
    unit = uow.units.get(rma.brand, rma.serial)
    unit_id = uow.units.id_of(rma.brand, rma.serial)
    if unit is None or unit_id is None:
        raise NotFound(f"RMA {rma_label(rma)}: no {rma.brand} unit with serial {rma.serial}")
    return unit, unit_id
