"""An import moves its rows a chunk at a time while it reads the file, and stays all or nothing.

On PostgreSQL an all-or-nothing import audits, upserts and moves projections
one chunk of rows at a time on a thread of its own (``store.unit_load``);
on a first load it COPYs them straight into the tables; these tests make a
chunk two rows long so every case crosses chunks, and hold
the answers of the one-pass path (SQLite, and ``skip_invalid`` imports): the
units, their projections and audit rows are the same, a serial twice in the
file (in one chunk or two), an unknown account in a later chunk or a bad row
after rows already moved refuse the whole import and leave nothing behind.
A first load on PostgreSQL drops the tables' secondary indexes and builds them
again: they are all there afterwards, whether it wrote or was refused. A first
load of a file that can be read again writes each row once, unstaged, and a
refused one lists the same problems as one that stages every row.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text

from projection_support import assert_kept_right
from warrantor.domain.actors import Actor, Role
from warrantor.domain.audit import Action
from warrantor.errors import InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.unit_import import ImportSummary, import_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store import unit_load, unit_staging
from warrantor.store.accounts import Account
from warrantor.store.tables import units
from warrantor.store.tables_audit import audit_events
from warrantor.store.tables_coverage import coverage_projection

FIRST = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
IMPORTER = Actor(role=Role.ADMIN, account_code="MAKER", user_id=None, name="cli")
HEADER = (
    "brand,serial,model,manufactured_on,first_invoiced_on,first_invoiced_to,"
    "purchased_on,proof_of_purchase,country_of_purchase,owner,channel"
)


def row(
    serial: str, bought: str = "2025-02-01", owner: str = "CUST-1", invoiced_to: str = ""
) -> str:
    made, invoiced = "2025-01-05", "2025-01-20"
    return (
        f"QNAP,{serial},TS-453 Pro,{made},{invoiced},{invoiced_to},{bought},INV-{serial},US,"
        f"{owner},retail"
    )


def run(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    now: datetime,
    *rows: str,
    stream: type[io.BytesIO] = io.BytesIO,
) -> Any:
    data = stream(("\n".join([HEADER, *rows]) + "\n").encode())
    return import_units(uow_factory, data, book, now=now, actor=IMPORTER, batch_size=1)


def counts(uow_factory: UnitOfWorkFactory) -> tuple[int, int, int]:
    """Units, projections and audit rows stored."""
    with uow_factory() as uow:
        found = [
            uow.connection.scalar(select(func.count()).select_from(table))
            for table in (units, coverage_projection, audit_events)
        ]
    return found[0] or 0, found[1] or 0, found[2] or 0


@pytest.fixture(autouse=True)
def two_rows_a_chunk(monkeypatch: pytest.MonkeyPatch, uow_factory: UnitOfWorkFactory) -> None:
    monkeypatch.setattr(unit_load, "CHUNK_ROWS", 2)
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-1", "A customer", "customer"), FIRST)


SERIALS = [f"QC{n}" for n in range(7)]


def test_rows_over_many_chunks_are_all_written_with_their_projections(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    summary: ImportSummary = run(uow_factory, policy_book, FIRST, *map(row, SERIALS))

    assert (summary.inserted, summary.updated, summary.unchanged) == (7, 0, 0)
    assert counts(uow_factory) == (7, 7, 1)  # one audit row: the run's
    for serial in SERIALS:
        assert_kept_right(uow_factory, policy_book, "QNAP", serial)


def test_a_reimport_over_many_chunks_counts_and_audits_each_changed_unit(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    run(uow_factory, policy_book, FIRST, *map(row, SERIALS))
    changed = {"QC1", "QC4", "QC5"}
    rows = [row(s, "2025-03-01") if s in changed else row(s) for s in SERIALS]

    summary = run(uow_factory, policy_book, LATER, *rows)

    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 3, 4)
    with uow_factory() as uow:
        audited = uow.connection.scalars(
            select(audit_events.c.subject_id)
            .where(audit_events.c.action == Action.UNIT_CHANGED.value)
            .order_by(audit_events.c.id)
        ).all()
    assert audited == ["QNAP/QC1", "QNAP/QC4", "QNAP/QC5"]
    for serial in SERIALS:
        stored = assert_kept_right(uow_factory, policy_book, "QNAP", serial)
        assert stored.start_on.isoformat() == ("2025-03-01" if serial in changed else "2025-02-01")


@pytest.mark.parametrize(
    ("twice_at", "label"), [((2, 3), "in one chunk"), ((0, 5), "in two chunks")]
)
def test_a_serial_twice_refuses_the_import_and_names_both_rows(
    uow_factory: UnitOfWorkFactory,
    policy_book: PolicyBook,
    twice_at: tuple[int, int],
    label: str,
) -> None:
    serials = list(SERIALS)
    serials[twice_at[1]] = serials[twice_at[0]]

    with pytest.raises(InvalidInput) as refused:
        run(uow_factory, policy_book, FIRST, *map(row, serials))

    rows = [problem.row for problem in refused.value.problems]
    assert rows == [twice_at[0] + 2, twice_at[1] + 2], label
    assert counts(uow_factory) == (0, 0, 0)


def test_an_unknown_account_in_a_later_chunk_refuses_rows_already_moved(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    rows = [*map(row, SERIALS[:5]), row("QC9", owner="NOBODY")]

    with pytest.raises(InvalidInput) as refused:
        run(uow_factory, policy_book, FIRST, *rows)

    assert [(p.row, p.field) for p in refused.value.problems] == [(7, "owner")]
    assert counts(uow_factory) == (0, 0, 0)


def test_a_bad_row_after_rows_already_moved_leaves_the_stored_units_as_they_were(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    run(uow_factory, policy_book, FIRST, *map(row, SERIALS))
    before = counts(uow_factory)
    rows = [*(row(s, "2025-03-01") for s in SERIALS), "QNAP,QC8,TS-453 Pro,yesterday,,,,,,,"]

    with pytest.raises(InvalidInput):
        run(uow_factory, policy_book, LATER, *rows)

    assert counts(uow_factory) == before
    for serial in SERIALS:
        stored = assert_kept_right(uow_factory, policy_book, "QNAP", serial)
        assert stored.start_on.isoformat() == "2025-02-01"


def test_a_first_load_with_a_bad_last_row_writes_nothing(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    rows = [*map(row, SERIALS), "QNAP,QC8,TS-453 Pro,yesterday,,,,,,,"]

    with pytest.raises(InvalidInput) as refused:
        run(uow_factory, policy_book, FIRST, *rows)

    assert [(p.row, p.field) for p in refused.value.problems] == [(9, "manufactured_on")]
    assert counts(uow_factory) == (0, 0, 0)


def _secondary_indexes(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str]]:
    with uow_factory() as uow:
        found = uow.connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename IN ('units', 'coverage_projection') ORDER BY indexname"
            )
        )
        return [(name, definition) for name, definition in found]


@pytest.mark.parametrize("last", ["good", "bad"])
def test_a_first_load_leaves_every_index_as_it_was(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, backend: str, last: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the indexes are dropped and built again on PostgreSQL only")
    before = _secondary_indexes(uow_factory)
    rows = [*map(row, SERIALS), "QNAP,QC8,TS-453 Pro,yesterday,,,,,,,"]

    if last == "bad":
        with pytest.raises(InvalidInput):
            run(uow_factory, policy_book, FIRST, *rows)
    else:
        run(uow_factory, policy_book, FIRST, *rows[:-1])

    assert "ix_units_purchased_on" in [name for name, _ in before]
    assert _secondary_indexes(uow_factory) == before
    assert counts(uow_factory)[0] == (7 if last == "good" else 0)


def test_skipping_invalid_rows_writes_the_good_ones_over_many_chunks(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Any
) -> None:
    serials = [*SERIALS[:4], SERIALS[1], *SERIALS[4:]]  # QC1 twice: both refused
    data = io.BytesIO(("\n".join([HEADER, *map(row, serials)]) + "\n").encode())

    summary = import_units(
        uow_factory,
        data,
        policy_book,
        now=FIRST,
        skip_invalid=True,
        rejects_path=tmp_path / "rejects.csv",
        batch_size=1,
    )

    assert (summary.inserted, summary.rejected) == (6, 2)
    assert counts(uow_factory)[:2] == (6, 6)


class _ReadOnce(io.BytesIO):
    """An upload that can't be read again (a pipe): the import stages every row."""

    def seekable(self) -> bool:
        return False


def _staging_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables ``UnitStaging.write`` appends to, as the import runs (the real writes)."""
    tables: list[str] = []
    write = unit_staging.UnitStaging.write

    def recording(self: Any, rows: Any, into: Any = unit_staging.staging) -> None:
        tables.append(into.name)
        write(self, rows, into)

    monkeypatch.setattr(unit_staging.UnitStaging, "write", recording)
    return tables


def test_a_first_load_writes_each_row_once_without_staging_it(
    uow_factory: UnitOfWorkFactory,
    policy_book: PolicyBook,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite stages every row: the first load's COPY is PostgreSQL's")
    staged = _staging_writes(monkeypatch)

    summary = run(uow_factory, policy_book, FIRST, *map(row, SERIALS))

    assert summary.inserted == 7
    assert staged == []
    with uow_factory() as uow:
        stamps = set(uow.connection.execute(select(units.c.created_at, units.c.updated_at)))
    assert stamps == {(FIRST, FIRST)}
    for serial in SERIALS:
        assert_kept_right(uow_factory, policy_book, "QNAP", serial)


def test_a_first_loads_ids_are_a_block_the_next_unit_follows(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    run(uow_factory, policy_book, FIRST, *map(row, SERIALS))
    run(uow_factory, policy_book, LATER, *map(row, SERIALS), row("QC-NEXT"))

    with uow_factory() as uow:
        ids = dict(uow.connection.execute(select(units.c.serial, units.c.id)).all())
    first = sorted(ids[serial] for serial in SERIALS)
    assert first == list(range(first[0], first[0] + 7))  # 4 chunks, one block each
    assert ids["QC-NEXT"] > first[-1]


FIRST_LOAD_PROBLEMS = [
    row("QC0"),
    row("QC1"),
    "QNAP,QC2,TS-453 Pro,yesterday,,,,,,,",
    row("QC3"),
    row("QC4"),
    row("QC0"),
    row("QC6"),
]
"""A serial twice, in the first chunk and the third, and a bad row between them."""


@pytest.mark.parametrize("stream", [io.BytesIO, _ReadOnce])
def test_a_refused_first_load_lists_every_problem_whether_or_not_it_staged(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, stream: type[io.BytesIO]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        run(uow_factory, policy_book, FIRST, *FIRST_LOAD_PROBLEMS, stream=stream)

    found = sorted((p.row, p.field) for p in refused.value.problems)
    assert found == [(2, "serial"), (4, "manufactured_on"), (7, "serial")]
    assert "3 of 7 rows are invalid" in str(refused.value)
    assert counts(uow_factory) == (0, 0, 0)


def test_a_first_load_invoiced_to_an_account_not_a_direct_customer_is_refused(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    rows = [*map(row, SERIALS[:5]), row("QC9", invoiced_to="CUST-1")]

    with pytest.raises(InvalidInput) as refused:
        run(uow_factory, policy_book, FIRST, *rows)

    assert [(p.row, p.field) for p in refused.value.problems] == [(7, "first_invoiced_to")]
    assert "not a direct customer" in refused.value.problems[0].message
    assert counts(uow_factory) == (0, 0, 0)
