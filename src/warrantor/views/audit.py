"""What a page of the audit trail looks like outside (API JSON, CLI ``--json``, the admin page)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from warrantor.domain.audit import Action, SubjectKind
from warrantor.services.paging import Page
from warrantor.store.audit import AuditRecord

KIND_NAMES: dict[SubjectKind, str] = {
    SubjectKind.UNIT: "Unit",
    SubjectKind.UNITS_IMPORT: "Units import",
    SubjectKind.MODEL: "Model",
    SubjectKind.PRICE_LIST: "Price list",
    SubjectKind.USER: "User",
    SubjectKind.API_TOKEN: "API token",
    SubjectKind.POLICY: "Policy",
    SubjectKind.CERTIFICATE: "Certificate",
    SubjectKind.RMA: "RMA",
    SubjectKind.HELP_REQUEST: "Help request",
    SubjectKind.SERVICE_CENTRE: "Service centre",
}
"""What the admin's audit page calls each kind of object (the API and the CLI keep codes)."""

ACTION_NAMES: dict[Action, str] = {
    Action.UNIT_ADDED: "Unit added",
    Action.UNIT_CHANGED: "Unit changed",
    Action.UNIT_REGISTERED: "Unit registered by a customer",
    Action.UNIT_VOIDED: "Unit voided by a finding",
    Action.UNIT_PERMITTED: "Maker's written permission recorded",
    Action.UNITS_IMPORTED: "Units imported",
    Action.MODEL_PLACED: "Model placed in a product line",
    Action.MODEL_ASSIGNED: "Model assigned to a product line",
    Action.PRICE_LIST_ADDED: "Price list added",
    Action.PRICE_LIST_RETIRED: "Price list retired",
    Action.PRICE_LIST_ENDED: "Price list ended",
    Action.USER_CREATED: "User created",
    Action.USER_ROLE_CHANGED: "User's role changed",
    Action.USER_DEACTIVATED: "User deactivated",
    Action.USER_REACTIVATED: "User reactivated",
    Action.USER_MAIL_CORRECTED: "User's sign-in address works again",
    Action.API_TOKEN_CREATED: "API token created",
    Action.API_TOKEN_REVOKED: "API token revoked",
    Action.POLICY_LOADED: "Policy loaded",
    Action.POLICY_WITHDRAWN: "Policy withdrawn",
    Action.CERTIFICATE_REVOKED: "Certificate revoked",
    Action.RMA_ASSIGNED: "RMA assigned",
    Action.RMA_TROUBLESHOOTING_SKIPPED: "RMA's troubleshooting skipped",
    Action.HELP_REQUEST_OPENED: "Help request sent",
    Action.HELP_REQUEST_RESOLVED: "Help request resolved",
    Action.HELP_REQUEST_REJECTED: "Help request rejected",
    Action.SERVICE_CENTRE_HOLDING_SET: "Holding period set",
    Action.SERVICE_CENTRE_CLOCK_PAUSES_SET: "Paused clocks set",
}
"""What the admin's audit page calls each action (issue #25, item 2: actions by their names;
the API, the CLI and the page's query keep the codes)."""


def kind_name(code: str) -> str:
    """A kind of object by its name ("Price list"); an unknown code as given."""
    return next((name for kind, name in KIND_NAMES.items() if kind.value == code), code)


def action_name(code: str) -> str:
    """An action by its name ("Price list added"); an unknown code as given."""
    return next((name for action, name in ACTION_NAMES.items() if action.value == code), code)


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
