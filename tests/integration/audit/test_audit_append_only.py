"""Audit rows are never edited or deleted: not by the code (read from the source), not in the
database (triggers refuse it on both engines)."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from audit_support import ADMIN
from sqlalchemy import Connection, delete, update
from sqlalchemy.exc import DBAPIError

from warrantor.domain.audit import Action, Subject, SubjectKind
from warrantor.services.audit.record import record
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables_audit import audit_events

SOURCE = Path(__file__).resolve().parents[3] / "src" / "warrantor"
REPOSITORY = SOURCE / "store" / "audit.py"
ALLOWED = {
    SOURCE / "store" / "tables_audit.py",  # declares it
    SOURCE / "store" / "migrations" / "versions" / "0008_audit.py",  # creates it and its guards
    REPOSITORY,  # inserts into it and reads it
}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_only_the_audit_repository_touches_the_audit_table() -> None:
    touching = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if path not in ALLOWED and "audit_events" in path.read_text(encoding="utf-8")
    )
    assert touching == [], "only store/audit.py may touch audit_events"


def test_the_audit_repository_only_inserts_into_the_audit_table() -> None:
    text = REPOSITORY.read_text(encoding="utf-8")
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    assert not calls & {"update", "delete", "truncate"}
    assert not re.search(r"\b(UPDATE|DELETE|TRUNCATE|DROP)\b", text)
    assert "insert" in calls


def _one_row(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        subject = Subject(SubjectKind.PRICE_LIST, "1")
        return record(uow, ADMIN, NOW, subject, Action.PRICE_LIST_ADDED, after={"years": 1})


def test_the_database_refuses_to_edit_an_audit_row(
    uow_factory: UnitOfWorkFactory, connection: Connection
) -> None:
    row_id = _one_row(uow_factory)

    with pytest.raises(DBAPIError, match="never edited or deleted"), connection.begin_nested():
        connection.execute(
            update(audit_events).where(audit_events.c.id == row_id).values(action="forged")
        )


def test_the_database_refuses_to_delete_an_audit_row(
    uow_factory: UnitOfWorkFactory, connection: Connection
) -> None:
    row_id = _one_row(uow_factory)

    with pytest.raises(DBAPIError, match="never edited or deleted"), connection.begin_nested():
        connection.execute(delete(audit_events).where(audit_events.c.id == row_id))
