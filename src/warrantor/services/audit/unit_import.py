"""The audit rows of a units import: one for the run, one per stored unit whose values change.

Called by ``installed_base.unit_import`` inside the import's unit of work:
``unit_change_recorder`` names who and when for the unit rows, which
``store.unit_load`` writes before each upsert (they read the values it is
about to replace); ``record_run`` after it. The unit rows are built in the
database (``store.unit_import_audit``), so
an import of a million rows writes its audit rows in a few statements, not a
million; they share the run's key (``run``) with the run's own row. Units
the import adds had no values before it: the run's row counts them
(``inserted``) and names who imported them and when.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.services.audit.record import actor_label, new_run, record
from warrantor.services.uow import UnitOfWork
from warrantor.store.unit_import_audit import Recorder

__all__ = ["new_run", "record_run", "unit_change_recorder"]


def unit_change_recorder(actor: Actor, now: datetime, run: str) -> Recorder:
    """Who and when the audit rows of the units an import changes name."""
    return Recorder(
        recorded_at=now,
        actor_label=actor_label(actor),
        actor_role=actor.role.value,
        actor_user_id=actor.user_id,
        run=run,
    )


def record_run(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    run: str,
    *,
    rows_read: int,
    inserted: int,
    updated: int,
    unchanged: int,
    rejected: int,
) -> int:
    """The run's own row: what it read, added (the units it adds have no row of their own),
    changed, left and rejected."""
    return record(
        uow,
        actor,
        now,
        Subject(SubjectKind.UNITS_IMPORT, run),
        Action.UNITS_IMPORTED,
        after={
            "rows_read": rows_read,
            "inserted": inserted,
            "updated": updated,
            "unchanged": unchanged,
            "rejected": rejected,
        },
        run=run,
    )
