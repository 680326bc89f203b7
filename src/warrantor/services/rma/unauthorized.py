"""Use cases on unauthorized returns: costs charged to the sender, return, disposal (issue #5).

A unit that arrived without a valid RMA number is held (``rma_receiving``).
Its costs (storage, handling, return postage) are recorded against the
sender in integer minor units of a currency. It leaves the hold by being
returned to the sender, at the sender's cost, or disposed of, only where
the policy allows it (QNAP: "QNAP reserves the right to dispose said unit
at will"; Netac's text says nothing, so a Netac unit can only be returned).
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import normalize_currency
from warrantor.domain.parcel_lifecycle import parcel_step
from warrantor.domain.rma_parcels import Parcel, ParcelCost
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import centre_named, policy_for
from warrantor.policy.rma_refusals import parcel_disposal, parcel_return
from warrantor.services.paging import Page, read_page
from warrantor.services.rma.holding import disposal_from, received_on, today_at_centre
from warrantor.services.rma.refusals import enforce
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

HANDLER_ROLES = frozenset({Role.TECHNICIAN, Role.ADMIN, Role.AGENT})


def _check_role(actor: Actor) -> None:
    if actor.role not in HANDLER_ROLES:
        raise PermissionDenied(f"a {actor.role} does not handle unauthorized returns")


COSTED_STATUSES = ("held", "returned")
"""A cost may still be charged once the unit went back (the return postage)."""


def _unauthorized(uow: UnitOfWork, parcel_id: int) -> Parcel:
    """The unauthorized return, its row locked; a matched parcel is not one (``NotFound``)."""
    parcel = uow.parcels.get(parcel_id, for_update=True)
    if parcel is None or parcel.status == "matched":
        raise NotFound(f"no unauthorized return #{parcel_id}")
    return parcel


def _resolved(uow: UnitOfWork, parcel: Parcel, resolved: bool) -> Parcel:
    if not resolved:
        raise Conflict(f"unauthorized return #{parcel.id} changed meanwhile; try again")
    updated = uow.parcels.get(parcel.id)
    assert updated is not None
    return updated


PARCELS_LIST = "unauthorized-returns"
"""The unauthorized returns' name in their page cursors (key: arrival instant, id)."""


def page_unauthorized(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    statuses: tuple[str, ...] = ("held",),
    brand: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Parcel]:
    """One page of the unauthorized returns by status (held by default), oldest first, after
    ``cursor``, with the exact count of the whole list: held parcels are a queue, whose
    tab shows its figure."""
    _check_role(actor)
    return _page(uow_factory, statuses or ("held", "returned", "disposed"), brand, limit, cursor)


def held_parcels(
    uow_factory: UnitOfWorkFactory, actor: Actor, limit: int = 100, cursor: str | None = None
) -> Page[Parcel]:
    """A page of the unauthorized returns held now, oldest first, counted, for every desk
    role to see (issue #23, item 7): an agent answers the sender who calls about one;
    technicians handle them."""
    if not actor.is_staff:
        raise PermissionDenied("held parcels are for the maker's staff")
    return _page(uow_factory, ("held",), None, limit, cursor)


def _page(
    uow_factory: UnitOfWorkFactory,
    statuses: tuple[str, ...],
    brand: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Parcel]:
    with uow_factory() as uow:
        return read_page(
            limit,
            cursor,
            PARCELS_LIST,
            (datetime, int),
            lambda after, most: uow.parcels.list(statuses, brand, most, after),
            lambda parcel: (parcel.received_at, parcel.id),
            lambda: uow.parcels.count(statuses, brand),
        )


def show_unauthorized(uow_factory: UnitOfWorkFactory, actor: Actor, parcel_id: int) -> Parcel:
    _check_role(actor)
    with uow_factory() as uow:
        parcel = uow.parcels.get(parcel_id)
        if parcel is None or parcel.status == "matched":
            raise NotFound(f"no unauthorized return #{parcel_id}")
        return parcel


def record_cost(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    parcel_id: int,
    what: str,
    amount_minor: int,
    currency: str,
    now: datetime,
) -> Parcel:
    """Charge a cost the unauthorized return caused to its sender."""
    _check_role(actor)
    problems: list[Problem] = []
    if not what.strip():
        problems.append(Problem("say what the cost is for", "what"))
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor < 0:
        problems.append(Problem("a whole, non-negative number of minor units", "amount_minor"))
    try:
        code = normalize_currency(currency)
    except ValueError as error:
        problems.append(Problem(str(error), "currency"))
        code = ""
    if problems:
        raise InvalidInput("the cost is not valid", problems)
    with uow_factory() as uow:
        parcel = _unauthorized(uow, parcel_id)
        if parcel.status not in COSTED_STATUSES:
            raise Conflict(f"unauthorized return #{parcel_id} is already {parcel.status}")
        uow.parcels.add_cost(
            parcel.id,
            ParcelCost(
                what=what.strip(),
                amount_minor=amount_minor,
                currency=code,
                recorded_at=now,
                recorded_by=actor.label,
            ),
        )
        updated = uow.parcels.get(parcel.id)
        assert updated is not None
        return updated


def return_to_sender(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    parcel_id: int,
    carrier: str,
    tracking: str,
    now: datetime,
    note: str = "",
) -> Parcel:
    """Send a held unit back to its sender, at the sender's cost."""
    _check_role(actor)
    problems = [
        Problem("needed", name)
        for name, value in (("carrier", carrier), ("tracking", tracking))
        if not value.strip()
    ]
    if problems:
        raise InvalidInput("say how the unit goes back", problems)
    with uow_factory() as uow:
        parcel = _unauthorized(uow, parcel_id)
        step = parcel_step(parcel, "return_to_sender")
        allowed = enforce(parcel_return(policy_for(book, parcel.brand)))
        text = allowed.summary
        if note.strip():
            text += f". {note.strip()}"
        resolved = uow.parcels.resolve(
            parcel.id,
            step,
            now,
            actor.label,
            text,
            allowed.determining,
            return_carrier=carrier.strip(),
            return_tracking=tracking.strip(),
        )
        return _resolved(uow, parcel, resolved)


def dispose(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    parcel_id: int,
    now: datetime,
    note: str = "",
) -> Parcel:
    """Dispose of a held unit, where the brand's policy reserves that right, once the
    holding period of the centre that received it is over (``Conflict`` naming the day
    it may be disposed of before that)."""
    _check_role(actor)
    with uow_factory() as uow:
        parcel = _unauthorized(uow, parcel_id)
        step = parcel_step(parcel, "dispose")
        policy = policy_for(book, parcel.brand)
        allowed = enforce(parcel_disposal(policy))
        may_from = disposal_from(uow, policy, parcel)
        if today_at_centre(policy, parcel, now) < may_from:
            days = (may_from - received_on(policy, parcel)).days
            centre = centre_named(policy, parcel.service_centre or "")
            named = f"{centre.name} ({centre.id})" if centre else f"({parcel.service_centre})"
            raise Conflict(
                f"unauthorized return #{parcel.id} may be disposed of from "
                f"{may_from.isoformat()}, not before: its service centre "
                f"{named} holds unauthorized returns {days} days"
            )
        text = allowed.summary
        if note.strip():
            text += f". {note.strip()}"
        resolved = uow.parcels.resolve(parcel.id, step, now, actor.label, text, allowed.determining)
        return _resolved(uow, parcel, resolved)
