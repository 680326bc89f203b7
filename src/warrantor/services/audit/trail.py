"""Reading the audit trail (warranty admins): per object, per person, or all, newest first, paged.

The entry points (``warrantor audit``, ``GET /api/v1/audit``, ``/admin/audit``)
all call ``read_trail``. Pages are cut by a cursor, not an offset: ``before``
is the id of the last row of the previous page, so reading page 1,000 costs
what reading page 1 does, and rows written meanwhile never shift a page.
An RMA's timeline stays the customer's story; this is the staff's record.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, SubjectKind
from warrantor.domain.units import normalize_serial
from warrantor.errors import InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.audit import AuditRecord, TrailFilter

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class TrailQuery:
    """Which rows to read; ``None`` means "any"."""

    kind: str | None = None
    """The kind of object (``unit``, ``price_list``, ``user``, ...)."""
    object_id: str | None = None
    """The object (``QNAP/Q123``, a price list's id, ...); needs ``kind``."""
    person: str | None = None
    """The e-mail of the user who made the changes."""
    action: str | None = None
    back_dated: bool = False
    """Only changes that record a fact dated before the day they were recorded."""
    run: str | None = None
    """Only the rows one action wrote together (an import run and its units)."""
    before: int | None = None
    """The cursor: only rows older than this id (``next_before`` of the previous page)."""
    limit: int = 50


@dataclass(frozen=True, slots=True)
class TrailPage:
    events: list[AuditRecord]
    next_before: int | None
    """The cursor of the next, older page; ``None`` when this is the last."""


def read_trail(uow_factory: UnitOfWorkFactory, actor: Actor, query: TrailQuery) -> TrailPage:
    """The rows ``query`` names, newest first; ``InvalidInput`` names a field that is wrong."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only a warranty admin may read the audit trail")
    kind = _checked(query)
    with uow_factory(read_only=True) as uow:
        wanted = TrailFilter(
            subject_kind=kind.value if kind else None,
            subject_id=_object_id(uow, kind, query.object_id),
            actor_user_id=_person(uow, query.person),
            action=query.action.strip() if query.action else None,
            back_dated=query.back_dated,
            run=query.run.strip() if query.run else None,
            before_id=query.before,
            limit=query.limit + 1,
        )
        rows = uow.audit.page(wanted)
    events = rows[: query.limit]
    return TrailPage(events, events[-1].id if len(rows) > query.limit else None)


def _checked(query: TrailQuery) -> SubjectKind | None:
    problems: list[Problem] = []
    kind = None
    if query.kind:
        kind = next((k for k in SubjectKind if k.value == query.kind.strip().lower()), None)
        if kind is None:
            known = ", ".join(k.value for k in SubjectKind)
            problems.append(Problem(f"unknown kind {query.kind!r}; known: {known}", "kind"))
    if query.object_id and not query.kind:
        problems.append(Problem("name the kind of object too (e.g. unit)", "id"))
    if query.action and query.action.strip() not in {a.value for a in Action}:
        known = ", ".join(a.value for a in Action)
        problems.append(Problem(f"unknown action {query.action!r}; known: {known}", "action"))
    if not 1 <= query.limit <= MAX_PAGE:
        problems.append(Problem(f"must be 1 to {MAX_PAGE}", "limit"))
    if query.before is not None and query.before < 1:
        problems.append(Problem("must be a row id (1 or more)", "before"))
    if problems:
        shown = "; ".join(map(str, problems))
        raise InvalidInput(f"cannot read the audit trail: {shown}", problems)
    return kind


def _object_id(uow: UnitOfWork, kind: SubjectKind | None, raw: str | None) -> str | None:
    """The object id as the trail spells it: a unit's or model's brand as its policy does,
    a serial as stored (``qnap/q123`` finds ``QNAP/Q123``)."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if kind not in (SubjectKind.UNIT, SubjectKind.MODEL) or "/" not in text:
        return text
    brand, _, rest = text.partition("/")
    known = uow.catalogue.brand_named(brand.strip())
    brand = known.name if known else brand.strip()
    if kind is SubjectKind.MODEL:
        return f"{brand}/{' '.join(rest.split())}"
    try:
        return f"{brand}/{normalize_serial(rest)}"
    except ValueError as error:
        raise InvalidInput(f"invalid serial: {error}", [Problem(str(error), "id")]) from None


def _person(uow: UnitOfWork, email: str | None) -> int | None:
    if email is None or not email.strip():
        return None
    wanted = email.strip().lower()
    user = uow.users.by_email(wanted)
    if user is None:
        raise NotFound(f"no user with email {wanted}")
    return user.id
