"""Who may see which RMA (issue #5, #6): one rule, used by every RMA use case.

Customers see the RMAs of their own account; a dealer or distributor sees
the RMAs it opened and those on units first invoiced to it; staff (agent,
technician, admin) see all. Anything else is ``NotFound``, never the RMA, so
numbers can't be probed.
"""

from __future__ import annotations

from dataclasses import replace

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma
from warrantor.errors import N_, NotFound, Said
from warrantor.services.uow import UnitOfWork
from warrantor.store.rmas import RmaFilter

PARTY_ROLES = frozenset({Role.DEALER, Role.DISTRIBUTOR})


def may_see(uow: UnitOfWork, actor: Actor, rma: Rma) -> bool:
    """Whether ``actor`` may see ``rma``."""
    if actor.is_staff:
        return True
    if actor.account_code is None:
        return False
    if actor.role is Role.CUSTOMER:
        return rma.customer == actor.account_code
    if actor.role in PARTY_ROLES:
        return rma.opened_by == actor.account_code or (
            uow.rmas.unit_first_invoiced_to(rma.id) == actor.account_code
        )
    return False


def visible_rma(uow: UnitOfWork, actor: Actor, number_or_id: str | int) -> Rma:
    """The RMA by number (``QNAP-2026-000123``) or id, if ``actor`` may see it, else ``NotFound``.

    The number is matched in any letter case.
    """
    rma = _lookup(uow, number_or_id)
    if rma is None or not may_see(uow, actor, rma):
        raise NotFound(Said(N_("no RMA %(rma)s"), rma=str(number_or_id)))
    return rma


def _lookup(uow: UnitOfWork, number_or_id: str | int) -> Rma | None:
    if isinstance(number_or_id, int):
        return uow.rmas.get(number_or_id)
    text = number_or_id.strip().lstrip("#")
    if text.isdigit():
        return uow.rmas.get(int(text))
    return uow.rmas.get_by_number(text)


def visibility_filter(actor: Actor, filters: RmaFilter) -> RmaFilter:
    """``filters`` narrowed to what ``actor`` may see (an impossible filter for no account)."""
    if actor.is_staff:
        return filters
    code = actor.account_code or "\x00no account"
    if actor.role is Role.CUSTOMER:
        return replace(filters, visible_to_customer=code)
    if actor.role in PARTY_ROLES:
        return replace(filters, visible_to_party=code)
    return replace(filters, visible_to_customer="\x00no account")
