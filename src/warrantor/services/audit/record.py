"""Recording one change in the audit trail, inside the unit of work that makes the change.

Every service that changes something that matters calls ``record`` with the
unit of work it writes the change in, so the row commits or rolls back with
it: there is never a change without its row, nor a row without its change.
The time is the caller's (from the injected clock), never read here.

Values wrapped in ``Personal`` are kept apart (``personal_values``) and the row
refers to them; the reason (``why``) is free text, so it is kept there too.
The actor is named without their name (``user 12 (admin)``): a name is
personal, and is read from ``users`` when the trail is shown.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from warrantor.domain.actors import Actor
from warrantor.domain.audit import Action, AuditValue, Personal, PersonalKind, Subject
from warrantor.services.uow import UnitOfWork
from warrantor.store.audit import PERSONAL_REF, NewAuditRow


def actor_label(actor: Actor) -> str:
    """How an audit row names its actor: by user id and role, never by name."""
    if actor.user_id is not None:
        return f"user {actor.user_id} ({actor.role})"
    return f"{actor.name or 'cli'} ({actor.role})"


def new_run() -> str:
    """A key grouping the rows one action writes (an import run and its units)."""
    return uuid.uuid4().hex


def record(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    subject: Subject,
    action: Action,
    *,
    before: AuditValue = None,
    after: AuditValue = None,
    why: str = "",
    back_dated_to: date | None = None,
    run: str | None = None,
) -> int:
    """Append one audit row about ``subject`` in ``uow``'s transaction; returns its id."""
    if action.kind is not subject.kind:
        raise ValueError(f"action {action} is not about a {subject.kind}")
    kept = _PersonalValues(uow, subject, now)
    text = why.strip()
    return uow.audit.add(
        NewAuditRow(
            recorded_at=now,
            actor_label=actor_label(actor),
            actor_role=actor.role.value,
            actor_user_id=actor.user_id,
            subject_kind=subject.kind.value,
            subject_id=subject.id,
            action=action.value,
            before=kept.stored(before),
            after=kept.stored(after),
            why_value_id=kept.keep(Personal(text)) if text else None,
            back_dated_to=back_dated_to,
            run=run,
        )
    )


class _PersonalValues:
    """Turns ``Personal`` values into references, keeping each distinct one once per row."""

    def __init__(self, uow: UnitOfWork, subject: Subject, now: datetime) -> None:
        self._uow = uow
        self._subject = subject
        self._now = now
        self._kept: dict[Personal, int] = {}

    def keep(self, value: Personal) -> int:
        if value not in self._kept:
            self._kept[value] = self._uow.audit.add_personal(
                value.value,
                PersonalKind(value.kind).value,
                value.account,
                self._subject.kind.value,
                self._subject.id,
                self._now,
            )
        return self._kept[value]

    def stored(self, value: AuditValue) -> Any:
        if isinstance(value, Personal):
            return {PERSONAL_REF: self.keep(value)}
        if isinstance(value, dict):
            return {key: self.stored(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.stored(item) for item in value]
        if isinstance(value, date):
            return value.isoformat()
        return value
