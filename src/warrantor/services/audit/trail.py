"""Reading the audit trail (warranty admins): per object, per person, or all, newest first, paged.

The entry points (``warrantor audit``, ``GET /api/v1/audit``, ``/admin/audit``)
all call ``read_trail``. Pages are cut by a cursor, not an offset (issue #23, the
one cursor encoding of every list, ``services.paging``: the list ``audit`` and
the id of the last row shown), so reading page 1,000 costs what reading page 1
does, and rows written meanwhile never shift a page. Not counted: the trail is
a full-table list.
An RMA's timeline stays the customer's story; this is the staff's record.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action, SubjectKind
from warrantor.domain.units import normalize_serial
from warrantor.errors import InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.services.paging import KeyValue, Page, read_page
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
    cursor: str | None = None
    """Where the page starts: the ``next_cursor`` of the previous page."""
    limit: int = 50


AUDIT_LIST = "audit"
"""The trail's name in its page cursors (key: the row's id, newest first)."""


def read_trail(
    uow_factory: UnitOfWorkFactory, actor: Actor, query: TrailQuery
) -> Page[AuditRecord]:
    """A page of the rows ``query`` names, newest first; ``InvalidInput`` names a field that
    is wrong (``cursor`` for one this list did not hand out)."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only a warranty admin may read the audit trail")
    kind = _checked(query)
    with uow_factory(read_only=True) as uow:

        def rows(after: tuple[KeyValue, ...] | None, most: int) -> list[AuditRecord]:
            wanted = TrailFilter(
                subject_kind=kind.value if kind else None,
                subject_id=_object_id(uow, kind, query.object_id),
                actor_user_id=_person(uow, query.person),
                action=query.action.strip() if query.action else None,
                back_dated=query.back_dated,
                run=query.run.strip() if query.run else None,
                before_id=int(after[0]) if after and isinstance(after[0], int) else None,
                limit=most,
            )
            return uow.audit.page(wanted)

        return read_page(
            query.limit, query.cursor, AUDIT_LIST, (int,), rows, lambda r: (r.id,), most=MAX_PAGE
        )


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
