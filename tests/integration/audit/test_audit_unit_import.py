"""An import writes one audit row for the run and one per unit it adds or changes.

The rows are built in the database (no loop per unit); these tests hold what
they say, on both engines: before and after, the proof kept apart as a
personal value, nothing for a unit the file leaves as it is, and nothing at
all when the import is refused.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.tables_audit import personal_values

FIRST = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
IMPORTER = Actor(role=Role.ADMIN, account_code="MAKER", user_id=None, name="cli")
HEADER = (
    "brand,serial,model,manufactured_on,first_invoiced_on,first_invoiced_to,"
    "purchased_on,proof_of_purchase,country_of_purchase,owner,channel"
)


def units_file(*rows: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *rows]) + "\n").encode())


@pytest.fixture
def owners(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for code in ("CUST-1", "CUST-2"):
            uow.accounts.upsert(Account(code, "A customer", "customer"), FIRST)


def run(uow_factory: UnitOfWorkFactory, book: PolicyBook, now: datetime, *rows: str) -> Any:
    return import_units(uow_factory, units_file(*rows), book, now=now, actor=IMPORTER)


ROW_A = "QNAP,QA1,TS-453 Pro,2025-01-05,2025-01-20,,2025-02-01,INV-A,US,CUST-1,retail"
ROW_B = "QNAP,QB2,TS-453 Pro,2025-01-05,,,,,US,,online"


def test_a_first_import_records_the_run_and_each_unit_it_adds(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None, trail: Any
) -> None:
    summary = run(uow_factory, policy_book, FIRST, ROW_A, ROW_B)

    assert summary.inserted == 2
    (run_row,) = trail(subject_kind="units_import")
    assert run_row.action == "units_import.run"
    assert run_row.after == {
        "rows_read": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert run_row.actor_label == "cli (admin)"
    assert run_row.recorded_at == FIRST
    added = trail(subject_kind="unit", run=run_row.run)
    assert {row.subject_id for row in added} == {"QNAP/QA1", "QNAP/QB2"}
    a = next(row for row in added if row.subject_id == "QNAP/QA1")
    assert a.action == "unit.added"
    assert a.before is None
    assert a.after == {
        "model": "TS-453 Pro",
        "manufactured_on": "2025-01-05",
        "first_invoiced_on": "2025-01-20",
        "first_invoiced_to": None,
        "purchased_on": "2025-02-01",
        "proof_of_purchase": "INV-A",
        "country_of_purchase": "US",
        "owner": "CUST-1",
        "channel": "retail",
    }
    assert a.back_dated_to == date(2025, 1, 5)  # the earliest of the dates it sets


def test_a_reimport_records_before_and_after_for_each_changed_unit_only(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None, trail: Any
) -> None:
    run(uow_factory, policy_book, FIRST, ROW_A, ROW_B)
    changed_a = "QNAP,QA1,TS-453 Pro,2025-01-05,2025-01-20,,2025-01-25,INV-NEW,CA,CUST-2,direct"

    summary = run(uow_factory, policy_book, LATER, changed_a, ROW_B)

    assert (summary.updated, summary.unchanged) == (1, 1)
    newest_run = trail(subject_kind="units_import")[0]
    (row,) = trail(subject_kind="unit", run=newest_run.run)
    assert (row.subject_id, row.action, row.recorded_at) == ("QNAP/QA1", "unit.changed", LATER)
    assert row.before is not None and row.after is not None
    changed = {name for name in row.after if row.after[name] != row.before[name]}
    assert changed == {
        "purchased_on",
        "proof_of_purchase",
        "country_of_purchase",
        "owner",
        "channel",
    }
    assert (row.before["proof_of_purchase"], row.after["proof_of_purchase"]) == ("INV-A", "INV-NEW")
    assert (row.before["owner"], row.after["owner"]) == ("CUST-1", "CUST-2")
    assert row.back_dated_to == date(2025, 1, 25)


def test_the_proof_of_purchase_is_kept_as_a_personal_value_not_in_the_row(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None
) -> None:
    run(uow_factory, policy_book, FIRST, ROW_A)

    with uow_factory() as uow:
        stored = uow.connection.execute(select(personal_values)).all()
        raw = uow.connection.exec_driver_sql(
            "SELECT CAST(after_values AS TEXT) FROM audit_events WHERE subject_kind = 'unit'"
        ).scalar_one()
    assert [(p.kind, p.value, p.account_code, p.subject_id) for p in stored] == [
        ("text", "INV-A", "CUST-1", "QNAP/QA1")
    ]
    assert "INV-A" not in raw
    assert json.loads(raw)["proof_of_purchase"] == {"$personal": stored[0].id}


def test_importing_the_same_file_again_records_only_the_run(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None, trail: Any
) -> None:
    run(uow_factory, policy_book, FIRST, ROW_A, ROW_B)

    run(uow_factory, policy_book, LATER, ROW_A, ROW_B)

    newest_run = trail(subject_kind="units_import")[0]
    assert newest_run.after["unchanged"] == 2
    assert trail(subject_kind="unit", run=newest_run.run) == []


def test_a_refused_import_leaves_no_audit_row(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None, trail: Any
) -> None:
    with pytest.raises(InvalidInput):
        run(uow_factory, policy_book, FIRST, ROW_A, "QNAP,QC3,No Such Model,,,,,,,,")

    assert trail() == []
