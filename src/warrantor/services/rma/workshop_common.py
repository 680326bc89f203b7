"""What every workshop use case shares: finding the RMA the actor may work on and its unit
(the policy version that judges the unit is ``PolicyBook.judging``).

Object-level rules (issue #6): an RMA the actor may not see is ``NotFound``
(``rma_access.visible_rma``); a role that may never do workshop work is
``PermissionDenied``; a step asked in the wrong state is ``Conflict`` naming
the state.
"""

from __future__ import annotations

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, named_state
from warrantor.domain.units import Unit
from warrantor.errors import N_, Conflict, NotFound, PermissionDenied, Said
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
        raise PermissionDenied(Said(NO_WORKSHOP_WORK, role=Said(actor.role.value)))
    return visible_rma(uow, actor, ref)


NO_WORKSHOP_WORK = N_("a %(role)s may not do workshop work on an RMA")
WRONG_STATE = N_("RMA %(rma)s is %(state)s: cannot %(doing)s (only when %(when)s)")
"""A step the RMA's state does not allow (the states by their codes in English, by their
names on a page: ``domain.rma.named_state``)."""


def require_state(rma: Rma, allowed: tuple[str, ...], doing: str) -> None:
    """``Conflict`` naming the state when ``doing`` (a marked phrase) is not possible in it."""
    if rma.state not in allowed:
        when = tuple(named_state(s) for s in allowed)  # a choice: "a or b" in each language
        values = {"rma": rma_label(rma), "state": named_state(rma.state), "when": when}
        raise Conflict(Said(WRONG_STATE, **values, doing=Said(doing)))


def rma_unit(uow: UnitOfWork, rma: Rma) -> tuple[Unit, int]:
    """The unit the RMA is about and its row id."""
    unit = uow.units.get(rma.brand, rma.serial)
    unit_id = uow.units.id_of(rma.brand, rma.serial)
    if unit is None or unit_id is None:
        raise NotFound(f"RMA {rma_label(rma)}: no {rma.brand} unit with serial {rma.serial}")
    return unit, unit_id
