"""The demo installed base: every line of every policy, dates in order, the same for a seed.

Runs on SQLite and PostgreSQL through the real policies and the real import,
with a fixed clock and a small base (300 units).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select
from typer.testing import CliRunner

from warrantor.demo.seed import DemoSummary, load_demo
from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.services.clock import FixedClock
from warrantor.services.installed_base.check import BatchItem, check_batch, check_serial
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade
from warrantor.store.tables import brands, models, unit_findings, units, usage_readings
from warrantor.store.units import UnitFilter

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
CLOCK = FixedClock(NOW)
SMALL = 300


@pytest.fixture(scope="module")
def book() -> PolicyBook:
    """The policies shipped in ``policies/`` (the demo is made from them)."""
    found = PolicyBook.from_dir(PROJECT_ROOT / "policies")
    if not found.brands():
        pytest.skip("no policies in policies/ yet")
    return found


def load(uow_factory: UnitOfWorkFactory, book: PolicyBook, **options: Any) -> DemoSummary:
    options.setdefault("units", SMALL)
    return load_demo(uow_factory, book, CLOCK, **options)


def stored_units(uow_factory: UnitOfWorkFactory) -> list[Unit]:
    with uow_factory() as uow:
        return uow.units.list(UnitFilter(limit=100_000))


def snapshot(connection: Connection) -> tuple[list[tuple[Any, ...]], ...]:
    """Everything the demo writes about units, in a stable order, without ids or instants.

    Ids are left out: PostgreSQL does not roll its sequences back.
    """
    unit_rows = connection.execute(
        select(
            brands.c.name,
            units.c.serial,
            models.c.name,
            units.c.manufactured_on,
            units.c.first_invoiced_on,
            units.c.purchased_on,
            units.c.proof_of_purchase,
            units.c.country_of_purchase,
            units.c.channel,
        )
        .join(brands, brands.c.id == units.c.brand_id)
        .join(models, models.c.id == units.c.model_id)
        .order_by(brands.c.name, units.c.serial)
    ).all()
    reading_rows = connection.execute(
        select(units.c.serial, usage_readings.c.bytes_written, usage_readings.c.read_on)
        .join(units, units.c.id == usage_readings.c.unit_id)
        .order_by(units.c.serial)
    ).all()
    finding_rows = connection.execute(
        select(units.c.serial, unit_findings.c.finding)
        .join(units, units.c.id == unit_findings.c.unit_id)
        .order_by(units.c.serial)
    ).all()
    return (
        [tuple(r) for r in unit_rows],
        [tuple(r) for r in reading_rows],
        [tuple(r) for r in finding_rows],
    )


class TestTheBaseCoversThePolicies:
    def test_every_product_line_of_every_policy_has_units(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        summary = load(uow_factory, book)

        placed = {(unit.brand, unit.product_line) for unit in stored_units(uow_factory)}
        for brand in book.brands():
            for line in book.version_for(brand, None).doc.lines:
                assert (brand, line.id) in placed, f"no demo unit in {brand} {line.id}"
        assert summary.lines_without_models == ()

    def test_each_brand_is_present_and_the_count_is_as_asked(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        summary = load(uow_factory, book)

        assert set(summary.units_by_brand) == set(book.brands())
        assert summary.units == SMALL
        assert summary.imported is not None and summary.imported.inserted == SMALL
        assert Counter(u.brand for u in stored_units(uow_factory)) == summary.units_by_brand

    def test_qnap_models_are_the_examples_of_its_lines(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        load(uow_factory, book)

        examples = {e for line in book.version_for("QNAP", None).doc.lines for e in line.examples}
        qnap = [u for u in stored_units(uow_factory) if u.brand == "QNAP"]
        assert qnap and {u.model for u in qnap} <= examples

    def test_netac_models_come_from_its_catalogue_with_a_capacity(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        summary = load(uow_factory, book)

        policy = book.version_for("Netac", None)
        netac = [u for u in stored_units(uow_factory) if u.brand == "Netac"]
        assert netac
        for unit in netac:
            match = policy.catalogue_match(unit.model)
            assert match is not None and match.tbw_bytes is not None, unit.model
        assert any("Netac" in s and "demo figures" in s for s in summary.demo_figures)


class TestTheDates:
    def test_manufacture_then_first_invoice_then_purchase_never_after_today(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        load(uow_factory, book)

        for unit in stored_units(uow_factory):
            made, invoiced, bought = unit.manufactured_on, unit.first_invoiced_on, unit.purchased_on
            assert made is not None and made <= TODAY, unit
            if invoiced is not None:
                assert made <= invoiced <= TODAY, unit
            if bought is not None:
                assert made <= bought <= TODAY, unit
                assert invoiced is None or invoiced <= bought, unit

    def test_the_edges_are_there_day_60_and_61_and_29_february(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        load(uow_factory, book)

        base = stored_units(uow_factory)
        invoiced = Counter(u.first_invoiced_on for u in base if u.brand == "QNAP")
        assert invoiced[TODAY - timedelta(days=60)] >= 1
        assert invoiced[TODAY - timedelta(days=61)] >= 1
        leap = [
            u
            for u in base
            if u.purchased_on and (u.purchased_on.month, u.purchased_on.day) == (2, 29)
        ]
        assert leap

    def test_a_direct_sale_is_invoiced_and_bought_the_same_day(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        load(uow_factory, book)

        direct = [u for u in stored_units(uow_factory) if u.channel == "direct"]
        assert direct
        for unit in direct:
            assert unit.first_invoiced_to == unit.owner, unit
            if unit.purchased_on is not None:
                assert unit.purchased_on == unit.first_invoiced_on, unit


class TestWhatACheckShows:
    def test_checking_the_base_gives_every_outcome(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        load(uow_factory, book)

        items = [BatchItem(i, u.serial, u.brand) for i, u in enumerate(stored_units(uow_factory))]
        outcomes = Counter(
            (answer.result.unit.brand, answer.result.decision.outcome.value)
            for answer in check_batch(uow_factory, book, items, TODAY)
            if answer.result is not None
        )
        assert {outcome for _, outcome in outcomes} == {
            "covered",
            "not_covered",
            "needs_information",
        }
        assert outcomes[("QNAP", "needs_information")] > 0  # no proof: QNAP asks for it
        assert outcomes[("Netac", "needs_information")] == 0  # Netac falls back

    def test_readings_reach_near_and_over_the_tbw_and_findings_use_the_policy_ids(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        summary = load(uow_factory, book, units=1000)

        assert summary.readings > 0 and summary.findings > 0
        usages = []
        for unit in stored_units(uow_factory):
            if unit.brand != "Netac":
                continue
            decision = check_serial(uow_factory, book, unit.serial, TODAY, "Netac").decision
            if decision.usage is not None and decision.usage.used_bytes is not None:
                usages.append(decision.usage.used_bytes / decision.usage.limit_bytes)
        assert any(0.9 <= share < 1.0 for share in usages)
        assert any(share >= 1.0 for share in usages)
        voiding = {f.id for policy in book.policies() for f in policy.doc.findings if f.voids_unit}
        recorded = set(connection.scalars(select(unit_findings.c.finding)))
        assert recorded and recorded <= voiding

    def test_the_example_serials_show_what_they_say(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook
    ) -> None:
        summary = load(uow_factory, book)

        labels = {example.label.split(" (")[0] for example in summary.examples}
        assert {"covered", "expired", "needs proof of purchase"} <= labels
        assert any(label.startswith("TBW left") for label in labels)
        for example in summary.examples:
            result = check_serial(uow_factory, book, example.serial, TODAY, example.brand)
            assert result.decision.outcome.value == example.outcome, example


class TestRunningItAgain:
    def test_the_same_seed_gives_the_same_base(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        first_try = connection.begin_nested()
        load(uow_factory, book, seed=7)
        first = snapshot(connection)
        first_try.rollback()

        load(uow_factory, book, seed=7)

        assert snapshot(connection) == first

    def test_another_seed_gives_another_base(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        first_try = connection.begin_nested()
        load(uow_factory, book, seed=7)
        first = snapshot(connection)
        first_try.rollback()

        load(uow_factory, book, seed=8)

        assert snapshot(connection)[0] != first[0]

    def test_loading_twice_adds_nothing(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        load(uow_factory, book)
        before = snapshot(connection)

        again = load(uow_factory, book)

        assert again.imported is not None
        assert (again.imported.inserted, again.imported.unchanged) == (0, SMALL)
        assert (again.readings, again.findings) == (0, 0)
        assert snapshot(connection) == before

    def test_if_empty_leaves_an_existing_base_alone(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        load(uow_factory, book, units=50, seed=1)
        before = snapshot(connection)

        summary = load(uow_factory, book, if_empty=True)

        assert summary.skipped and summary.existing_units == 50
        assert snapshot(connection) == before

    def test_if_empty_loads_an_empty_base(
        self, uow_factory: UnitOfWorkFactory, book: PolicyBook, connection: Connection
    ) -> None:
        summary = load(uow_factory, book, if_empty=True)

        assert not summary.skipped
        assert connection.scalar(select(func.count()).select_from(units)) == SMALL


class TestTheCommand:
    def test_demo_loads_prints_a_summary_then_if_empty_says_it_did_nothing(
        self, empty_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        from warrantor.cli.main import app

        upgrade(empty_database_url)
        monkeypatch.setenv("WARRANTOR_DATABASE_URL", empty_database_url)
        monkeypatch.setenv("WARRANTOR_DATA_DIR", str(tmp_path))
        runner = CliRunner()

        loaded = runner.invoke(app, ["demo", "--units", "120", "--seed", "3"])
        skipped = runner.invoke(app, ["demo", "--if-empty"])

        assert loaded.exit_code == 0, loaded.output
        assert "QNAP:" in loaded.output and "Netac:" in loaded.output
        assert "demo figures" in loaded.output
        assert "warrantor check " in loaded.output
        assert skipped.exit_code == 0, skipped.output
        engine = create_db_engine(empty_database_url)
        try:
            with engine.connect() as connection:
                stored = connection.scalar(select(func.count()).select_from(units))
        finally:
            engine.dispose()
        # 120 generated units, plus the replacement units the workshop demo adds.
        assert stored is not None and stored > 120
        assert f"not loaded: {stored} units are already stored" in skipped.output
        assert "Try:" in skipped.output and "warrantor check " in skipped.output  # README


def test_no_units_is_refused(uow_factory: UnitOfWorkFactory, book: PolicyBook) -> None:
    from warrantor.errors import InvalidInput

    with pytest.raises(InvalidInput):
        load_demo(uow_factory, book, CLOCK, units=0)
