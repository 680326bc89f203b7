"""Importing the installed base from CSV: good files land, bad ones are refused with reasons.

Every test runs on SQLite and PostgreSQL (the bulk path differs: executemany
versus COPY), through the real policies.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.unit_import import ImportSummary, import_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.tables import models, units
from warrantor.store.units import UnitFilter

HEADER = (
    "brand,serial,model,manufactured_on,first_invoiced_on,first_invoiced_to,"
    "purchased_on,proof_of_purchase,country_of_purchase,owner,channel"
)
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def csv_bytes(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def run_import(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, data: io.BytesIO, **options: Any
) -> ImportSummary:
    return import_units(uow_factory, data, book, now=NOW, **options)


def problems_of(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, data: io.BytesIO
) -> list[Problem]:
    with pytest.raises(InvalidInput) as raised:
        run_import(uow_factory, book, data)
    return raised.value.problems


def stored_counts(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    with uow_factory() as uow:
        unit_count = uow.connection.scalar(select(func.count()).select_from(units))
        model_count = uow.connection.scalar(select(func.count()).select_from(models))
    return unit_count or 0, model_count or 0


@pytest.fixture
def accounts(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(
            Account("DIST-US", "US Distributor", "distributor", is_direct_customer=True), NOW
        )
        uow.accounts.upsert(Account("CUST-1", "Ann Smith", "customer"), NOW)


GOOD_ROWS = (
    "QNAP,Q100,TS-453 Pro,2024-01-10,2024-02-01,DIST-US,2024-03-15,INV-1,us,CUST-1,retail",
    "QNAP,Q101,TVS-EC1580MU-SAS-RP,,,,,,,,",
    "Netac,N200,NV7000 2TB,2024-05-01,,,2024-06-01,,CN,,online",
)


@pytest.mark.usefixtures("accounts")
class TestAGoodFile:
    def test_every_row_becomes_a_unit_placed_by_its_policy(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        summary = run_import(uow_factory, policy_book, csv_bytes(*GOOD_ROWS))

        assert (summary.rows_read, summary.inserted, summary.updated, summary.rejected) == (
            3,
            3,
            0,
            0,
        )
        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q100")
            bare = uow.units.get("QNAP", "Q101")
        assert unit is not None and bare is not None
        assert unit.model == "TS-453 Pro"
        assert unit.product_line == policy_book.product_line_of("QNAP", "TS-453 Pro")
        assert unit.first_invoiced_to == "DIST-US"
        assert unit.owner == "CUST-1"
        assert unit.purchased_on == date(2024, 3, 15)
        assert unit.country_of_purchase == "US"
        assert (bare.purchased_on, bare.proof_of_purchase, bare.owner) == (None, None, None)

    def test_importing_the_same_file_twice_leaves_the_same_state(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        run_import(uow_factory, policy_book, csv_bytes(*GOOD_ROWS))
        with uow_factory() as uow:
            before = uow.connection.execute(select(units).order_by(units.c.id)).all()

        again = import_units(
            uow_factory, csv_bytes(*GOOD_ROWS), policy_book, now=datetime(2026, 1, 1, tzinfo=UTC)
        )

        with uow_factory() as uow:
            after = uow.connection.execute(select(units).order_by(units.c.id)).all()
        assert after == before
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)

    def test_a_changed_row_updates_its_unit_by_brand_and_serial(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        run_import(uow_factory, policy_book, csv_bytes(*GOOD_ROWS))

        changed = GOOD_ROWS[1].replace(",,,,,,,,", ",,,,2024-09-09,POP-9,CA,,direct")
        summary = run_import(uow_factory, policy_book, csv_bytes(changed, GOOD_ROWS[0]))

        assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 1)
        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q101")
            assert uow.units.count() == 3
        assert unit is not None
        assert (unit.purchased_on, unit.proof_of_purchase, unit.channel) == (
            date(2024, 9, 9),
            "POP-9",
            "direct",
        )

    def test_many_batches_and_blank_lines_are_all_read(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        rows = [f"QNAP,B{i:03d},TS-453 Pro,,,,,,,," for i in range(7)]
        rows.insert(3, "")

        summary = run_import(uow_factory, policy_book, csv_bytes(*rows), batch_size=2)

        assert (summary.rows_read, summary.inserted) == (7, 7)

    def test_serials_and_brands_are_matched_in_any_letter_case(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        run_import(uow_factory, policy_book, csv_bytes("qnap, q-55 ,TS-453 Pro,,,,,,,,"))

        with uow_factory() as uow:
            assert uow.units.find_serial("Q-55") == ["QNAP"]

    def test_a_byte_order_mark_and_quoted_commas_are_fine(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        data = b"\xef\xbb\xbf" + csv_bytes('QNAP,Q7,TS-453 Pro,,,,,"INV 7, page 2",,,').read()

        run_import(uow_factory, policy_book, io.BytesIO(data))

        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q7")
        assert unit is not None and unit.proof_of_purchase == "INV 7, page 2"

    def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        data = csv_bytes("TS-453 Pro,Q8,QNAP,2024-01-02", header="model,serial,brand,purchased_on")

        run_import(uow_factory, policy_book, data)

        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q8")
        assert unit is not None and unit.purchased_on == date(2024, 1, 2)


class TestABadHeader:
    def test_a_missing_required_column_is_named(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        problems = problems_of(uow_factory, policy_book, csv_bytes(header="brand,serial"))

        assert [(p.field, p.row) for p in problems] == [("model", 1)]
        assert "missing" in problems[0].message

    def test_an_unknown_column_is_named(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        problems = problems_of(
            uow_factory, policy_book, csv_bytes(header="brand,serial,model,colour")
        )

        assert [p.field for p in problems] == ["colour"]
        assert "unknown column" in problems[0].message

    def test_a_column_twice_is_named(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        problems = problems_of(
            uow_factory, policy_book, csv_bytes(header="brand,serial,model,Serial")
        )

        assert [p.field for p in problems] == ["serial"]
        assert "twice" in problems[0].message


class TestAnUnreadableFile:
    def test_an_empty_file_says_it_is_empty(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        with pytest.raises(InvalidInput, match="empty"):
            run_import(uow_factory, policy_book, io.BytesIO(b""))

    def test_a_header_without_rows_says_so(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        with pytest.raises(InvalidInput, match="no rows"):
            run_import(uow_factory, policy_book, csv_bytes())

    def test_a_file_not_in_utf8_names_the_line(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        data = io.BytesIO(
            (HEADER + "\nQNAP,Q1,TS-453 Pro,,,,,,,,\nQNAP,Q2,TS-453 Pro,,,,,Müller,,,\n").encode(
                "latin-1"
            )
        )

        with pytest.raises(InvalidInput, match="not UTF-8") as raised:
            run_import(uow_factory, policy_book, data)

        assert [p.line for p in raised.value.problems] == [3]
        assert stored_counts(uow_factory) == (0, 0)

    def test_a_utf16_file_is_told_to_be_saved_as_utf8(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        data = io.BytesIO((HEADER + "\nQNAP,Q1,TS-453 Pro,,,,,,,,\n").encode("utf-16"))

        with pytest.raises(InvalidInput, match="UTF-16"):
            run_import(uow_factory, policy_book, data)


@pytest.mark.usefixtures("accounts")
class TestBadRows:
    @pytest.mark.parametrize(
        ("row", "field", "words"),
        [
            ("QNAP,Q1,TS-453 Pro,2024-13-01,,,,,,,", "manufactured_on", "YYYY-MM-DD"),
            ("QNAP,Q1,TS-453 Pro,,,,01/02/2024,,,,", "purchased_on", "YYYY-MM-DD"),
            ("QNAP,Q1,TS-999 Imaginary,,,,,,,,", "model", "TS-999 Imaginary"),
            ("Acme,Q1,TS-453 Pro,,,,,,,,", "brand", "unknown brand 'Acme'"),
            ("QNAP,Q 1!,TS-453 Pro,,,,,,,,", "serial", "not allowed"),
            ("QNAP,,TS-453 Pro,,,,,,,,", "serial", "required"),
            ("QNAP,Q1,TS-453 Pro,,,,,,USA,,", "country_of_purchase", "two-letter"),
            ("QNAP,Q1,TS-453 Pro,,,,,,,,by pigeon", "channel", "unknown channel"),
            ("QNAP,Q1,TS-453 Pro,2024-05-01,,,2024-04-30,,,,", "purchased_on", "manufactured"),
            ("QNAP,Q1,TS-453 Pro,,2024-05-01,,2024-04-30,,,,", "purchased_on", "invoiced"),
            ("QNAP,Q1,TS-453 Pro,,,NOBODY,,,,,", "first_invoiced_to", "NOBODY"),
            ("QNAP,Q1,TS-453 Pro,,,CUST-1,,,,,", "first_invoiced_to", "not a direct customer"),
            ("QNAP,Q1,TS-453 Pro,,,,,,,NOBODY,", "owner", "no account has code NOBODY"),
            ("QNAP,Q1,TS-453 Pro,,,,,INV\x001,,,", "proof_of_purchase", "NUL"),
            ("QNAP,Q1,TS-453 Pro\x00,,,,,,,,", "model", "NUL"),
            ("QNAP,Q1,TS-453 Pro,,,,2025-05-03,,,,", "purchased_on", "after today"),
            ("QNAP,Q1,TS-453 Pro,,,,45123,,,,", "purchased_on", "YYYY-MM-DD"),
            ("QNAP,Q1,TS-453 Pro,,,,,,XX,,", "country_of_purchase", "not an ISO 3166-1"),
            ("QNAP,Q1,TS-453 Pro,,,,,,UK,,", "country_of_purchase", "use GB"),
        ],
    )
    def test_a_bad_value_is_reported_with_its_row_and_column(
        self,
        uow_factory: UnitOfWorkFactory,
        policy_book: PolicyBook,
        row: str,
        field: str,
        words: str,
    ) -> None:
        problems = problems_of(uow_factory, policy_book, csv_bytes(GOOD_ROWS[0], row))

        assert [(p.row, p.field) for p in problems] == [(3, field)]
        assert words in problems[0].message

    def test_a_purchase_already_made_today_somewhere_on_earth_is_accepted(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        # NOW is 12:00 UTC on 1 May 2025: it is already 2 May in UTC+14, not yet 3 May.
        summary = run_import(
            uow_factory, policy_book, csv_bytes("QNAP,Q1,TS-453 Pro,,,,2025-05-02,INV-1,US,,")
        )

        assert summary.inserted == 1

    def test_a_row_with_too_few_fields_is_reported(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        problems = problems_of(uow_factory, policy_book, csv_bytes("QNAP,Q1,TS-453 Pro"))

        assert [p.row for p in problems] == [2]
        assert "3 fields" in problems[0].message

    def test_a_serial_twice_in_the_file_names_both_rows(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        problems = problems_of(
            uow_factory,
            policy_book,
            csv_bytes(
                "QNAP,DUP-1,TS-453 Pro,,,,,,,,",
                "Netac,DUP-1,NV7000 2TB,,,,,,,,",
                "QNAP,OK-1,TS-453 Pro,,,,,,,,",
                "qnap,dup-1,TS-453 Pro,,,,,,,,",
            ),
        )

        assert [(p.row, p.field) for p in problems] == [(2, "serial"), (5, "serial")]
        assert problems[0].message.endswith("also on row 5")
        assert problems[1].message.endswith("also on row 2")

    def test_a_failed_import_writes_nothing(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        run_import(uow_factory, policy_book, csv_bytes(GOOD_ROWS[0]))
        before = stored_counts(uow_factory)

        bad = csv_bytes(
            GOOD_ROWS[0].replace("2024-03-15", "2024-03-16"),
            GOOD_ROWS[1],  # a model not seen before would be added to the catalogue
            "QNAP,Q9,TS-453 Pro,yesterday,,,,,,,",
        )
        with pytest.raises(InvalidInput):
            run_import(uow_factory, policy_book, bad)

        assert stored_counts(uow_factory) == before
        with uow_factory() as uow:
            unit = uow.units.get("QNAP", "Q100")
        assert unit is not None and unit.purchased_on == date(2024, 3, 15)

    def test_the_error_lists_the_first_problems_and_counts_them_all(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
    ) -> None:
        rows = [f"QNAP,Q{i},TS-453 Pro,never,,,,,,," for i in range(10)]

        with pytest.raises(InvalidInput) as raised:
            run_import(uow_factory, policy_book, csv_bytes(*rows), max_problems=3)

        assert len(raised.value.problems) == 3
        assert "10 of 10 rows are invalid (10 problems; the first 3 are listed)" in str(
            raised.value
        )


@pytest.mark.usefixtures("accounts")
class TestSkippingInvalidRows:
    def test_good_rows_are_written_and_bad_ones_go_to_the_rejects_file(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path
    ) -> None:
        data = csv_bytes(
            GOOD_ROWS[0],
            "QNAP,Q2,TS-999 Imaginary,2024-13-01,,,,,,,",
            "QNAP,Q3,TS-453 Pro,,,,,,,NOBODY,",
            GOOD_ROWS[2],
        )
        path = tmp_path / "rejects.csv"

        summary = run_import(uow_factory, policy_book, data, skip_invalid=True, rejects_path=path)

        assert (summary.rows_read, summary.inserted, summary.rejected) == (4, 2, 2)
        assert summary.rejects_path == path
        with uow_factory() as uow:
            assert [u.serial for u in uow.units.list(UnitFilter())] == ["N200", "Q100"]
        with path.open(encoding="utf-8", newline="") as file:
            rejected = list(csv.DictReader(file))
        assert [(r["row"], r["serial"], r["model"]) for r in rejected] == [
            ("3", "Q2", "TS-999 Imaginary"),
            ("4", "Q3", "TS-453 Pro"),
        ]
        assert "manufactured_on" in rejected[0]["reasons"]
        assert "TS-999 Imaginary" in rejected[0]["reasons"]
        assert "no account has code NOBODY" in rejected[1]["reasons"]
        assert rejected[1]["owner"] == "NOBODY"

    def test_both_copies_of_a_duplicate_serial_are_rejected(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path
    ) -> None:
        data = csv_bytes("QNAP,D1,TS-453 Pro,,,,,,,,", GOOD_ROWS[1], "QNAP,D1,TS-251+,,,,,,,,")

        summary = run_import(
            uow_factory, policy_book, data, skip_invalid=True, rejects_path=tmp_path / "r.csv"
        )

        assert (summary.inserted, summary.rejected) == (1, 2)
        with uow_factory() as uow:
            assert uow.units.find_serial("D1") == []

    def test_no_rejects_file_is_left_when_every_row_is_good(
        self, uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path
    ) -> None:
        path = tmp_path / "rejects.csv"

        summary = run_import(
            uow_factory, policy_book, csv_bytes(GOOD_ROWS[1]), skip_invalid=True, rejects_path=path
        )

        assert summary.rejects_path is None
        assert not path.exists()
