"""Use case: show what the workshop recorded on one RMA (to whoever may see the RMA).

The customer sees their RMA's findings, decision with its clauses, and quote;
staff see every RMA's.
"""

from __future__ import annotations

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.domain.workshop import WorkshopRecord
from warrantor.services.rma.access import visible_rma
from warrantor.services.uow import UnitOfWorkFactory


def show_workshop(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int
) -> tuple[Rma, WorkshopRecord]:
    """The RMA and its workshop record; ``NotFound`` for an RMA the actor may not see."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        return rma, uow.workshop.record(rma.id)
