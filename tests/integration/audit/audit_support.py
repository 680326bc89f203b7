"""What the audit trail's tests share: reading the trail as an admin would, and an actor."""

from __future__ import annotations

from typing import Any

from warrantor.domain.actors import Actor, Role
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.audit import AuditRecord, TrailFilter

ADMIN = Actor(role=Role.ADMIN, account_code="MAKER", user_id=None, name="cli")
"""The CLI operator (no user id)."""


def trail_of(uow_factory: UnitOfWorkFactory, **wanted: Any) -> list[AuditRecord]:
    """The audit rows ``wanted`` names (``TrailFilter`` fields), newest first."""
    with uow_factory(read_only=True) as uow:
        return uow.audit.page(TrailFilter(limit=1000, **wanted))
