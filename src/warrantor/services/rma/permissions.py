"""Use case: record the maker's written permission on a unit or an RMA (issue 19, item 4).

Netac excludes a product "transformed, assembled, disassembled and repaired"
"without the written permission of Netac". Staff record such a permission:
who at the maker granted it, on which day, what was permitted, and the letter
where there is one; on the RMA (that claim) or on the unit (every claim on
it). Every decision then honours it, wherever it is asked (desk, API, pages):
the claim's facts carry the permitted findings (``decision.claim_facts``).
Only a finding the policy lets the maker permit is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, Personal
from warrantor.domain.workshop import WrittenPermission
from warrantor.errors import Conflict, InvalidInput, PermissionDenied, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.workshop_policy import permissible_findings
from warrantor.services.audit.changes import unit_subject
from warrantor.services.audit.record import record
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.workshop_common import rma_label, rma_unit
from warrantor.services.uow import UnitOfWorkFactory

MAX_ATTACHMENT_BYTES = 5_000_000
"""A scanned letter, not an archive."""


@dataclass(frozen=True, slots=True)
class PermissionInput:
    """A written permission as staff enter it."""

    finding: str
    granted_by: str
    granted_on: date
    permitted: str
    on_unit: bool = False
    """Recorded on the unit (every claim on it) instead of this RMA (this claim)."""
    attachment_name: str | None = None
    attachment: bytes | None = None


def record_permission(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    rma_ref: str | int,
    given: PermissionInput,
    now: datetime,
) -> WrittenPermission:
    """Record ``given`` on the RMA (or its unit); staff only, on an RMA still open.

    ``InvalidInput`` naming each field that is wrong: a finding the policy gives no
    written permission for (the allowed ones listed), an empty grantor or text, a day
    after today, a letter too large.
    """
    if not actor.is_staff:
        raise PermissionDenied("only staff record the maker's written permission")
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        if rma.is_final:
            raise Conflict(f"RMA {rma_label(rma)} is {rma.state}: it takes no more records")
        unit, unit_id = rma_unit(uow, rma)
        allowed = permissible_findings(book.judging(unit))
        _check(given, allowed, now.date(), unit.brand)
        permission_id = uow.workshop.add_permission(
            unit_id=unit_id,
            rma_id=None if given.on_unit else rma.id,
            finding=given.finding,
            granted_by=given.granted_by.strip(),
            granted_on=given.granted_on,
            permitted=given.permitted.strip(),
            attachment_name=given.attachment_name if given.attachment else None,
            attachment=given.attachment or None,
            by=actor.label,
            now=now,
        )
        record(
            uow,
            actor,
            now,
            unit_subject(unit),
            Action.UNIT_PERMITTED,
            after={
                "finding": given.finding,
                "granted_by": Personal(given.granted_by.strip()),
                "granted_on": given.granted_on,
                "permitted": Personal(given.permitted.strip()),
                "rma": None if given.on_unit else rma_label(rma),
                "attachment": given.attachment_name if given.attachment else None,
            },
        )
        (found,) = [
            p for p in uow.workshop.permissions_for_claim(unit_id, rma.id) if p.id == permission_id
        ]
        return found


def _check(given: PermissionInput, allowed: tuple[str, ...], today: date, brand: str) -> None:
    problems: list[Problem] = []
    if given.finding not in allowed:
        shown = ", ".join(allowed) or "none"
        problems.append(
            Problem(f"the {brand} policy takes written permission only for: {shown}", "finding")
        )
    if not given.granted_by.strip():
        problems.append(Problem("say who at the maker granted it", "granted_by"))
    if not given.permitted.strip():
        problems.append(Problem("say what was permitted", "permitted"))
    if given.granted_on > today:
        problems.append(Problem("is after today", "granted_on"))
    if given.attachment is not None and len(given.attachment) > MAX_ATTACHMENT_BYTES:
        problems.append(Problem(f"is larger than {MAX_ATTACHMENT_BYTES} bytes", "attachment"))
    if problems:
        raise InvalidInput("invalid written permission", problems)


def claim_permissions(
    uow_factory: UnitOfWorkFactory, actor: Actor, rma_ref: str | int
) -> tuple[WrittenPermission, ...]:
    """The permissions a claim on the RMA stands on (its own and its unit's)."""
    with uow_factory() as uow:
        rma = visible_rma(uow, actor, rma_ref)
        _, unit_id = rma_unit(uow, rma)
        return uow.workshop.permissions_for_claim(unit_id, rma.id)
