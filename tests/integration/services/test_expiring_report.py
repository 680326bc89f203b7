"""Coverage expiring, read from the projection: the window's counts, pages after a cursor,
and only units covered from today without a break until their last day."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.domain.coverage import UsageReading
from warrantor.errors import InvalidInput
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.reports import expiring_coverage
from warrantor.store.coverage_reports import counted_per_day

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ADMIN = Actor(role=Role.ADMIN, account_code=None, user_id=1, name="Ada")


def qnap(serial: str, bought: str) -> dict[str, str]:
    """A TS-453 Pro: two years from ``bought``."""
    return {"brand": "QNAP", "serial": serial, "model": "TS-453 Pro", "purchased_on": bought,
            "proof_of_purchase": "R", "country_of_purchase": "US"}  # fmt: skip


def test_pages_follow_the_cursor_and_the_counts_cover_the_whole_window(
    uow_factory: Any, add_units: Any
) -> None:
    add_units([qnap(f"QE{n}", f"2024-12-{20 + n:02d}") for n in range(5)])

    first = expiring_coverage(uow_factory, ADMIN, TODAY, 90, limit=2)
    second = expiring_coverage(uow_factory, ADMIN, TODAY, 90, cursor=first.next_cursor, limit=2)
    third = expiring_coverage(uow_factory, ADMIN, TODAY, 90, cursor=second.next_cursor, limit=2)

    assert [r.serial for r in first.rows + second.rows + third.rows] == [f"QE{n}" for n in range(5)]
    assert third.next_cursor is None
    assert first.total == second.total == 5
    assert [(c.brand, c.ends_on, c.units) for c in first.counts][:1] == [
        ("QNAP", date(2026, 12, 19), 1)
    ]
    assert {r.kind for r in first.rows} == {"standard"}


def test_a_unit_not_covered_until_its_last_day_is_not_expiring(
    uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    ssd = {
        "brand": "Netac",
        "serial": "NE1",
        "model": "NV3000 1TB",
        "manufactured_on": "2022-01-10",
    }
    add_units([qnap("QE1", "2024-12-20"), qnap("QVOID", "2024-12-21"), ssd])
    with uow_factory() as uow:
        void, worn = uow.units.id_of("QNAP", "QVOID"), uow.units.id_of("Netac", "NE1")
        assert void is not None and worn is not None
        uow.units.add_finding(void, "label_altered", "tech", NOW)
        uow.units.add_reading(worn, UsageReading(900 * 10**12, date(2026, 1, 1)), NOW)
        refresh_projections(uow, policy_book, [void, worn])

    page = expiring_coverage(uow_factory, ADMIN, TODAY, 90)

    assert [r.serial for r in page.rows] == ["QE1"]  # voided, and past its TBW: not covered
    assert page.total == 1


def test_a_bad_cursor_is_named(uow_factory: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        expiring_coverage(uow_factory, ADMIN, TODAY, 90, cursor="yesterday")
    assert caught.value.problems[0].field == "cursor"


def test_the_page_links_the_next_page_and_the_csv_holds_every_page(
    client_as: Any, add_units: Any
) -> None:
    add_units([qnap(f"QP{n:03d}", f"2024-12-{20 + n % 10:02d}") for n in range(105)])
    admin = client_as(ADMIN)

    page = admin.get("/reports/expiring")
    export = admin.get("/reports/expiring.csv")

    assert page.status_code == 200
    assert "105 in all; the first 100 below" in page.text
    assert 'href="/reports/expiring?days=90&amp;cursor=' in page.text
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 105 and len({r["serial"] for r in rows}) == 105


def test_the_counts_are_read_from_the_narrow_index_alone(
    uow_factory: Any, add_units: Any, backend: str
) -> None:
    add_units([qnap(f"QI{n}", f"2024-12-{20 + n:02d}") for n in range(5)])
    query = counted_per_day(TODAY, date(2027, 2, 21), TODAY)
    with uow_factory(read_only=True) as uow:
        connection = uow.connection
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        if backend == "postgresql":
            # a five-row table is read whole: ask for the plan an installed base gets
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
            plan = " ".join(r[0] for r in connection.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "Index Only Scan using ix_coverage_projection_ending" in plan, plan
        else:
            steps = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(r[-1]) for r in steps)
            assert "COVERING INDEX ix_coverage_projection_ending" in plan, plan
