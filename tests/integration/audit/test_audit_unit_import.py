"""An import writes one audit row for the run and one per stored unit whose values it changes.

The rows are built in the database (no loop per unit); these tests hold what
they say, on both engines: before and after, the proof kept apart as a
personal value, the units a run adds counted in its own row, nothing for a
unit the file leaves as it is, and nothing at all when the import is refused.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text

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


def test_a_first_import_records_the_run_counting_the_units_it_adds(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None, trail: Any
) -> None:
    summary = run(uow_factory, policy_book, FIRST, ROW_A, ROW_B)

    assert summary.inserted == 2
    (run_row,) = trail()
    assert (run_row.subject_kind, run_row.action) == ("units_import", "units_import.run")
    assert run_row.subject_id == run_row.run
    assert run_row.after == {
        "rows_read": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert (run_row.actor_label, run_row.recorded_at) == ("cli (admin)", FIRST)


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
    assert row.after == {
        "model": "TS-453 Pro",
        "manufactured_on": "2025-01-05",
        "first_invoiced_on": "2025-01-20",
        "first_invoiced_to": None,
        "purchased_on": "2025-01-25",
        "proof_of_purchase": "INV-NEW",
        "country_of_purchase": "CA",
        "owner": "CUST-2",
        "channel": "direct",
    }
    assert row.back_dated_to == date(2025, 1, 25)  # the purchase date it set, in the past
    assert newest_run.after["updated"] == 1


def test_the_proof_of_purchase_is_kept_as_a_personal_value_not_in_the_row(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, owners: None
) -> None:
    run(uow_factory, policy_book, FIRST, ROW_A)
    run(uow_factory, policy_book, LATER, ROW_A.replace("INV-A", "INV-B"))

    with uow_factory() as uow:
        stored = uow.connection.execute(select(personal_values).order_by("id")).all()
        raw = uow.connection.execute(
            text(
                "SELECT CAST(before_values AS TEXT), CAST(after_values AS TEXT) "
                "FROM audit_events WHERE subject_kind = 'unit'"
            )
        ).one()
    assert [(p.kind, p.value, p.account_code, p.subject_id) for p in stored] == [
        ("text", "INV-A", "CUST-1", "QNAP/QA1"),
        ("text", "INV-B", "CUST-1", "QNAP/QA1"),
    ]
    assert "INV-A" not in "".join(raw) and "INV-B" not in "".join(raw)
    before, after = (json.loads(side)["proof_of_purchase"] for side in raw)
    assert (before, after) == ({"$personal": stored[0].id}, {"$personal": stored[1].id})


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
