"""Use cases: the desk's queues, the late list, and one RMA in full (issue #5, item 3).

Queues list RMAs by state with what is due first first: the due instant of
the step each RMA is at (the number while documents are validated, the
repair while the unit is in the workshop), then the oldest. The late list
keeps those whose due day has ended, judged at the clock's now: a due date
is the end of a day in the service centre's time zone, stored as a UTC
instant, so one comparison judges it in the centre's zone. Everyone sees
only the RMAs they may (``rma_access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.rma import STATES, Rma, RmaTransition
from warrantor.domain.rma_parcels import Shipment
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.rma.access import visibility_filter, visible_rma
from warrantor.services.rma.instructions import ShippingInstructions, shipping_instructions
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.failing_addresses import FailingAddress
from warrantor.store.rmas import RmaFilter

INSTRUCTED_STATES = ("awaiting_unit",)


@dataclass(frozen=True, slots=True)
class RmaQuery:
    """What a queue asks for; ``late`` keeps only RMAs whose current step is overdue."""

    states: tuple[str, ...] = ()
    brand: str | None = None
    serial: str | None = None
    service_point: str | None = None
    needs_attention: bool | None = None
    late: bool = False
    limit: int = 100


def list_rmas(
    uow_factory: UnitOfWorkFactory, actor: Actor, query: RmaQuery, now: datetime
) -> list[Rma]:
    """The RMAs ``actor`` may see matching ``query``, what is due first first."""
    unknown = [s for s in query.states if s not in STATES]
    if unknown:
        message = f"unknown state {unknown[0]!r}; states: {', '.join(STATES)}"
        raise InvalidInput(message, [Problem(message, "state")])
    if query.limit < 1:
        raise InvalidInput("limit must be at least 1", [Problem("must be at least 1", "limit")])
    filters = RmaFilter(
        states=query.states,
        brand=query.brand,
        serial=parse_serial(query.serial) if query.serial else None,
        service_point=query.service_point,
        needs_attention=query.needs_attention,
        late_at=now if query.late else None,
        limit=query.limit,
    )
    with uow_factory() as uow:
        return uow.rmas.list(visibility_filter(actor, filters))


def late_rmas(
    uow_factory: UnitOfWorkFactory, actor: Actor, now: datetime, limit: int = 100
) -> list[Rma]:
    """RMAs whose current step's due date has passed at ``now``, most overdue first."""
    return list_rmas(uow_factory, actor, RmaQuery(late=True, limit=limit), now)


@dataclass(frozen=True, slots=True)
class RmaDetails:
    """One RMA as a screen shows it: state, due dates, timeline, notes, shipments."""

    rma: Rma
    timeline: tuple[RmaTransition, ...]
    notes: tuple[tuple[datetime, str, str], ...]
    shipments: tuple[Shipment, ...]
    instructions: ShippingInstructions | None
    late: bool
    mail_failing: FailingAddress | None = None
    """The contact address's permanent refusal by a mail server: no mail goes to it
    until it is corrected (issue #24)."""


def show_rma(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    now: datetime,
) -> RmaDetails:
    """The RMA with its timeline, notes and shipments; ``NotFound`` if not the actor's."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        instructions = (
            shipping_instructions(uow, book, rma) if rma.state in INSTRUCTED_STATES else None
        )
        return RmaDetails(
            rma=rma,
            timeline=tuple(uow.rmas.timeline(rma.id)),
            notes=tuple(uow.rmas.notes(rma.id)),
            shipments=tuple(uow.rmas.shipments(rma.id)),
            instructions=instructions,
            late=rma.is_late(now),
            mail_failing=uow.failing_addresses.get(rma.contact_email),
        )
