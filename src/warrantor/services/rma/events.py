"""Use cases: the RMA events that carry nothing but a reason (issue #5).

Starting remote troubleshooting, skipping it (an agent, with a reason, where
the policy puts it first: issue 19), resolving the case remotely (no RMA number
needed), cancelling (the customer or the dealer who opened it, before the
unit is received; or the desk), rejecting (the desk or the workshop, in any
state before shipping: ``rejection``), and closing a shipped RMA. Events with data of their own go
through their own use case (documents, numbers, receiving, shipping, and
the workshop's).

Also here: troubleshooting notes, which an agent adds while the case is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.domain.rma import Rma
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.rma_desk import policy_for
from warrantor.policy.rma_refusals import troubleshooting_skip
from warrantor.services.audit.record import record
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.notices import tell_after_event
from warrantor.services.rma.refusals import enforce
from warrantor.services.rma.rejection import reject_rma
from warrantor.services.rma.timeline_reasons import EVENT_WORDS
from warrantor.services.rma.transitions import apply_event, clear_flag
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory

PLAIN_EVENTS = (
    "start_troubleshooting",
    "skip_troubleshooting",
    "resolve_remotely",
    "cancel",
    "reject",
    "close",
)
"""Events sent through ``send_event``."""

REASON_REQUIRED = frozenset({"skip_troubleshooting", "resolve_remotely", "cancel", "reject"})
"""Events that end a case or skip a step the policy puts first: the timeline must say why."""

NOTE_ROLES = frozenset({Role.AGENT, Role.ADMIN, Role.TECHNICIAN})


def send_event(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    rma_ref: str | int,
    event: str,
    reason: str,
    now: datetime,
    rejected_units: Mapping[str, str] | None = None,
    book: PolicyBook | None = None,
) -> Rma:
    """Send one of ``PLAIN_EVENTS`` to the RMA; returns it as it now stands.

    ``reject`` works in any state before shipping: a unit in hand is returned or retained
    by the brand's setting (``rejected_units``), and the customer is told why
    (``rejection.reject_rma``). ``skip_troubleshooting`` asks the brand's policy (``book``)
    whether it puts troubleshooting first; elsewhere there is nothing to skip (``Refused``)."""
    if event not in PLAIN_EVENTS:
        message = f"{event!r} is not sent this way; plain events: {', '.join(PLAIN_EVENTS)}"
        raise InvalidInput(message, [Problem(message, "event")])
    if event in REASON_REQUIRED and not reason.strip():
        raise InvalidInput(
            f"say why ({event.replace('_', ' ')})", [Problem("a reason is needed", "reason")]
        )
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if event == "reject":
            reject_rma(uow, rma, actor, reason, now, rejected_units)
        elif event == "skip_troubleshooting":
            if book is None:
                raise ValueError("skip_troubleshooting needs the policy book (a caller's bug)")
            enforce(troubleshooting_skip(policy_for(book, rma.brand)))
            _skip_troubleshooting(uow, rma, actor, reason.strip(), now)
        else:
            why = reason.strip() or EVENT_WORDS.get(event, event.replace("_", " "))
            apply_event(uow, rma.id, event, actor, why, now)
            tell_after_event(uow, rma, event, why, now)
        if event == "close":
            uow.rmas.record_closed(rma.id, now)
        updated = uow.rmas.get(rma.id)
        assert updated is not None
        return updated


def _skip_troubleshooting(uow: UnitOfWork, rma: Rma, actor: Actor, why: str, now: datetime) -> None:
    """An agent skips the troubleshooting the policy puts first (issue 19): a step on the
    timeline (the RMA stays requested, its documents may then be validated) and an audit row,
    both with the reason."""
    apply_event(uow, rma.id, "skip_troubleshooting", actor, why, now)
    record(
        uow,
        actor,
        now,
        Subject(SubjectKind.RMA, str(rma.id)),
        Action.RMA_TROUBLESHOOTING_SKIPPED,
        before={"state": rma.state},
        after={"state": rma.state, "troubleshooting": "skipped"},
        why=why,
    )


def add_note(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int, text: str, now: datetime
) -> None:
    """Add a troubleshooting (or desk) note to an open RMA."""
    if actor.role not in NOTE_ROLES:
        raise PermissionDenied(f"a {actor.role} does not write desk notes")
    if not text.strip():
        raise InvalidInput("the note is empty", [Problem("write something", "text")])
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if rma.is_final:
            raise Conflict(f"RMA {rma.number or f'#{rma.id}'} is {rma.state}: it takes no notes")
        uow.rmas.add_note(rma.id, text.strip(), actor.label, now)


def clear_rma_flag(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int, note: str, now: datetime
) -> Rma:
    """Clear the RMA's "needs a person" flag once staff have looked at it."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        clear_flag(uow, rma.id, actor, now, note)
        cleared = uow.rmas.get(rma.id)
        assert cleared is not None
        return cleared
