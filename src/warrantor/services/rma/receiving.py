"""Use case: a parcel arrives at the service centre (issue #5, item 4).

A parcel is matched to its RMA by the number written on it: the RMA moves to
``received``, the day is stored (in the centre's time zone), the repair
clock starts and the customer is told, all in one unit of work. A parcel
with no number, a number the desk never issued, or the number of an RMA
that was cancelled, rejected or resolved remotely is an *unauthorized
return*: it is held, not repaired, with the clause that says what may be
done with it (QNAP: costs to the sender, may be disposed of). A serial on
the parcel that differs from the RMA's flags the RMA for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.lifecycle import Step
from warrantor.domain.parcel_lifecycle import arrival_step
from warrantor.domain.rma import Rma
from warrantor.domain.rma_parcels import Parcel
from warrantor.domain.units import normalize_serial
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.rma_desk import centre_day, centre_named, centres, policy_for
from warrantor.policy.rma_refusals import parcel_disposal, parcel_return, parcel_without_rma
from warrantor.services.rma.holding import disposal_from
from warrantor.services.rma.holding import received_on as parcel_received_on
from warrantor.services.rma.notices import ParcelFate, notify_customer, tell_sender_without_rma
from warrantor.services.rma.sla import repair_due_after
from warrantor.services.rma.timeline_reasons import (
    NO_REPAIR_PROMISE,
    PARCEL_HOLDS,
    REPAIR_DUE,
    REPAIR_DUE_PROVISIONAL,
    UNIT_RECEIVED,
)
from warrantor.services.rma.transitions import apply_event, flag_for_person
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.parcels import NewParcel

RECEIVER_ROLES = frozenset({Role.TECHNICIAN, Role.ADMIN})
NO_LONGER_AUTHORIZED = ("cancelled", "rejected", "resolved_remotely")


@dataclass(frozen=True, slots=True)
class ParcelArrival:
    """What the receiving technician reads off a parcel."""

    rma_number: str | None = None
    brand: str | None = None
    """Needed when the parcel names no RMA the desk knows: whose centre received it."""
    serial: str | None = None
    sender_name: str = ""
    sender_contact: str = ""
    sender_account: str | None = None
    carrier: str = ""
    tracking: str = ""
    note: str = ""
    service_centre: str | None = None
    """The policy's id of the centre receiving it (``qnap-ca``); by default the RMA's
    centre, or for a parcel naming no RMA the brand's first centre."""


@dataclass(frozen=True, slots=True)
class Received:
    """The parcel as stored, and the RMA it was matched to (``None``: unauthorized)."""

    parcel: Parcel
    rma: Rma | None


def receive_parcel(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    arrival: ParcelArrival,
    now: datetime,
) -> Received:
    """Match the parcel to its RMA and receive the unit, or hold it as an unauthorized return."""
    if actor.role not in RECEIVER_ROLES:
        raise PermissionDenied(f"a {actor.role} does not receive parcels")
    serial = _serial(arrival.serial)
    with uow_factory() as uow:
        number = (arrival.rma_number or "").strip().upper() or None
        rma = uow.rmas.get_by_number(number) if number else None
        if rma is not None and rma.state not in NO_LONGER_AUTHORIZED:
            return _receive(uow, book, actor, rma, arrival, serial, now)
        if rma is not None:
            why = f"RMA {number} is {rma.state}: no unit is expected"
        elif number:
            why = f"unknown RMA number {number}"
        else:
            why = "no RMA number on the parcel"
        return _hold(uow, book, actor, arrival, number, serial, why, rma, now)


def _serial(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return normalize_serial(raw)
    except ValueError as error:
        raise InvalidInput(str(error), [Problem(str(error), "serial")]) from None


def _parcel(
    uow: UnitOfWork,
    arrival: ParcelArrival,
    *,
    arrived: Step,
    brand: str,
    rma_id: int | None,
    number: str | None,
    serial: str | None,
    note: str,
    clause_ids: tuple[str, ...],
    centre: str | None,
    actor: Actor,
    now: datetime,
) -> Parcel:
    sender_id = None
    if arrival.sender_account:
        sender_id = uow.accounts.id_of(arrival.sender_account.strip())
        if sender_id is None:
            message = f"no account {arrival.sender_account!r}"
            raise InvalidInput(message, [Problem(message, "sender_account")])
    parcel_id = uow.parcels.add(
        NewParcel(
            brand=brand,
            rma_id=rma_id,
            number_on_parcel=number,
            serial=serial,
            sender_name=arrival.sender_name.strip(),
            sender_contact=arrival.sender_contact.strip(),
            sender_account_id=sender_id,
            carrier=arrival.carrier.strip(),
            tracking=arrival.tracking.strip(),
            note=note,
            received_at=now,
            received_by=actor.label,
            clause_ids=clause_ids,
            service_centre=centre,
        ),
        arrived,
    )
    parcel = uow.parcels.get(parcel_id)
    assert parcel is not None
    return parcel


def _receive(
    uow: UnitOfWork,
    book: PolicyBook,
    actor: Actor,
    rma: Rma,
    arrival: ParcelArrival,
    serial: str | None,
    now: datetime,
) -> Received:
    if rma.state != "awaiting_unit":
        raise Conflict(f"RMA {rma.number} is {rma.state}: its unit is not awaited")
    policy = policy_for(book, rma.brand)
    centre = centre_named(policy, receiving_centre(policy, arrival, rma) or rma.service_point)
    received_on = centre_day(centre, now)
    due, why_none = repair_due_after(policy, centre, now)
    said = arrival.note.strip() or UNIT_RECEIVED
    if due is not None:
        due_by = REPAIR_DUE_PROVISIONAL if due.provisional else REPAIR_DUE
        reason = Said(due_by, note=said, day=due.due_on)
    else:
        reason = Said(NO_REPAIR_PROMISE, note=said, why=why_none)
    apply_event(uow, rma.id, "receive", actor, reason, now)
    uow.rmas.record_received(rma.id, received_on, now)
    uow.rmas.set_repair_due(rma.id, due, now)
    parcel = _parcel(
        uow,
        arrival,
        arrived=arrival_step(matched=True),
        brand=rma.brand,
        rma_id=rma.id,
        number=rma.number,
        serial=serial,
        note=arrival.note.strip(),
        clause_ids=(),
        centre=centre.id if centre else None,
        actor=actor,
        now=now,
    )
    if serial is not None and serial != rma.serial:
        flag_for_person(
            uow,
            rma.id,
            Said(PARCEL_HOLDS, found=serial, expected=rma.serial),
            actor,
            now,
        )
    updated = uow.rmas.get(rma.id)
    assert updated is not None and updated.number is not None
    details = {"received_on": received_on.isoformat()}
    if due is not None:
        details["repair_due_by"] = due.due_on.isoformat()
    notify_customer(uow, updated, "received", details, now)
    return Received(parcel=parcel, rma=updated)


def _hold(
    uow: UnitOfWork,
    book: PolicyBook,
    actor: Actor,
    arrival: ParcelArrival,
    number: str | None,
    serial: str | None,
    why: str,
    rma: Rma | None,
    now: datetime,
) -> Received:
    brand = rma.brand if rma is not None else (arrival.brand or "").strip()
    if not brand:
        message = f"{why}: say which brand's service centre received it"
        raise InvalidInput(message, [Problem(message, "brand")])
    try:
        policy = policy_for(book, brand)
    except NotFound as error:
        raise InvalidInput(error.message, [Problem(error.message, "brand")]) from None
    held = parcel_without_rma(policy, why)
    note = held.summary
    if arrival.note.strip():
        note += f". {arrival.note.strip()}"
    parcel = _parcel(
        uow,
        arrival,
        arrived=arrival_step(matched=False),
        brand=policy.brand,
        rma_id=None,
        number=number,
        serial=serial,
        note=note,
        clause_ids=held.determining,
        centre=receiving_centre(policy, arrival, rma),
        actor=actor,
        now=now,
    )
    disposal = parcel_disposal(policy)
    fate = ParcelFate(
        received_on=parcel_received_on(policy, parcel),
        returnable=parcel_return(policy).allowed,
        disposable_from=disposal_from(uow, policy, parcel) if disposal.allowed else None,
    )
    quoted = [policy.citation(c) for c in disposal.determining] if disposal.allowed else []
    tell_sender_without_rma(uow, parcel, fate, [(c.clause_id, c.text) for c in quoted])
    return Received(parcel=parcel, rma=None)


def receiving_centre(policy: Policy, arrival: ParcelArrival, rma: Rma | None) -> str | None:
    """The centre that received the parcel: the one named (one of the policy's, or
    ``InvalidInput`` naming ``service_centre``), else the RMA's, else the policy's first."""
    listed = centres(policy)
    named = (arrival.service_centre or "").strip()
    if named:
        if centre_named(policy, named) is None:
            known = ", ".join(c.id for c in listed) or "none"
            message = (
                f"the {policy.brand} policy has no service centre {named!r} (its centres: {known})"
            )
            raise InvalidInput(message, [Problem(message, "service_centre")])
        return named
    if rma is not None and centre_named(policy, rma.service_point) is not None:
        return rma.service_point
    return listed[0].id if listed else None
