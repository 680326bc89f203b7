"""The import's audit rows, built in the database from the staging table: no loop per unit.

Called after the database checks and before the upsert (``unit_staging``),
or before each chunk's upsert (``unit_load``), inside the import's
transaction. Four statements, whatever the file's (or the chunk's) size:

1. the staged rows that will change a stored unit's facts (``UNIT_FACTS``),
   with the values they replace, go into a temporary table: one INSERT ...
   SELECT joining staging with ``units``;
2. and 3. each proof of purchase those rows hold (free text, so a personal
   value) is kept in ``personal_values``, numbered in the database;
4. one audit row per changed unit, its before and after built as JSON by the
   database, goes in with one INSERT ... SELECT (``AuditRepository.add_from_select``).

Units the import adds have no values before it: the run's own row counts
them (``services.audit.unit_import.record_run``), so a first load of a
million units writes one audit row, and its speed is the import's. Both
engines build the same JSON: dates as ``YYYY-MM-DD``, accounts by code, the
proof as ``{"$personal": id}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    func,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
)

from warrantor.domain.audit import UNIT_FACTS, Action, PersonalKind, SubjectKind
from warrantor.store.audit import AuditRepository
from warrantor.store.tables import UtcDateTime, accounts, brands, models, units
from warrantor.store.unit_staging import staging

_metadata = MetaData()

_DATES = ("manufactured_on", "first_invoiced_on", "purchased_on")
_TEXTS = ("country_of_purchase", "channel")

changes = Table(
    "unit_import_changes",
    _metadata,
    Column("row_no", Integer, nullable=False),
    Column("unit_id", Integer, nullable=False),
    Column("subject_id", Text, nullable=False),
    *(Column(f"{side}_model", Text) for side in ("old", "new")),
    *(Column(f"{side}_{name}", Date) for name in _DATES for side in ("old", "new")),
    *(Column(f"{side}_{name}", Text) for name in _TEXTS for side in ("old", "new")),
    *(Column(f"{side}_first_invoiced_to", Text) for side in ("old", "new")),
    *(Column(f"{side}_owner", Text) for side in ("old", "new")),
    *(Column(f"{side}_proof", Text) for side in ("old", "new")),
    Column("old_proof_ref", Integer),
    Column("new_proof_ref", Integer),
    Column("back_dated_to", Date),
    prefixes=["TEMPORARY"],
)
"""The staged rows that change a stored unit, with the values they replace (this import only)."""


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who the rows name and when (the service fills it from the actor and the clock)."""

    recorded_at: datetime
    actor_label: str
    actor_role: str
    actor_user_id: int | None
    run: str


class UnitImportAudit:
    """Writes the audit rows of one import's unit changes, on the import's connection."""

    def __init__(self, connection: Connection, audit: AuditRepository) -> None:
        self._connection = connection
        self._audit = audit
        self._postgres = connection.dialect.name == "postgresql"

    def record(self, recorder: Recorder, today: date, source: Table = staging) -> int:
        """Audit every stored unit the rows of ``source`` (the staging table, or a chunk of
        it on its way) will change; returns how many rows."""
        _metadata.drop_all(self._connection, checkfirst=True)
        _metadata.create_all(self._connection)
        try:
            self._collect(today, source)
            self._keep_proofs(recorder.recorded_at)
            return self._audit.add_from_select(self._rows(recorder))
        finally:
            _metadata.drop_all(self._connection, checkfirst=True)

    def _collect(self, today: date, source: Table) -> None:
        s, u = source, units
        new_model, old_model = models.alias("new_model"), models.alias("old_model")
        new_invoiced, old_invoiced = accounts.alias("new_invoiced"), accounts.alias("old_invoiced")
        new_owner, old_owner = accounts.alias("new_owner"), accounts.alias("old_owner")
        joined = (
            s.join(brands, brands.c.id == s.c.brand_id)
            .join(new_model, new_model.c.id == s.c.model_id)
            .outerjoin(new_invoiced, new_invoiced.c.code == s.c.first_invoiced_to)
            .outerjoin(new_owner, new_owner.c.code == s.c.owner)
            .join(u, and_(u.c.brand_id == s.c.brand_id, u.c.serial == s.c.serial))
            .outerjoin(old_model, old_model.c.id == u.c.model_id)
            .outerjoin(old_invoiced, old_invoiced.c.id == u.c.first_invoiced_to_id)
            .outerjoin(old_owner, old_owner.c.id == u.c.owner_id)
        )
        differs = {
            "model": u.c.model_id.is_distinct_from(s.c.model_id),
            "first_invoiced_to": u.c.first_invoiced_to_id.is_distinct_from(new_invoiced.c.id),
            "owner": u.c.owner_id.is_distinct_from(new_owner.c.id),
            "proof": u.c.proof_of_purchase.is_distinct_from(s.c.proof_of_purchase),
            **{name: u.c[name].is_distinct_from(s.c[name]) for name in (*_DATES, *_TEXTS)},
        }
        rank = func.row_number().over(order_by=s.c.row_no)
        set_in_past = [case((and_(differs[name], s.c[name] < today), s.c[name])) for name in _DATES]
        values: dict[str, ColumnElement[Any]] = {
            "row_no": s.c.row_no,
            "unit_id": u.c.id,
            "subject_id": brands.c.name + literal("/") + s.c.serial,
            "old_model": old_model.c.name,
            "new_model": new_model.c.name,
            **{f"old_{name}": u.c[name] for name in (*_DATES, *_TEXTS)},
            **{f"new_{name}": s.c[name] for name in (*_DATES, *_TEXTS)},
            "old_first_invoiced_to": old_invoiced.c.code,
            "new_first_invoiced_to": s.c.first_invoiced_to,
            "old_owner": old_owner.c.code,
            "new_owner": s.c.owner,
            "old_proof": u.c.proof_of_purchase,
            "new_proof": s.c.proof_of_purchase,
            "old_proof_ref": case(
                (u.c.proof_of_purchase.is_not(None), self._audit.fresh_personal_id(rank, 2, 1))
            ),
            "new_proof_ref": case(
                (
                    and_(s.c.proof_of_purchase.is_not(None), differs["proof"]),
                    self._audit.fresh_personal_id(rank, 2, 2),
                )
            ),
            "back_dated_to": self._earliest(set_in_past),
        }
        query = select(*values.values()).select_from(joined).where(or_(*differs.values()))
        self._connection.execute(insert(changes).from_select(list(values), query))

    def _earliest(self, days: Sequence[ColumnElement[Any]]) -> ColumnElement[Any]:
        """The earliest non-null day; ``NULL`` when all are (SQLite's min() of a NULL is NULL)."""
        if self._postgres:
            return func.least(*days)
        never = literal("9999-12-31")
        return func.nullif(func.min(*(func.coalesce(day, never) for day in days)), never)

    def _keep_proofs(self, now: datetime) -> None:
        c = changes
        for ref, proof, owner in (
            (c.c.old_proof_ref, c.c.old_proof, c.c.old_owner),
            (c.c.new_proof_ref, c.c.new_proof, c.c.new_owner),
        ):
            self._audit.add_personal_from_select(
                select(
                    ref,
                    literal(PersonalKind.TEXT.value, String),
                    proof,
                    owner,
                    literal(SubjectKind.UNIT.value, String),
                    c.c.subject_id,
                    literal(now, UtcDateTime()),
                ).where(ref.is_not(None))
            )

    def _rows(self, recorder: Recorder) -> Any:
        c = changes
        after_ref = case(
            (c.c.new_proof.is_not(None), func.coalesce(c.c.new_proof_ref, c.c.old_proof_ref))
        )
        return select(
            literal(recorder.recorded_at, UtcDateTime()),
            literal(recorder.actor_label, String),
            literal(recorder.actor_role, String),
            literal(recorder.actor_user_id, Integer),
            literal(SubjectKind.UNIT.value, String),
            c.c.subject_id,
            literal(Action.UNIT_CHANGED.value, String),
            self._facts("old", c.c.old_proof_ref),
            self._facts("new", after_ref),
            null(),
            c.c.back_dated_to,
            literal(recorder.run, String),
        ).order_by(c.c.row_no)

    def _facts(self, side: str, proof_ref: ColumnElement[Any]) -> ColumnElement[Any]:
        """One side's values as a JSON object with the keys of ``UNIT_FACTS``."""
        c = changes.c
        columns: dict[str, ColumnElement[Any]] = {
            "model": c[f"{side}_model"],
            **{name: c[f"{side}_{name}"] for name in (*_DATES, *_TEXTS)},
            "first_invoiced_to": c[f"{side}_first_invoiced_to"],
            "owner": c[f"{side}_owner"],
            "proof_of_purchase": case(
                (proof_ref.is_not(None), self._json_object([("$personal", proof_ref)]))
            ),
        }
        return self._json_object([(name, columns[name]) for name in UNIT_FACTS])

    def _json_object(self, pairs: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        build = func.json_build_object if self._postgres else func.json_object
        arguments: list[ColumnElement[Any]] = []
        for key, value in pairs:
            arguments += [literal_column(f"'{key}'"), value]
        return build(*arguments)
