"""Moving an RMA through its machine, and flagging it for a person (issue #5).

Every state change of an RMA, desk or workshop, goes through ``apply_event``
inside the caller's unit of work: it reads the RMA with its row locked, asks
the machine (``domain.rma.rma_step``) where the event leads, checks the
actor's role (``domain.rma.may_send``), stores the new state only if the RMA
is still where it was read, and stores the transition (who, when, from, to,
why). A refused event raises before anything is written.

"Flagged for a person" is not a state: ``flag_for_person`` sets
``needs_attention`` and a reason (e.g. a SMART upload that can't be read);
``clear_flag`` clears it. Both are stored on the timeline as notes.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma, RmaTransition, may_send, rma_step
from warrantor.errors import N_, Conflict, NotFound, PermissionDenied, Said
from warrantor.services.rma.timeline_reasons import NEEDS_A_PERSON
from warrantor.services.uow import UnitOfWork


def locked_rma(uow: UnitOfWork, rma_id: int) -> Rma:
    """The RMA with its row locked for this transaction; ``NotFound`` when there is none."""
    rma = uow.rmas.get_for_update(rma_id)
    if rma is None:
        raise NotFound(f"no RMA #{rma_id}")
    return rma


MAY_NOT_SEND = N_("a %(role)s may not %(event)s an RMA")
"""An event the actor's role may not send (the event by its code, in words)."""
CHANGED_MEANWHILE = N_("RMA %(rma)s changed meanwhile; try again")


def apply_event(
    uow: UnitOfWork, rma_id: int, event: str, actor: Actor, reason: str, now: datetime
) -> str:
    """Send ``event`` to RMA ``rma_id`` for ``actor``; returns the new state.

    ``Conflict`` (naming state and event) for an event the state does not
    allow or whose guard fails; ``PermissionDenied`` when the actor's role may
    not send it. Visibility (someone else's RMA is ``NotFound``) is the
    caller's to check first, with ``rma_access.visible_rma``.
    """
    rma = locked_rma(uow, rma_id)
    step = rma_step(rma, event)
    if not may_send(actor, rma, event):
        role, doing = Said(actor.role.value), event.replace("_", " ")
        raise PermissionDenied(Said(MAY_NOT_SEND, role=role, event=doing))
    if not uow.rmas.set_state(rma_id, step, now):
        raise Conflict(Said(CHANGED_MEANWHILE, rma=rma.number or str(rma_id)))
    uow.rmas.add_transition(
        RmaTransition(
            rma_id=rma_id,
            event=event,
            from_state=step.from_state,
            to_state=step.to_state,
            actor=actor.label,
            actor_user_id=actor.user_id,
            reason=reason.strip(),
            at=now,
        )
    )
    return step.to_state


def flag_for_person(uow: UnitOfWork, rma_id: int, reason: str, actor: Actor, now: datetime) -> None:
    """Mark the RMA as needing a person, with why; its state does not change."""
    locked_rma(uow, rma_id)
    uow.rmas.set_attention(rma_id, reason.strip() or NEEDS_A_PERSON, now)
    uow.rmas.add_note(rma_id, f"flagged for a person: {reason.strip()}", actor.label, now)


def clear_flag(uow: UnitOfWork, rma_id: int, actor: Actor, now: datetime, note: str = "") -> None:
    """Clear the RMA's flag (staff, once a person has looked at it)."""
    if not actor.is_staff:
        raise PermissionDenied("only staff clear an RMA's flag")
    rma = locked_rma(uow, rma_id)
    if not rma.needs_attention:
        raise Conflict(f"RMA {rma.number or rma_id} is not flagged")
    uow.rmas.set_attention(rma_id, None, now)
    uow.rmas.add_note(rma_id, f"flag cleared: {note.strip() or 'seen'}", actor.label, now)


def timeline(uow: UnitOfWork, rma_id: int) -> list[RmaTransition]:
    """The RMA's transitions, in the order they happened."""
    return uow.rmas.timeline(rma_id)
