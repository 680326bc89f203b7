"""Use cases: who works on an RMA (issue #23, item 4).

An open RMA is assigned to one agent or technician, or to nobody: then it
waits in its service centre's unassigned queue. Who may change it:

- a lead (an admin; the CLI's operator) assigns, reassigns or unassigns any open RMA;
- an agent or technician takes an unassigned RMA for themselves, and puts
  back one assigned to them; taking one from a colleague is a lead's call.

Each change writes a line on the RMA's timeline (event ``assign`` or
``unassign``, the state unchanged) and an audit row (``rma.assigned``, before
and after by user id), in the same transaction. Each person's "my queue" is
``RmaQuery(assignee_user_id=..., states=OPEN_STATES)``, what is due first
first; ``workload`` counts each person's open RMAs and each centre's
unassigned ones, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.domain.rma import OPEN_STATES, Rma, RmaTransition
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem, Said
from warrantor.services.audit.record import record
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.timeline_reasons import (
    ASSIGNED,
    ASSIGNED_WHY,
    UNASSIGNED,
    UNASSIGNED_WHY,
)
from warrantor.services.uow import UnitOfWorkFactory

ASSIGNABLE_ROLES = frozenset({Role.AGENT.value, Role.TECHNICIAN.value})
"""Who an RMA can be assigned to."""


def assign_rma(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    rma_ref: str | int,
    assignee_email: str | None,
    reason: str,
    now: datetime,
) -> Rma:
    """Assign the open RMA to the agent or technician with ``assignee_email`` (``None``:
    back to its centre's unassigned queue) and return it; unchanged if it already is.

    ``PermissionDenied`` outside the rules of the module; ``InvalidInput`` naming
    ``assignee`` for no such active agent or technician; ``Conflict`` for an RMA that
    has ended."""
    if not actor.is_staff:
        raise PermissionDenied("only the maker's staff assign RMAs")
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        rma = uow.rmas.get_for_update(rma.id) or rma
        if rma.state not in OPEN_STATES:
            raise Conflict(f"RMA {rma.number or rma.id} has ended ({rma.state}): none to assign")
        target_id: int | None = None
        target_name = ""
        if assignee_email is not None:
            user = uow.users.by_email(assignee_email.strip())
            if user is None or not user.active or user.role not in ASSIGNABLE_ROLES:
                message = f"no active agent or technician with the e-mail {assignee_email!r}"
                raise InvalidInput(message, [Problem(message, "assignee")])
            target_id, target_name = user.id, user.name
        _may_assign(actor, rma.assignee_user_id, target_id)
        if rma.assignee_user_id == target_id:
            return rma
        uow.rmas.set_assignee(rma.id, target_id, now)
        why = reason.strip()
        uow.rmas.add_transition(
            RmaTransition(
                rma_id=rma.id,
                event="assign" if target_id is not None else "unassign",
                from_state=rma.state,
                to_state=rma.state,
                actor=actor.label,
                actor_user_id=actor.user_id,
                reason=_assigned(target_name, why),
                at=now,
            )
        )
        record(
            uow,
            actor,
            now,
            Subject(SubjectKind.RMA, str(rma.id)),
            Action.RMA_ASSIGNED,
            before={"assignee_user_id": rma.assignee_user_id},
            after={"assignee_user_id": target_id},
            why=why,
        )
        changed = uow.rmas.get(rma.id)
        assert changed is not None
        return changed


def _may_assign(actor: Actor, current: int | None, target: int | None) -> None:
    """``PermissionDenied`` unless ``actor`` may move the RMA from ``current`` to ``target``."""
    if actor.role is Role.ADMIN:
        return  # a lead
    me = actor.user_id
    if target is not None and target != me:
        raise PermissionDenied("only a lead assigns an RMA to someone else; take it yourself")
    if current is not None and current != me:
        raise PermissionDenied("the RMA is assigned to a colleague: a lead reassigns it")


def assignee_id(uow_factory: UnitOfWorkFactory, email: str) -> int:
    """The user id of the agent or technician with ``email`` (for a list of their queue);
    ``InvalidInput`` naming ``assignee`` if there is none."""
    with uow_factory() as uow:
        user = uow.users.by_email(email.strip())
    if user is None or user.role not in ASSIGNABLE_ROLES:
        message = f"no agent or technician with the e-mail {email!r}"
        raise InvalidInput(message, [Problem(message, "assignee")])
    return user.id


@dataclass(frozen=True, slots=True)
class Load:
    """Open RMAs of one person (``user_id``) or of one centre's unassigned queue."""

    user_id: int | None
    """``None``: the unassigned queue of ``service_point``."""
    name: str
    service_point: str | None
    """The centre, for an unassigned queue; ``None`` for a person (all centres)."""
    rmas: int


def workload(uow_factory: UnitOfWorkFactory, actor: Actor) -> list[Load]:
    """Each person's open RMAs (by name) and each centre's unassigned ones, counted
    exactly; staff only."""
    if not actor.is_staff:
        raise PermissionDenied("the desk's workload is for the maker's staff")
    with uow_factory() as uow:
        counts = uow.rmas.assignee_counts(OPEN_STATES)
        people: dict[int, int] = {}
        queues: list[Load] = []
        for user_id, point, n in counts:
            if user_id is None:
                queues.append(Load(None, "unassigned", point, n))
            else:
                people[user_id] = people.get(user_id, 0) + n
        named = []
        for user_id, n in people.items():
            user = uow.users.by_id(user_id)
            named.append(Load(user_id, user.name if user else f"user {user_id}", None, n))
    return sorted(named, key=lambda load: load.name) + queues


def _assigned(target_name: str, why: str) -> Said:
    """The timeline's reason of an assignment: to whom (none: the unassigned queue), why."""
    if target_name:
        return (
            Said(ASSIGNED_WHY, who=target_name, why=why) if why else Said(ASSIGNED, who=target_name)
        )
    return Said(UNASSIGNED_WHY, why=why) if why else Said(UNASSIGNED)
