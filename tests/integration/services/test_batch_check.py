"""The chunked batch check: compact answers from the projection equal the engine's, each
line keeps its own error and its place, and a unit whose projection is behind a policy
change (or missing) is answered by the full evaluation, saying so, until the recompute
reaches it."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from projection_support import stored_projection
from warrantor.errors import Ambiguous, InvalidInput, NotFound
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Outcome
from warrantor.services.installed_base.batch_check import check_many_compact, check_many_full
from warrantor.services.installed_base.check import BatchItem, check_serial
from warrantor.services.installed_base.coverage_projection import recompute_projections
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.coverage_projection import ProjectionRepository
from warrantor.store.tables_coverage import coverage_projection

POLICIES = Path(__file__).resolve().parents[3] / "policies"

UNITS = [
    {"brand": "QNAP", "serial": "QB0001", "model": "TS-453 Pro", "purchased_on": "2025-06-01",
     "proof_of_purchase": "INV-1", "country_of_purchase": "US"},
    {"brand": "QNAP", "serial": "QB0002", "model": "TS-453 Pro", "purchased_on": "2019-06-01",
     "proof_of_purchase": "INV-2", "country_of_purchase": "US"},
    {"brand": "QNAP", "serial": "QB0003", "model": "TS-453 Pro", "purchased_on": "2025-06-01"},
    {"brand": "Netac", "serial": "NB0001", "model": "NV3000 1TB", "manufactured_on": "2024-03-01"},
    {"brand": "QNAP", "serial": "SHARED9", "model": "TS-453 Pro", "purchased_on": "2025-06-01",
     "proof_of_purchase": "INV-3"},
    {"brand": "Netac", "serial": "SHARED9", "model": "NV3000 1TB", "manufactured_on": "2024-03-01"},
]  # fmt: skip
ASKED = date(2026, 7, 1)


def items(*serials: str | tuple[str, str]) -> list[BatchItem]:
    return [
        BatchItem(row=i, serial=s, brand=None) if isinstance(s, str) else BatchItem(i, s[1], s[0])
        for i, s in enumerate(serials)
    ]


@pytest.fixture
def units(add_units: Any) -> None:
    assert add_units(UNITS).rejected == 0


@pytest.mark.usefixtures("units")
@pytest.mark.parametrize("chunk_size", [1000, 2])
def test_compact_answers_are_the_engines_in_the_order_asked(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, chunk_size: int
) -> None:
    asked = items("QB0001", "qb0002", "NB0001", "QB0003", ("Netac", "SHARED9"), "QB0001")

    answers = list(check_many_compact(uow_factory, policy_book, asked, ASKED, chunk_size))

    assert [a.item for a in answers] == asked
    for answer in answers:
        assert answer.result is not None and answer.error is None
        full = check_serial(
            uow_factory, policy_book, answer.item.serial, ASKED, brand=answer.item.brand
        ).decision
        assert (answer.result.answered_from, answer.result.projection) == ("projection", "current")
        assert answer.result.answer.outcome == full.outcome
        assert answer.result.answer.determining == full.determining
        applies = answer.result.answer.applies
        assert (applies.ends_on if applies else None) == (
            full.applies.ends_on if full.applies else None
        )
    outcomes = [a.result.answer.outcome for a in answers if a.result]
    assert outcomes[:4] == [
        Outcome.COVERED,
        Outcome.NOT_COVERED,  # bought 2019: expired
        Outcome.COVERED,  # Netac: from the manufacture date
        Outcome.NEEDS_INFORMATION,  # QNAP without proof of purchase
    ]


@pytest.mark.usefixtures("units")
@pytest.mark.parametrize("form", ["compact", "full"])
def test_each_line_gets_its_own_error_and_keeps_its_place(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, form: str
) -> None:
    asked = items("QB0001", "not a serial!", "NOSUCH1", "SHARED9", ("Crucial", "QB0001"))
    check = check_many_compact if form == "compact" else check_many_full

    answers = list(check(uow_factory, policy_book, asked, ASKED, 2))

    assert [a.item.row for a in answers] == [0, 1, 2, 3, 4]
    assert answers[0].result is not None
    assert isinstance(answers[1].error, InvalidInput)
    assert isinstance(answers[2].error, NotFound) and "NOSUCH1" in answers[2].error.message
    assert isinstance(answers[3].error, Ambiguous)
    assert answers[3].error.choices == ["Netac", "QNAP"]
    assert isinstance(answers[4].error, NotFound) and "Crucial" in answers[4].error.message


@pytest.mark.usefixtures("units")
def test_the_full_form_is_the_single_checks_answer(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    (answer,) = check_many_full(uow_factory, policy_book, items("NB0001"), ASKED)

    single = check_serial(uow_factory, policy_book, "NB0001", ASKED, projected=False)
    assert answer.result == single
    projected = check_serial(uow_factory, policy_book, "NB0001", ASKED)
    assert projected.answered_from == "projection"
    assert (projected.unit, projected.decision) == (single.unit, single.decision)


@pytest.fixture
def changed_book(tmp_path: Path) -> PolicyBook:
    """The shipped policies plus a QNAP version 2026.1, in force from 2016, that gives the
    TS-x53 series three years instead of two."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    text = (folder / "qnap.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2015.1"', 'version = "2026.1"', 1)
    text = text.replace("effective_from = 2015-01-01", "effective_from = 2016-01-01", 1)
    lines = text.split("\n")
    series = lines.index('id = "TS-x53"')
    years = next(i for i in range(series, series + 10) if lines[i].startswith("standard_years"))
    lines[years] = "standard_years = 3"
    (folder / "qnap-2026.toml").write_text("\n".join(lines), encoding="utf-8")
    return PolicyBook.from_dir(folder)


@pytest.mark.usefixtures("units")
def test_a_policy_change_is_answered_by_the_engine_until_the_recompute_reaches_the_unit(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, changed_book: PolicyBook
) -> None:
    later = date(2027, 8, 1)  # after two years from 2025-06-01, before three
    old = stored_projection(uow_factory, "QNAP", "QB0001")
    assert old is not None and old.policy_version == "2015.1"

    (before,) = check_many_compact(uow_factory, changed_book, items("QB0001"), later)

    assert before.result is not None
    assert (before.result.answered_from, before.result.projection) == ("evaluation", "behind")
    assert before.result.answer.outcome is Outcome.COVERED  # the new version's three years
    assert before.result.answer.policy_version == "2026.1"
    assert before.result.answer.covered_until == date(2028, 5, 31)

    progress = list(recompute_projections(uow_factory, changed_book, chunk_size=2))

    assert progress[-1].examined == len(UNITS)
    assert progress[-1].recomputed == 4  # the QNAP units started since 2016 (Netac unchanged)
    (after,) = check_many_compact(uow_factory, changed_book, items("QB0001"), later)
    assert after.result is not None
    assert (after.result.answered_from, after.result.projection) == ("projection", "current")
    assert after.result.answer == before.result.answer
    again = list(recompute_projections(uow_factory, changed_book))
    assert again[-1].recomputed == 0  # resumable: a second run only reads


@pytest.mark.usefixtures("units")
def test_a_unit_without_a_projection_is_answered_by_the_engine(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    with uow_factory() as uow:
        unit_id = uow.units.id_of("Netac", "NB0001")
        uow.connection.execute(
            coverage_projection.delete().where(coverage_projection.c.unit_id == unit_id)
        )

    (answer,) = check_many_compact(uow_factory, policy_book, items("NB0001"), ASKED)

    assert answer.result is not None
    assert (answer.result.answered_from, answer.result.projection) == ("evaluation", "missing")
    assert answer.result.answer.outcome is Outcome.COVERED
    list(recompute_projections(uow_factory, policy_book))
    with uow_factory() as uow:
        assert ProjectionRepository(uow.connection).get(unit_id or 0) is not None


@pytest.mark.usefixtures("units")
def test_the_periodic_duty_catches_up_after_a_policy_change_and_is_cheap_otherwise(
    runtime: Any, changed_book: PolicyBook
) -> None:
    from dataclasses import replace

    from warrantor.jobs.duties import DUTIES, DutyContext

    duty = next(d for d in DUTIES if d.name == "recompute_coverage")
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)

    assert duty.work(DutyContext(runtime), now) == (
        "no coverage projection behind the policies in force"
    )
    changed = DutyContext(replace(runtime, book=changed_book))
    done = duty.work(changed, now)
    assert done.startswith("4 coverage projections recomputed of 6 units")
    assert "behind: QNAP 2015.1" in done
    assert duty.work(changed, now) == "no coverage projection behind the policies in force"


@pytest.mark.usefixtures("units")
def test_the_single_check_is_answered_by_the_engine_while_its_projection_is_behind(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, changed_book: PolicyBook
) -> None:
    """Change a policy, check a unit before the recompute reaches it: the full evaluation
    answers (by the new version); after the recompute, the projection, the same answer."""
    later = date(2027, 8, 1)

    before = check_serial(uow_factory, changed_book, "QB0001", later, brand="QNAP")

    assert before.answered_from == "evaluation"
    assert before.decision.policy_version == "2026.1"
    assert before.decision.outcome is Outcome.COVERED  # the new version's three years
    list(recompute_projections(uow_factory, changed_book))
    after = check_serial(uow_factory, changed_book, "QB0001", later, brand="QNAP")
    assert after.answered_from == "projection"
    assert (after.unit, after.decision) == (before.unit, before.decision)


@pytest.mark.usefixtures("units")
def test_a_projection_stored_without_details_is_answered_by_the_engine_until_recomputed(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    """Rows stored before the details were kept: the single check evaluates them, and the
    recompute (the periodic duty's, without ``everything``) fills them in."""
    with uow_factory() as uow:
        uow.connection.execute(coverage_projection.update().values(details=None))

    before = check_serial(uow_factory, policy_book, "QB0001", ASKED, brand="QNAP")

    assert before.answered_from == "evaluation"
    progress = list(recompute_projections(uow_factory, policy_book))
    assert progress[-1].recomputed == len(UNITS)
    after = check_serial(uow_factory, policy_book, "QB0001", ASKED, brand="QNAP")
    assert after.answered_from == "projection"
    assert (after.unit, after.decision) == (before.unit, before.decision)
    assert list(recompute_projections(uow_factory, policy_book))[-1].recomputed == 0
