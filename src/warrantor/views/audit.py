"""What a page of the audit trail looks like outside (API JSON, CLI ``--json``, the admin page)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from warrantor.services.paging import Page
from warrantor.store.audit import AuditRecord


class AuditEventOut(BaseModel):
    id: int
    recorded_at: datetime
    actor: str
    """Who, by user id and role (``user 12 (admin)``) or ``cli (admin)``/``server (admin)``."""
    actor_name: str | None
    """The user's name as it is now (personal: kept with the user, not in the row)."""
    actor_user_id: int | None
    actor_role: str
    kind: str
    object_id: str
    action: str
    before: Any
    after: Any
    changed: list[str]
    """The keys whose value differs between before and after."""
    why: str
    back_dated_to: date | None
    """Set when the change records a fact dated before the day it was recorded."""
    run: str | None
    """Shared by the rows one action wrote (an import run and its units)."""


class AuditPageOut(BaseModel):
    events: list[AuditEventOut]
    next_cursor: str | None
    """Pass as ``cursor`` for the next, older page (as ``Link`` rel=next does); ``null`` on
    the last page."""


def changed_keys(before: Any, after: Any) -> list[str]:
    """The keys of two snapshots whose values differ (all of one side when the other is none)."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    return [key for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)]


def audit_event_out(record: AuditRecord) -> AuditEventOut:
    return AuditEventOut(
        id=record.id,
        recorded_at=record.recorded_at,
        actor=record.actor_label,
        actor_name=record.actor_name,
        actor_user_id=record.actor_user_id,
        actor_role=record.actor_role,
        kind=record.subject_kind,
        object_id=record.subject_id,
        action=record.action,
        before=record.before,
        after=record.after,
        changed=changed_keys(record.before, record.after),
        why=record.why,
        back_dated_to=record.back_dated_to,
        run=record.run,
    )


def audit_page_out(page: Page[AuditRecord]) -> AuditPageOut:
    return AuditPageOut(
        events=[audit_event_out(record) for record in page.items], next_cursor=page.next_cursor
    )
