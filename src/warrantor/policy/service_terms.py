"""A policy's service-time promises as due dates: "RMA number within two business days".

The policy file names its service centres (``[[service_centres]]``: country,
optional subdivision, time zone) and its promises (``rma_number`` and
``repair_time`` rules); ``warrantor.domain.calendar`` knows business days.
This module joins the two, so the RMA desk can say "due by <when> because
<clause>".

Pure: no I/O and no clock reads. The instant of the event (documents
validated, unit received) is passed in, timezone-aware.

Business days and working days
    The QNAP text promises an RMA number "within two business days" and a
    repair "within 7 working days" without defining either term, let alone
    differently. DESIGN.md ("Business days") treats both as the business days
    of the service centre's region: weekdays that are not public holidays,
    plus official make-up working days. So both promises count on the same
    calendar, ``calendar_of(centre)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from warrantor.domain.calendar import (
    BusinessCalendar,
    Pause,
    business_deadline,
    due_date_with_pauses,
)
from warrantor.errors import Ambiguous, InvalidInput, NotFound, Problem
from warrantor.policy.decision import Citation
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import RepairTimeRule, RmaNumberRule
from warrantor.policy.schema_vocabulary import ServiceCentre

SlaKind = Literal["rma-number", "repair"]
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class SlaDue:
    """When one promise of a policy falls due, and the clauses it rests on.

    ``due_on`` is the last day of the promise in the centre's time zone;
    ``due_at`` the UTC instant that day ends (the next local midnight).
    ``provisional`` means the count crossed a day whose calendar the
    ``holidays`` package does not know for certain yet (China's make-up days
    for a year not yet announced), so the date may still move.
    ``business_days`` is the count promised; ``paused_business_days`` the
    business days that did not count because the clock was paused.
    """

    kind: SlaKind
    policy_id: str
    centre_id: str
    timezone: str
    event_at: datetime
    due_on: date
    due_at: datetime
    provisional: bool
    business_days: int
    paused_business_days: int
    citations: tuple[Citation, ...]

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.clause_id for c in self.citations)

    @property
    def local_due_at(self) -> datetime:
        """``due_at`` in the centre's time zone (midnight after ``due_on``)."""
        return self.due_at.astimezone(ZoneInfo(self.timezone))

    @property
    def because(self) -> str:
        """The source sentences the due date rests on, verbatim."""
        return " ".join(c.text for c in self.citations)


# --- which centre, which calendar -------------------------------------------------------


def _listing(policy: Policy) -> str:
    return ", ".join(f"{c.id} ({c.country})" for c in policy.doc.service_centres)


def service_centre(policy: Policy, centre_id: str | None, country: str | None) -> ServiceCentre:
    """The centre named by ``centre_id``, or the one serving ``country``.

    With neither, a policy's only centre. ``NotFound`` when the policy has no
    such centre, ``Ambiguous`` when more than one fits, ``InvalidInput`` when
    the centre named is not in the country given.
    """
    centres = policy.doc.service_centres
    if not centres:
        raise NotFound(f"the {policy.brand} policy names no service centre")
    wanted_country = country.strip().upper() if country is not None else None
    if centre_id is not None:
        found = next((c for c in centres if c.id == centre_id), None)
        if found is None:
            raise NotFound(
                f"no service centre {centre_id!r} in the {policy.brand} policy; "
                f"its centres: {_listing(policy)}"
            )
        if wanted_country is not None and found.country != wanted_country:
            message = f"service centre {found.id!r} is in {found.country}, not {wanted_country}"
            raise InvalidInput(message, [Problem(message, field="country")])
        return found
    if wanted_country is not None:
        serving = [c for c in centres if c.country == wanted_country]
        if not serving:
            raise NotFound(
                f"the {policy.brand} policy has no service centre in {wanted_country}; "
                f"its centres: {_listing(policy)}"
            )
        if len(serving) > 1:
            raise Ambiguous(
                f"the {policy.brand} policy has {len(serving)} service centres in "
                f"{wanted_country}; name one",
                [c.id for c in serving],
            )
        return serving[0]
    if len(centres) == 1:
        return centres[0]
    raise Ambiguous(
        f"the {policy.brand} policy has {len(centres)} service centres; name one or give a country",
        [c.id for c in centres],
    )


def calendar_of(centre: ServiceCentre) -> BusinessCalendar:
    """The business-day calendar of the centre's region (country, subdivision).

    One calendar per region, shared: the package fills in years lazily, which
    is pure computation. The loader has already checked that the package
    knows the region.
    """
    return _calendar(centre.country, centre.subdivision, tuple(sorted(centre.closed_on)))


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str | None, closed: tuple[date, ...]) -> BusinessCalendar:
    return BusinessCalendar(country, subdivision, frozenset(closed))


# --- the promises -----------------------------------------------------------------------


def rma_number_due(
    policy: Policy, centre: ServiceCentre, documents_validated_at: datetime
) -> SlaDue:
    """When the RMA number is due: N business days after the documents are validated.

    "Within two business days after X" ends at the close of the second
    business day after the local day of X, in the centre's time zone
    (DESIGN.md). ``NotFound`` when the policy makes no such promise at the
    centre. With ``business_days = 0`` the number is due by the close of the
    day of validation.
    """
    _check_centre(policy, centre)
    event_at = _aware(documents_validated_at, "documents_validated_at")
    rule = _first(
        [r for r in policy.rules(RmaNumberRule) if _serves(r.centres, centre)],
        f"the {policy.brand} policy makes no RMA-number promise at {centre.id}",
    )
    calendar = calendar_of(centre)
    if rule.business_days == 0:
        due_on = event_at.astimezone(ZoneInfo(centre.timezone)).date()
        next_midnight = datetime.combine(
            due_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(centre.timezone)
        )
        due_at, provisional = next_midnight.astimezone(UTC), False
    else:
        deadline = business_deadline(event_at, rule.business_days, calendar, centre.timezone)
        due_on, due_at, provisional = deadline.due_on, deadline.due_at, deadline.provisional
    return SlaDue(
        kind="rma-number",
        policy_id=policy.id,
        centre_id=centre.id,
        timezone=centre.timezone,
        event_at=event_at.astimezone(UTC),
        due_on=due_on,
        due_at=due_at,
        provisional=provisional,
        business_days=rule.business_days,
        paused_business_days=0,
        citations=tuple(policy.citation(c) for c in rule.clauses),
    )


def repair_due(
    policy: Policy,
    centre: ServiceCentre,
    received_at: datetime,
    paused: list[Pause] | tuple[Pause, ...] = (),
    warranty_repair: bool = True,
) -> SlaDue | None:
    """When a repair is due: N working days after the unit is received.

    Working days are the centre's business days (see the module docstring).
    ``paused`` lists ``(first, last)`` local days, both included, on which the
    clock stood still while the desk waited on the customer; business days in
    them do not count. ``None`` for a paid repair when the promise covers
    warranty repairs only: it does not apply. ``NotFound`` when the policy
    makes no repair-time promise at the centre; ``InvalidInput`` for a pause
    under a promise whose clock never pauses, or a pause that ends before it
    starts.
    """
    _check_centre(policy, centre)
    event_at = _aware(received_at, "received_at")
    rule = _first(
        [r for r in policy.rules(RepairTimeRule) if _serves(r.centres, centre)],
        f"the {policy.brand} policy makes no repair-time promise at {centre.id}",
    )
    if not warranty_repair and not rule.paid_repairs:
        return None
    pauses = list(paused)
    _check_pauses(policy, rule, pauses)
    calendar = calendar_of(centre)
    received_on = event_at.astimezone(ZoneInfo(centre.timezone)).date()
    due_on = due_date_with_pauses(calendar, received_on, rule.working_days, pauses)
    # Counting every business day up to the paused due date lets the calendar
    # give the closing instant and the provisional flag, as for any deadline.
    counted = calendar.business_days_between(received_on, due_on)
    deadline = business_deadline(event_at, counted, calendar, centre.timezone)
    return SlaDue(
        kind="repair",
        policy_id=policy.id,
        centre_id=centre.id,
        timezone=centre.timezone,
        event_at=event_at.astimezone(UTC),
        due_on=deadline.due_on,
        due_at=deadline.due_at,
        provisional=deadline.provisional,
        business_days=rule.working_days,
        paused_business_days=counted - rule.working_days,
        citations=tuple(policy.citation(c) for c in rule.clauses),
    )


def _serves(centres: list[str], centre: ServiceCentre) -> bool:
    """A rule naming no centres holds at every centre of the policy."""
    return not centres or centre.id in centres


def _first(rules: list[R], missing: str) -> R:
    """The first matching rule in file order; ``NotFound`` when there is none."""
    if not rules:
        raise NotFound(missing)
    return rules[0]


def _check_centre(policy: Policy, centre: ServiceCentre) -> None:
    if centre not in policy.doc.service_centres:
        message = f"service centre {centre.id!r} is not one of the {policy.brand} policy's"
        raise InvalidInput(message, [Problem(message, field="centre")])


def _aware(at: datetime, name: str) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        message = f"{name} must be a timezone-aware instant"
        raise InvalidInput(message, [Problem(message, field=name)])
    return at


def _check_pauses(policy: Policy, rule: RepairTimeRule, pauses: list[Pause]) -> None:
    for first, last in pauses:
        if last < first:
            message = f"a pause ends ({last}) before it starts ({first})"
            raise InvalidInput(message, [Problem(message, field="paused")])
    if pauses and not rule.pauses_while:
        message = f"the {policy.brand} policy's repair clock does not pause"
        raise InvalidInput(message, [Problem(message, field="paused")])
