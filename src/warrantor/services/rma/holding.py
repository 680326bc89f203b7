"""How long a service centre holds an unauthorized return before it may be disposed of
(issue #25, item 4).

QNAP "reserves the right to dispose said unit at will": at once, as far as the policy
goes. Each service centre may hold such a unit longer (a setting, 0 days when never
set), counted in calendar days from the day the parcel was received in the centre's
time zone: held 14 days from 1 December, it may be disposed of from 15 December. Its
sender, when their e-mail address is known, is told that day and the clause when the
parcel is held (``receiving``); disposal is refused before that day (``unauthorized``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.domain.rma_parcels import Parcel
from warrantor.errors import InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.rma_desk import centre_day, centre_named, centres, policy_for
from warrantor.policy.rma_refusals import parcel_disposal
from warrantor.services.audit.record import record
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

MAX_HOLDING_DAYS = 366
"""A year and a day at most: a longer hold is a typo, not a policy."""


@dataclass(frozen=True, slots=True)
class HoldingPeriod:
    """A service centre's holding period for unauthorized returns."""

    brand: str
    centre: str
    """The policy's id of the centre (``qnap-us``)."""
    name: str
    """The centre's name ("QNAP RMA, USA")."""
    days: int


def holding_periods(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, actor: Actor
) -> list[HoldingPeriod]:
    """Every service centre of every policy in force, with its holding period (staff)."""
    if not actor.is_staff:
        raise PermissionDenied("service centres' settings are for the maker's staff")
    with uow_factory(read_only=True) as uow:
        stored = uow.centre_settings.holding_days()
    periods = []
    for brand in book.brands():
        policy = policy_for(book, brand)
        for centre in centres(policy):
            days = stored.get((policy.brand, centre.id), 0)
            periods.append(HoldingPeriod(policy.brand, centre.id, centre.name, days))
    return periods


def set_holding_period(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    brand: str,
    centre_id: str,
    days: int,
    now: datetime,
) -> HoldingPeriod:
    """Set how many days ``centre_id`` holds an unauthorized return (an admin's step,
    audited on the centre)."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only an admin sets a service centre's holding period")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_HOLDING_DAYS:
        message = f"a whole number of days from 0 to {MAX_HOLDING_DAYS}"
        raise InvalidInput(f"holding period: {message}", [Problem(message, "days")])
    policy = policy_for(book, brand)
    centre = centre_named(policy, centre_id)
    if centre is None:
        known = ", ".join(c.id for c in centres(policy)) or "none"
        raise NotFound(
            f"the {policy.brand} policy has no service centre {centre_id!r} (its centres: {known})"
        )
    with uow_factory() as uow:
        before = uow.centre_settings.holding_days_of(policy.brand, centre.id)
        uow.centre_settings.set_holding_days(policy.brand, centre.id, days, now, actor.label)
        record(
            uow,
            actor,
            now,
            Subject(SubjectKind.SERVICE_CENTRE, f"{policy.brand}/{centre.id}"),
            Action.SERVICE_CENTRE_HOLDING_SET,
            before={"holding_days": before},
            after={"holding_days": days},
        )
    return HoldingPeriod(policy.brand, centre.id, centre.name, days)


def received_on(policy: Policy, parcel: Parcel) -> date:
    """The day the parcel was received, in its centre's time zone (UTC without one)."""
    centre = centre_named(policy, parcel.service_centre) if parcel.service_centre else None
    return centre_day(centre, parcel.received_at)


def disposal_from(uow: UnitOfWork, policy: Policy, parcel: Parcel) -> date:
    """The first day the held unit may be disposed of: the day it was received plus its
    centre's holding period (0 days for a parcel with no centre recorded)."""
    days = 0
    if parcel.service_centre:
        days = uow.centre_settings.holding_days_of(policy.brand, parcel.service_centre)
    return received_on(policy, parcel) + timedelta(days=days)


def today_at_centre(policy: Policy, parcel: Parcel, now: datetime) -> date:
    """Today, in the time zone of the centre that holds the parcel."""
    centre = centre_named(policy, parcel.service_centre) if parcel.service_centre else None
    return centre_day(centre, now)


def may_dispose_from(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, parcel: Parcel
) -> date | None:
    """The first day the held ``parcel`` may be disposed of, for the desk's page; ``None``
    where the brand's policy gives no right to dispose of it."""
    policy = policy_for(book, parcel.brand)
    if not parcel_disposal(policy).allowed:
        return None
    with uow_factory(read_only=True) as uow:
        return disposal_from(uow, policy, parcel)
