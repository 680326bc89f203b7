"""Property test, on both engines: for random units and histories stored in the database,
the batch check's answer read from the stored projection equals the full evaluation's
(outcome, term in force with its dates, every term's dates, usage, determining clause
ids, policy version) on random days and on each day the answer may turn; and the single
check's answer from the projection is the full evaluation's whole ``Decision`` (summary,
supporting clauses with their sentences, missing facts, facts used, notes, each term's
clauses and note) with the same unit (its findings too).

At most ``EXAMPLES`` examples per engine (200 in CI; ``WARRANTOR_PROJECTION_EXAMPLES``
for a longer search). Each example is written in a savepoint and rolled back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projection_strategies import BOOK, EXAMPLES, History, assert_same_answer, days, histories
from warrantor.policy.projection import answer_of, answer_on
from warrantor.services.installed_base.batch_check import check_many_compact
from warrantor.services.installed_base.catalogue import ModelCatalogue, sync_catalogue
from warrantor.services.installed_base.check import BatchItem, check_serial
from warrantor.services.installed_base.coverage_projection import facts_of, refresh_projections
from warrantor.services.installed_base.projection_codec import decode
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_facts import read_coverage_facts
from warrantor.store.coverage_projection import ProjectionRepository
from warrantor.store.tables import accounts
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_rma import rmas
from warrantor.store.tables_workshop import repair_coverages
from warrantor.store.units import UnitRecord

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def catalogue(uow_factory: UnitOfWorkFactory) -> None:
    """The policies' brands and product lines, stored once for all examples."""
    sync_catalogue(uow_factory, BOOK)


class Undo(Exception):
    """Ends an example: its savepoint rolls back."""


def store(uow: UnitOfWork, history: History) -> int:
    """The unit and its history, written through the store as the services write them."""
    unit = history.unit
    brand = uow.catalogue.brand_named(unit.brand)
    assert brand is not None
    model_id = ModelCatalogue(uow, BOOK).ensure_model_id(brand.id, brand.name, unit.model)
    uow.units.upsert(
        UnitRecord(
            brand_id=brand.id,
            serial=unit.serial,
            model_id=model_id or 0,
            manufactured_on=unit.manufactured_on,
            first_invoiced_on=unit.first_invoiced_on,
            purchased_on=unit.purchased_on,
            proof_of_purchase=unit.proof_of_purchase,
            country_of_purchase=unit.country_of_purchase,
        ),
        NOW,
    )
    unit_id = uow.units.id_of(unit.brand, unit.serial)
    assert unit_id is not None
    for finding in unit.voiding_findings:
        uow.units.add_finding(unit_id, finding, "tech", NOW)
    if history.reading is not None:
        uow.units.add_reading(unit_id, history.reading, NOW)
    if history.extensions:
        buyer = uow.connection.execute(
            accounts.insert()
            .values(code="B", name="B", kind="distributor", is_direct_customer=True, created_at=NOW)
            .returning(accounts.c.id)
        ).scalar_one()
        for extension in history.extensions:
            uow.connection.execute(
                unit_extensions.insert().values(
                    unit_id=unit_id,
                    years=extension.years,
                    purchased_on=extension.purchased_on,
                    starts_on=extension.purchased_on,
                    ends_on=extension.purchased_on,
                    dates_from="purchase_date",
                    buyer_account_id=buyer,
                    granted_at=NOW,
                )
            )
    if history.repairs:
        rma_id = uow.connection.execute(
            rmas.insert()
            .values(
                unit_id=unit_id, brand=unit.brand, serial=unit.serial, model=unit.model,
                state="closed", opened_by_label="t", contact_name="t",
                contact_email="t@example.com", symptom="t", service_country="US",
                service_point="c", opened_at=NOW, updated_at=NOW,
            )
            .returning(rmas.c.id)
        ).scalar_one()  # fmt: skip
        for cover in history.repairs:
            uow.connection.execute(
                repair_coverages.insert().values(
                    rma_id=rma_id, unit_id=unit_id, kind="repaired_part", part=None,
                    starts_on=cover.starts_on, ends_on=cover.ends_on, minimum_months=3,
                    fixed=True, reason=cover.reason, created_at=NOW,
                )
            )  # fmt: skip
    return unit_id


known_models = histories().filter(
    lambda h: BOOK.version_for(h.unit.brand, None).line_of(h.unit.model) is not None
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=known_models, asked=st.lists(days, min_size=1, max_size=3))
def test_the_stored_projection_answers_as_the_full_evaluation(
    uow_factory: UnitOfWorkFactory, catalogue: None, history: History, asked: list[date]
) -> None:
    unit = history.unit
    with pytest.raises(Undo), uow_factory() as uow:
        unit_id = store(uow, history)
        refresh_projections(uow, BOOK, [unit_id])
        # through the batch check and the single check, as a caller asks
        item = BatchItem(0, unit.serial, unit.brand)
        (compact,) = check_many_compact(uow_factory, BOOK, [item], asked[0])
        assert compact.result is not None, compact.error
        assert (compact.result.answered_from, compact.result.projection) == (
            "projection",
            "current",
        )
        full = check_serial(uow_factory, BOOK, unit.serial, asked[0], unit.brand, projected=False)
        assert compact.result.answer == answer_of(full.decision)
        # the single check from the projection: the whole answer (unit and decision) is the
        # full evaluation's, on each day asked
        for day in asked:
            single = check_serial(uow_factory, BOOK, unit.serial, day, unit.brand)
            evaluated = check_serial(
                uow_factory, BOOK, unit.serial, day, unit.brand, projected=False
            )
            assert single.answered_from == "projection"
            assert (single.unit, single.decision) == (evaluated.unit, evaluated.decision)
            assert list(single.decision.facts_used) == list(evaluated.decision.facts_used)
        # every other day: the stored row, and the facts as stored, each read once
        row = ProjectionRepository(uow.connection).get(unit_id)
        assert row is not None
        stored = decode(row)
        facts = read_coverage_facts(uow.connection, [unit_id])[unit_id]
        turning = [d for day in _turning(history) for d in (day, day - timedelta(days=1))]
        for day in [*asked, *turning]:
            assert_same_answer(answer_on(stored, day), BOOK.evaluate(facts_of(facts, day)))
        raise Undo


def _turning(history: History) -> list[date]:
    """Days the answer may turn on, from what the unit holds (a superset is harmless)."""
    unit = history.unit
    found = [d for d in (unit.purchased_on, unit.manufactured_on, unit.first_invoiced_on) if d]
    found += [e.purchased_on for e in history.extensions]
    found += [d for r in history.repairs for d in (r.starts_on, r.ends_on + timedelta(days=1))]
    if history.reading is not None:
        found.append(history.reading.read_on)
    return found
