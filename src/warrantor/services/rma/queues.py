"""Use cases: the desk's queues, the late list, and one RMA in full (issue #5, item 3).

Queues list RMAs by state with what is due first first: the due instant of
the step each RMA is at (the number while documents are validated, the
repair while the unit is in the workshop), then the oldest. The late list
keeps those whose due day has ended and whose clock is not paused waiting on the
customer (``clock_pauses``), judged at the clock's now: a due date
is the end of a day in the service centre's time zone, stored as a UTC
instant, so one comparison judges it in the centre's zone. Everyone sees
only the RMAs they may (``rma_access``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.rma import OPEN_STATES, STATES, Rma, RmaTransition
from warrantor.domain.rma_parcels import Shipment
from warrantor.domain.rma_pauses import ClockPause
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.attachments.files import attachments_of
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.rma.access import visibility_filter, visible_rma
from warrantor.services.rma.instructions import ShippingInstructions, shipping_instructions
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.attachments import Attachment
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
    assignee_user_id: int | None = None
    """Only the RMAs assigned to this person (with ``OPEN_STATES``: their "my queue")."""
    unassigned: bool = False
    """Only the RMAs assigned to nobody (their centre's unassigned queue)."""
    mine: bool = False
    """The actor's "my queue": the open RMAs assigned to them (``states`` narrow it)."""


def list_rmas(
    uow_factory: UnitOfWorkFactory, actor: Actor, query: RmaQuery, now: datetime
) -> list[Rma]:
    """The RMAs ``actor`` may see matching ``query``, what is due first first."""
    with uow_factory() as uow:
        return uow.rmas.list(_filters(actor, query, now))


RMAS_LIST = "rmas"
"""The RMA lists' name in their page cursors (sorted by due instant, opened at, id)."""


def page_rmas(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    query: RmaQuery,
    now: datetime,
    cursor: str | None = None,
    *,
    count: bool = True,
) -> Page[Rma]:
    """One page of ``list_rmas``: ``query.limit`` RMAs after ``cursor``, with the exact
    count of every RMA the list holds (a queue tab's figure, for this actor).

    ``count=False`` leaves the count out (``total`` None): the page is then one
    statement in a read-only unit of work (no BEGIN or COMMIT on PostgreSQL), where
    counting a tab of tens of thousands costs more than the page itself; an API
    client asks for the count (``count=exact``) when it shows one."""
    check_limit(query.limit)
    after = decode_cursor(RMAS_LIST, cursor, ((datetime, type(None)), datetime, int))
    filters = _filters(actor, query, now)
    if after is not None:
        due_at, opened_at, rma_id = after
        assert isinstance(opened_at, datetime) and isinstance(rma_id, int)
        due = due_at if isinstance(due_at, datetime) else None
        filters = replace(filters, after=(due, opened_at, rma_id))
    if not count:
        with uow_factory(read_only=True) as uow:
            found = uow.rmas.list(replace(filters, limit=query.limit + 1))
        return page_of(found, query.limit, RMAS_LIST, _sort_key, None)
    with uow_factory() as uow:  # one snapshot: the count agrees with the page
        found = uow.rmas.list(replace(filters, limit=query.limit + 1))
        total = uow.rmas.count(filters)
    return page_of(found, query.limit, RMAS_LIST, _sort_key, total)


def count_rmas(
    uow_factory: UnitOfWorkFactory, actor: Actor, queries: Mapping[str, RmaQuery], now: datetime
) -> dict[str, int]:
    """How many RMAs ``actor`` may see each of ``queries`` holds, counted exactly in one
    unit of work: the desk's tab figures (read-only: each count its own statement, no
    BEGIN or COMMIT on PostgreSQL; tabs need not agree to the instant)."""
    with uow_factory(read_only=True) as uow:
        return {name: uow.rmas.count(_filters(actor, q, now)) for name, q in queries.items()}


def _sort_key(rma: Rma) -> tuple[datetime | None, datetime, int]:
    due = rma.current_due()
    return (due.due_at if due else None, rma.opened_at, rma.id)


def _filters(actor: Actor, query: RmaQuery, now: datetime) -> RmaFilter:
    """The store's filter for ``query`` as ``actor`` may see it; ``InvalidInput`` if bad."""
    unknown = [s for s in query.states if s not in STATES]
    if unknown:
        message = f"unknown state {unknown[0]!r}; states: {', '.join(STATES)}"
        raise InvalidInput(message, [Problem(message, "state")])
    if query.limit < 1:
        raise InvalidInput("limit must be at least 1", [Problem("must be at least 1", "limit")])
    assignee, states = query.assignee_user_id, query.states
    if query.mine:
        if actor.user_id is None:
            message = "'my queue' is a signed-in person's; the operator has none"
            raise InvalidInput(message, [Problem(message, "mine")])
        assignee, states = actor.user_id, states or OPEN_STATES
    filters = RmaFilter(
        states=states,
        brand=query.brand,
        serial=parse_serial(query.serial) if query.serial else None,
        service_point=query.service_point,
        needs_attention=query.needs_attention,
        late_at=now if query.late else None,
        limit=query.limit,
        assignee_user_id=assignee,
        unassigned=query.unassigned,
    )
    return visibility_filter(actor, filters)


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
    attachments: tuple[Attachment, ...] = ()
    """Proofs of purchase and photos sent with the RMA or about its unit (issue #24)."""
    mail_failing: FailingAddress | None = None
    """The contact address's permanent refusal by a mail server: no mail goes to it
    until it is corrected (issue #24)."""
    pauses: tuple[ClockPause, ...] = ()
    """Each clock paused while the desk waited on the customer (issue #23, item 5)."""


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
            attachments=tuple(attachments_of(uow, rma)),
            mail_failing=uow.failing_addresses.get(rma.contact_email),
            pauses=tuple(uow.rmas.pauses(rma.id)),
        )
