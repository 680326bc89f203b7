"""What each service calls to record its change: one function per kind of change.

Each takes the service's open unit of work, so the row commits or rolls back
with the change, and builds before and after with ``facts``. A service
calls it right after it writes the change (before it reads the result back).
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, AuditValue, Subject, SubjectKind, back_dated_to
from warrantor.domain.sales import PriceList
from warrantor.domain.units import Unit
from warrantor.services.audit.facts import price_facts, token_facts, unit_facts, user_facts
from warrantor.services.audit.record import record
from warrantor.services.uow import UnitOfWork
from warrantor.store.catalogue import ModelAssignment
from warrantor.store.users import ApiToken, User


def unit_subject(unit: Unit) -> Subject:
    return Subject(SubjectKind.UNIT, f"{unit.brand}/{unit.serial}")


def unit_changed(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    before: Unit | None,
    after: Unit,
    *,
    action: Action | None = None,
    why: str = "",
) -> int | None:
    """A unit added (``before`` is ``None``) or whose facts changed; ``None`` when none did.

    Back-dated to the earliest date it sets that lies before today (a purchase
    date in the past starts a term in the past)."""
    old = unit_facts(before) if before is not None else None
    new = unit_facts(after)
    if old == new:
        return None
    dates = ("manufactured_on", "first_invoiced_on", "purchased_on")
    set_days = [getattr(after, name) for name in dates if old is None or old[name] != new[name]]
    return record(
        uow,
        actor,
        now,
        unit_subject(after),
        action or (Action.UNIT_ADDED if before is None else Action.UNIT_CHANGED),
        before=old,
        after=new,
        why=why,
        back_dated_to=back_dated_to(now.date(), *set_days),
    )


def unit_voided(
    uow: UnitOfWork, actor: Actor, now: datetime, unit: Unit, finding: str, *, rma: str, why: str
) -> int:
    """A finding that voids the unit itself recorded on it (by an RMA's inspection)."""
    return record(
        uow,
        actor,
        now,
        unit_subject(unit),
        Action.UNIT_VOIDED,
        before={"voiding_findings": list(unit.voiding_findings)},
        after={"voiding_findings": [*unit.voiding_findings, finding], "rma": rma},
        why=why,
    )


def model_placed(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    brand: str,
    model: str,
    line_before: str | None,
    line_after: str,
) -> int | None:
    """A model a person named, added to (or moved to) a product line; ``None`` if it stayed."""
    if line_before == line_after:
        return None
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.MODEL, f"{brand}/{model}"),
        Action.MODEL_PLACED,
        before={"product_line": line_before} if line_before is not None else None,
        after={"product_line": line_after},
    )


def model_assigned(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    before: ModelAssignment | None,
    after: ModelAssignment,
    why: str,
) -> int:
    """An admin's assignment of a model no policy places: its line and version, before and
    after, and the reason (a personal value: free text)."""

    def facts(found: ModelAssignment) -> dict[str, AuditValue]:
        return {"product_line": found.product_line, "version": found.version}

    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.MODEL, f"{after.brand}/{after.model}"),
        Action.MODEL_ASSIGNED,
        before=facts(before) if before is not None else None,
        after=facts(after),
        why=why,
    )


def price_added(uow: UnitOfWork, actor: Actor, now: datetime, price: PriceList) -> int:
    """A price list added; back-dated when its first (or last) day is before today."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.PRICE_LIST, str(price.id)),
        Action.PRICE_LIST_ADDED,
        after=price_facts(price),
        back_dated_to=back_dated_to(now.date(), price.valid_from, price.valid_until),
    )


def price_changed(
    uow: UnitOfWork, actor: Actor, now: datetime, before: PriceList, after: PriceList
) -> int:
    """A price list withdrawn, or ended on a day (back-dated when that day is past)."""
    ended = after.valid_until != before.valid_until
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.PRICE_LIST, str(after.id)),
        Action.PRICE_LIST_ENDED if ended else Action.PRICE_LIST_RETIRED,
        before=price_facts(before),
        after=price_facts(after),
        back_dated_to=back_dated_to(now.date(), after.valid_until) if ended else None,
    )


def user_created(uow: UnitOfWork, actor: Actor, now: datetime, user: User) -> int:
    """A user added: role, account, and their e-mail and name as personal values."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.USER, str(user.id)),
        Action.USER_CREATED,
        after=user_facts(user, with_identity=True),
    )


def user_changed(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    before: User,
    after: User,
    action: Action,
    why: str = "",
) -> int:
    """A user's role changed, or the user deactivated or reactivated."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.USER, str(after.id)),
        action,
        before=user_facts(before),
        after=user_facts(after),
        why=why,
    )


def token_changed(
    uow: UnitOfWork, actor: Actor, now: datetime, before: ApiToken | None, after: ApiToken
) -> int:
    """An API token made (``before`` is ``None``) or revoked."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.API_TOKEN, str(after.id)),
        Action.API_TOKEN_CREATED if before is None else Action.API_TOKEN_REVOKED,
        before=token_facts(before) if before is not None else None,
        after=token_facts(after),
    )


def certificate_revoked(
    uow: UnitOfWork, actor: Actor, now: datetime, number: str, reason: str
) -> int:
    """A certificate revoked (on its own, or replaced by a reissued one): why is the reason."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.CERTIFICATE, number),
        Action.CERTIFICATE_REVOKED,
        before={"revoked": False},
        after={"revoked": True},
        why=reason,
    )
