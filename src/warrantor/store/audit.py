"""Repository: the audit trail (append-only) and the personal values its rows refer to.

The one module that writes ``audit_events``, and only by INSERT: one row
(``add``) or many from a query (``add_from_select``, the import's set-based
path). It never updates or deletes one; a test reads the source to hold that,
and the migration's triggers refuse it in the database too.

Personal values go to ``personal_values`` (``add_personal``, or in bulk
``add_personal_from_select``); a row's JSON refers to one as
``{"$personal": id}``. Reading (``page``) puts the values back, or
``[erased]`` once an erasure has pseudonymised one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Row,
    Select,
    func,
    insert,
    literal_column,
    select,
)

from warrantor.store.tables_audit import audit_events, personal_values
from warrantor.store.tables_auth import users

PERSONAL_REF = "$personal"
"""The key of a reference to a personal value inside an audit row's JSON."""

ERASED = "[erased]"
"""What a personal value reads as once an erasure has pseudonymised it."""

ROW_COLUMNS = tuple(column.name for column in audit_events.columns if column.name != "id")
"""The columns a query given to ``add_from_select`` yields, in this order."""

PERSONAL_COLUMNS = tuple(
    column.name for column in personal_values.columns if column.name != "erased_at"
)
"""The columns a query given to ``add_personal_from_select`` yields (``id`` first)."""


@dataclass(frozen=True, slots=True)
class NewAuditRow:
    """An audit row to store; ``before``/``after`` hold JSON with personal values as refs."""

    recorded_at: datetime
    actor_label: str
    actor_role: str
    actor_user_id: int | None
    subject_kind: str
    subject_id: str
    action: str
    before: Any
    after: Any
    why_value_id: int | None = None
    back_dated_to: date | None = None
    run: str | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """An audit row as read, with its personal values put back (or ``[erased]``)."""

    id: int
    recorded_at: datetime
    actor_label: str
    actor_role: str
    actor_user_id: int | None
    actor_name: str | None
    """The user's name as ``users`` holds it now (``None`` for the CLI or the server)."""
    subject_kind: str
    subject_id: str
    action: str
    before: Any
    after: Any
    why: str
    back_dated_to: date | None
    run: str | None


@dataclass(frozen=True, slots=True)
class TrailFilter:
    """Which rows ``page`` reads; ``None`` means "any". Newest first, ``limit`` at most."""

    subject_kind: str | None = None
    subject_id: str | None = None
    actor_user_id: int | None = None
    action: str | None = None
    back_dated: bool = False
    run: str | None = None
    before_id: int | None = None
    """Only rows older than this one (the cursor of the next page)."""
    limit: int = 50


class AuditRepository:
    """Appends to and reads the audit trail on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"

    # --- writing ------------------------------------------------------------------------

    def add_personal(
        self,
        value: str,
        kind: str,
        account_code: str | None,
        subject_kind: str,
        subject_id: str,
        now: datetime,
    ) -> int:
        """Keep one personal value; returns the id an audit row refers to it by."""
        new_id: int = self._connection.execute(
            insert(personal_values)
            .values(
                kind=kind,
                value=value,
                account_code=account_code,
                subject_kind=subject_kind,
                subject_id=subject_id,
                recorded_at=now,
            )
            .returning(personal_values.c.id)
        ).scalar_one()
        return new_id

    def add(self, row: NewAuditRow) -> int:
        """Append one audit row; returns its id."""
        new_id: int = self._connection.execute(
            insert(audit_events)
            .values(
                recorded_at=row.recorded_at,
                actor_label=row.actor_label,
                actor_role=row.actor_role,
                actor_user_id=row.actor_user_id,
                subject_kind=row.subject_kind,
                subject_id=row.subject_id,
                action=row.action,
                before_values=row.before,
                after_values=row.after,
                why_value_id=row.why_value_id,
                back_dated_to=row.back_dated_to,
                run=row.run,
            )
            .returning(audit_events.c.id)
        ).scalar_one()
        return new_id

    def add_from_select(self, query: Select[Any]) -> int:
        """Append the rows ``query`` yields (columns as ``ROW_COLUMNS``) in one INSERT ... SELECT.

        For bulk paths: the rows are built in the database, never one by one in Python.
        """
        result = self._connection.execute(
            insert(audit_events).from_select(list(ROW_COLUMNS), query),
            execution_options={"preserve_rowcount": True},
        )
        return result.rowcount

    def add_personal_from_select(self, query: Select[Any]) -> int:
        """Keep the personal values ``query`` yields (columns as ``PERSONAL_COLUMNS``, ids
        from ``fresh_personal_id``) in one INSERT ... SELECT."""
        result = self._connection.execute(
            insert(personal_values).from_select(list(PERSONAL_COLUMNS), query),
            execution_options={"preserve_rowcount": True},
        )
        return result.rowcount

    def fresh_personal_id(
        self, rank: ColumnElement[int], per_row: int, slot: int
    ) -> ColumnElement[int]:
        """An SQL expression giving a new personal value id, for ``add_personal_from_select``.

        On PostgreSQL the table's own sequence numbers it (safe beside other
        writers). SQLite has no sequences but one writer at a time, so ids
        follow the largest so far: ``per_row`` ids for the row ranked ``rank``
        (1, 2, ...), this value being number ``slot`` (1 .. ``per_row``).
        """
        if self._postgres:
            return func.nextval(literal_column("'personal_values_id_seq'"), type_=Integer)
        largest = select(func.coalesce(func.max(personal_values.c.id), 0)).scalar_subquery()
        return largest + (rank - 1) * per_row + slot

    def hold(self, key: int) -> None:
        """Until this transaction ends, be the only one holding ``key`` (PostgreSQL advisory
        lock; SQLite lets one writer at a time anyway)."""
        if self._postgres:
            self._connection.execute(select(func.pg_advisory_xact_lock(key)))

    # --- reading ------------------------------------------------------------------------

    def page(self, wanted: TrailFilter) -> list[AuditRecord]:
        """The rows ``wanted`` names, newest first, at most ``wanted.limit``."""
        e = audit_events
        query = (
            select(e, users.c.name.label("actor_name"))
            .outerjoin(users, users.c.id == e.c.actor_user_id)
            .order_by(e.c.id.desc())
            .limit(wanted.limit)
        )
        if wanted.subject_kind is not None:
            query = query.where(e.c.subject_kind == wanted.subject_kind)
        if wanted.subject_id is not None:
            query = query.where(e.c.subject_id == wanted.subject_id)
        if wanted.actor_user_id is not None:
            query = query.where(e.c.actor_user_id == wanted.actor_user_id)
        if wanted.action is not None:
            query = query.where(e.c.action == wanted.action)
        if wanted.back_dated:
            query = query.where(e.c.back_dated_to.is_not(None))
        if wanted.run is not None:
            query = query.where(e.c.run == wanted.run)
        if wanted.before_id is not None:
            query = query.where(e.c.id < wanted.before_id)
        return self._records(self._connection.execute(query).all())

    def latest_per_subject(self, subject_kind: str) -> dict[str, AuditRecord]:
        """The newest row of each object of one kind, by object id (for small kinds: policies)."""
        e = audit_events
        newest = select(func.max(e.c.id)).where(e.c.subject_kind == subject_kind)
        query = (
            select(e, users.c.name.label("actor_name"))
            .outerjoin(users, users.c.id == e.c.actor_user_id)
            .where(e.c.id.in_(newest.group_by(e.c.subject_id)))
        )
        records = self._records(self._connection.execute(query).all())
        return {record.subject_id: record for record in records}

    def _records(self, rows: Sequence[Row[Any]]) -> list[AuditRecord]:
        refs: set[int] = set()
        for row in rows:
            _collect_refs(row.before_values, refs)
            _collect_refs(row.after_values, refs)
            if row.why_value_id is not None:
                refs.add(row.why_value_id)
        values = self._personal(refs)
        return [
            AuditRecord(
                id=row.id,
                recorded_at=row.recorded_at,
                actor_label=row.actor_label,
                actor_role=row.actor_role,
                actor_user_id=row.actor_user_id,
                actor_name=row.actor_name,
                subject_kind=row.subject_kind,
                subject_id=row.subject_id,
                action=row.action,
                before=_resolve(row.before_values, values),
                after=_resolve(row.after_values, values),
                why=values.get(row.why_value_id, "") if row.why_value_id is not None else "",
                back_dated_to=row.back_dated_to,
                run=row.run,
            )
            for row in rows
        ]

    def _personal(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(ids)
        if not wanted:
            return {}
        p = personal_values
        rows = self._connection.execute(
            select(p.c.id, p.c.value, p.c.erased_at).where(p.c.id.in_(wanted))
        )
        return {row.id: ERASED if row.erased_at is not None else row.value for row in rows}


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and PERSONAL_REF in value


def _collect_refs(value: Any, into: set[int]) -> None:
    if _is_ref(value):
        into.add(int(value[PERSONAL_REF]))
    elif isinstance(value, dict):
        for item in value.values():
            _collect_refs(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect_refs(item, into)


def _resolve(value: Any, values: dict[int, str]) -> Any:
    if _is_ref(value):
        return values.get(int(value[PERSONAL_REF]), ERASED)
    if isinstance(value, dict):
        return {key: _resolve(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, values) for item in value]
    return value
