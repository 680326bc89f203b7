"""Fixtures of the audit trail's tests."""

from __future__ import annotations

from typing import Any

import pytest
from audit_support import trail_of

from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.audit import AuditRecord


@pytest.fixture
def trail(uow_factory: UnitOfWorkFactory) -> Any:
    """``trail(subject_kind=..., subject_id=..., ...)``: the rows stored so far, newest first."""

    def read(**wanted: Any) -> list[AuditRecord]:
        return trail_of(uow_factory, **wanted)

    return read
