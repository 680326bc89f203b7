"""Use cases: an RMA's clock pauses while the desk waits on the customer (issue #23, item 5).

A wait begins when a paid-repair quote is sent (``decision.decide``), documents are
asked for (``documents.ask_for_documents``), or the decision asks for the extension's
certificate (``decision.decide``, needs information); it ends when the quote is
answered, the documents come (validated, sent by the customer on the RMA, or recorded by
the desk) or a certificate is presented. Which clocks a wait pauses is the service
centre's setting (``pause_settings``; by default the repair clock only). While the
current step's clock is paused the RMA is left off the late list; when the wait ends,
the clock's stored due date moves by the paused business days
(``domain.rma_pauses``), so the late list and the queues' order (keyset paging on the
due instant) read the moved date, and the RMA is late again once that has passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.domain.calendar import Pause
from warrantor.domain.rma import Rma, RmaDue
from warrantor.domain.rma_pauses import (
    WAITS,
    ClockPause,
    checked_setting,
    due_after_pauses,
    paused_days,
)
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import ServiceCentre, centre_named, centres, policy_for
from warrantor.policy.service_terms import calendar_of
from warrantor.services.audit.record import record
from warrantor.services.rma.access import visible_rma
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory


def pause_clocks(uow: UnitOfWork, rma: Rma, wait: str, actor: Actor, now: datetime) -> int:
    """Begin ``wait`` on ``rma``: stop each clock the centre's setting names for it (one
    already stopped for this wait stays as it is); returns how many pauses began."""
    clocks = uow.rmas.pause_settings(rma.brand, rma.service_point)[wait]
    waiting = {(p.wait, p.clock) for p in uow.rmas.pauses(rma.id) if p.is_open}
    started = [c for c in clocks if (wait, c) not in waiting and not _clock_over(rma, c)]
    for clock in started:
        uow.rmas.start_pause(rma.id, wait, clock, actor.label, now)
    return len(started)


def _clock_over(rma: Rma, clock: str) -> bool:
    """The RMA number's clock ends when the number is issued: a wait begun after that (in
    the workshop) has no number clock to pause, and the timeline shows no such pause."""
    return clock == "number" and rma.number_issued_at is not None


def resume_clocks(
    uow: UnitOfWork, book: PolicyBook, rma: Rma, wait: str, actor: Actor, now: datetime
) -> list[ClockPause]:
    """End ``wait`` on ``rma``: each clock it stopped runs again, its stored due date moved
    by the business days it was paused; returns the pauses ended (none: nothing waited)."""
    pauses = uow.rmas.pauses(rma.id)
    ending = [p for p in pauses if p.is_open and p.wait == wait]
    if not ending:
        return []
    current = uow.rmas.get(rma.id) or rma
    centre = centre_named(policy_for(book, rma.brand), rma.service_point)
    ended: list[ClockPause] = []
    for pause in ending:
        moved = _move_due(uow, current, centre, pause, pauses, now)
        if uow.rmas.end_pause(pause.id, actor.label, now, moved):
            ended.append(pause)
            current = uow.rmas.get(rma.id) or current
            pauses = uow.rmas.pauses(rma.id)
    return ended


def _move_due(
    uow: UnitOfWork,
    rma: Rma,
    centre: ServiceCentre | None,
    pause: ClockPause,
    pauses: list[ClockPause],
    now: datetime,
) -> int:
    """Move the paused clock's stored due date past the pause; the business days moved."""
    due = rma.number_due if pause.clock == "number" else rma.repair_due
    if centre is None or due is None:
        return 0  # no promise, or its clock has not started: nothing to move
    started_on = _clock_started_on(rma, pause.clock, centre.timezone)
    if started_on is None:
        return 0
    earlier: list[Pause] = [
        days
        for other in pauses
        if other.clock == pause.clock and other.ended_at is not None and other.id != pause.id
        if (days := paused_days(other.started_at, other.ended_at, centre.timezone)) is not None
    ]
    this = paused_days(pause.started_at, now, centre.timezone)
    moved_due, moved = due_after_pauses(
        due, started_on, calendar_of(centre), centre.timezone, earlier, this
    )
    if moved:
        _store_due(uow, rma.id, pause.clock, moved_due, now)
    return moved


def _clock_started_on(rma: Rma, clock: str, timezone: str) -> date | None:
    if clock == "number":
        at = rma.documents_validated_at
        return at.astimezone(ZoneInfo(timezone)).date() if at else None
    if rma.received_on is not None:
        return rma.received_on
    return rma.received_at.astimezone(ZoneInfo(timezone)).date() if rma.received_at else None


def _store_due(uow: UnitOfWork, rma_id: int, clock: str, due: RmaDue, now: datetime) -> None:
    if clock == "number":
        uow.rmas.set_number_due(rma_id, due, now)
    else:
        uow.rmas.set_repair_due(rma_id, due, now)


# --- the desk ends a wait by hand -------------------------------------------------------

ENDING_ROLES = (Role.AGENT, Role.TECHNICIAN, Role.ADMIN)


def end_wait(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    wait: str,
    now: datetime,
) -> list[ClockPause]:
    """Staff record that what the desk waited for came (documents by post, a certificate
    shown at the counter): the wait's clocks run again, their due dates moved.

    ``InvalidInput`` naming ``wait`` for an unknown one; ``Conflict`` when the RMA is not
    waiting for it; ``PermissionDenied`` for anyone but staff.
    """
    checked_setting(wait, ())
    if actor.role not in ENDING_ROLES:
        raise PermissionDenied(f"a {actor.role} does not end the desk's waits")
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        ended = resume_clocks(uow, book, rma, wait, actor, now)
        if not ended:
            label = rma.number or f"#{rma.id}"
            raise Conflict(f"RMA {label} is not waiting for {wait}: no clock is paused for it")
        return [p for p in uow.rmas.pauses(rma.id) if p.id in {e.id for e in ended}]


# --- each centre's setting --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PauseSettings:
    """Which clocks each wait pauses at one service centre (of one brand's policy)."""

    brand: str
    centre: str
    clocks: Mapping[str, tuple[str, ...]]


def _centre(book: PolicyBook, brand: str, centre: str) -> tuple[str, str]:
    """(brand, centre id) as the brand's policy in force spells them; ``NotFound`` naming
    its centres when it has no such centre."""
    policy = policy_for(book, brand)
    found = centre_named(policy, centre.strip())
    if found is None:
        known = ", ".join(c.id for c in centres(policy)) or "none"
        raise NotFound(
            f"the {policy.brand} policy has no service centre {centre!r} (its centres: {known})"
        )
    return policy.brand, found.id


def pause_settings(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, actor: Actor, brand: str, centre: str
) -> PauseSettings:
    """The centre's setting (the maker's staff read it); ``NotFound`` for a centre the
    brand's policy does not name."""
    if not actor.is_staff:
        raise PermissionDenied("a service centre's settings are for the maker's staff")
    brand, centre = _centre(book, brand, centre)
    with uow_factory(read_only=True) as uow:
        return PauseSettings(brand, centre, uow.rmas.pause_settings(brand, centre))


def set_pause_settings(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    brand: str,
    centre: str,
    clocks: Mapping[str, list[str] | tuple[str, ...]],
    now: datetime,
) -> PauseSettings:
    """An admin sets which clocks each wait named in ``clocks`` pauses at the centre (an
    empty list: that wait pauses nothing); waits not named keep their setting. Pauses
    already begun stay as they are; the setting applies to waits begun after it. Audited
    on the centre (``service_centre.clock_pauses_set``: the waits changed, before and
    after); a setting that changes nothing records nothing.

    ``InvalidInput`` naming the field for an unknown wait or clock, or for no wait at all;
    ``NotFound`` for a centre the brand's policy does not name; ``PermissionDenied`` for
    anyone but an admin.
    """
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only an admin sets a service centre's clocks")
    if not clocks:
        message = f"name at least one wait; waits: {', '.join(WAITS)}"
        raise InvalidInput(message, [Problem(message, "clocks")])
    checked = {wait: checked_setting(wait, list(paused)) for wait, paused in clocks.items()}
    brand, centre = _centre(book, brand, centre)
    with uow_factory() as uow:
        before = uow.rmas.pause_settings(brand, centre)
        uow.rmas.set_pause_settings(brand, centre, checked, actor.label, now)
        after = uow.rmas.pause_settings(brand, centre)
        changed = [wait for wait in WAITS if before[wait] != after[wait]]
        if changed:  # setting what is set already changes nothing, and records nothing
            record(
                uow,
                actor,
                now,
                Subject(SubjectKind.SERVICE_CENTRE, f"{brand}/{centre}"),
                Action.SERVICE_CENTRE_CLOCK_PAUSES_SET,
                before={wait: list(before[wait]) for wait in changed},
                after={wait: list(after[wait]) for wait in changed},
            )
        return PauseSettings(brand, centre, after)
