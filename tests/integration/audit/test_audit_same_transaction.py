"""An audit row is written in the change's own transaction: no change without its row.

If writing the row fails, the change it records is not stored either (both
engines); and every action the trail knows is asserted by some test, so a
new kind of change can't be added without one (issue #17, item 4).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_support import ADMIN

from warrantor.domain.audit import Action
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.audit import AuditRepository

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TESTS = Path(__file__).resolve().parents[2]


class AuditWriteFailed(Exception):
    pass


def test_when_the_audit_row_cannot_be_written_the_change_is_not_stored(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)

    def refuse(self: AuditRepository, row: Any) -> int:
        raise AuditWriteFailed

    monkeypatch.setattr(AuditRepository, "add", refuse)
    with pytest.raises(AuditWriteFailed):
        create_user(
            uow_factory,
            ADMIN,
            NewUser("ann@maker.example", "Ann", "admin", "MAKER", "a long pw 1"),
            NOW,
        )

    with uow_factory() as uow:
        assert uow.users.by_email("ann@maker.example") is None


def test_every_action_of_the_trail_is_asserted_by_a_test() -> None:
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("test_*.py")
        if path.name != Path(__file__).name
    )

    untested = [action.value for action in Action if f'"{action.value}"' not in sources]

    assert untested == []
