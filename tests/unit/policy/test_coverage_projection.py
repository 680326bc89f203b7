"""The coverage projection answers every day as the engine does (property tests, pure).

For random units and histories, the projection's answer on a random day, on
each day its answer may turn and on the day before, equals the full
evaluation's: outcome, term in force and every term's dates, usage status,
determining clause ids, policy version. Also through the bulk paths' cache and
through the stored encoding.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from projection_strategies import BOOK, EXAMPLES, History, assert_same_answer, days, histories
from warrantor.domain.units import Unit
from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.facts import Facts
from warrantor.policy.projection import ANY_DAY, ProjectionCache, answer_on, project
from warrantor.policy.projection_decision import decision_on
from warrantor.services.installed_base.projected_answers import ProjectedAnswers
from warrantor.services.installed_base.projection_codec import decode, decode_for_day, encode


def _facts(history: History, on: date) -> Facts:
    return Facts(
        unit=history.unit,
        on=on,
        extensions=history.extensions,
        repair_coverages=history.repairs,
        reading=history.reading,
    )


def _asked_days(history: History, some: list[date]) -> list[date]:
    """The drawn days, and each day the answer may turn on with the day before it."""
    turning = [s.starts_on for s in project(BOOK, _facts(history, some[0])).stretches]
    edges = [d for day in turning if day for d in (day, day - timedelta(days=1))]
    if history.reading is not None:
        edges += [history.reading.read_on, history.reading.read_on - timedelta(days=1)]
    return [*some, *edges]


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), st.lists(days, min_size=1, max_size=4))
def test_the_projection_answers_each_day_as_the_full_evaluation(
    history: History, some: list[date]
) -> None:
    projection = project(BOOK, _facts(history, some[0]))
    for day in _asked_days(history, some):
        assert_same_answer(answer_on(projection, day), BOOK.evaluate(_facts(history, day)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), st.lists(days, min_size=1, max_size=4))
def test_the_projection_rebuilds_the_whole_decision_of_each_day(
    history: History, some: list[date]
) -> None:
    """What the single check shows: the whole ``Decision`` (summary, supporting clauses and
    their sentences, missing facts, facts used, notes, each term's clauses and note), read
    back from the stored row as the check reads it."""
    stored = decode(encode(1, 1, project(BOOK, _facts(history, some[0]))))
    policy = BOOK.judging(history.unit)
    for day in _asked_days(history, some):
        rebuilt, evaluated = decision_on(policy, stored, day), BOOK.evaluate(_facts(history, day))
        assert rebuilt == evaluated
        assert rebuilt is not None  # and the facts in the engine's order, as answers show them
        assert list(rebuilt.facts_used.items()) == list(evaluated.facts_used.items())


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), histories(), days)
def test_the_bulk_cache_gives_each_unit_its_own_answer(
    first: History, second: History, day: date
) -> None:
    cache = ProjectionCache(BOOK)
    for history in (first, second, first):
        made = cache.project(_facts(history, day))
        assert_same_answer(answer_on(made, day), BOOK.evaluate(_facts(history, day)))
        assert made == project(BOOK, _facts(history, day))


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), histories())
def test_the_import_path_of_the_cache_gives_each_row_the_engines_projection(
    first: History, second: History
) -> None:
    """``project_row`` (an imported row: the unit alone) gives what ``project`` gives, and the
    same token as ``project_keyed`` for units alike, another for units not alike."""
    cache = ProjectionCache(BOOK)
    tokens = []
    for history in (first, second, first):
        alone = Facts(unit=history.unit, on=ANY_DAY)
        made, token, region = cache.project_row(history.unit)
        assert replace(made, region=region) == project(BOOK, alone)
        assert cache.project_keyed(alone)[1] == token
        tokens.append(token)
    assert tokens[0] == tokens[2]
    alike = cache.project_row(second.unit)[0] is cache.project_row(first.unit)[0]
    assert (tokens[0] == tokens[1]) == alike


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), days)
def test_a_stored_projection_reads_back_the_same(history: History, day: date) -> None:
    projection = project(BOOK, _facts(history, day))
    assert decode(encode(1, 1, projection)) == projection


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), st.lists(days, min_size=1, max_size=4))
def test_a_stored_projection_cut_to_a_day_answers_that_day_as_the_whole(
    history: History, some: list[date]
) -> None:
    row = encode(1, 1, project(BOOK, _facts(history, some[0])))
    for day in _asked_days(history, some):
        assert answer_on(decode_for_day(row, day), day) == answer_on(decode(row), day)


def test_a_plain_unit_is_not_covered_before_its_start_covered_in_its_term_and_not_after() -> None:
    plain = Unit(
        brand="QNAP",
        serial="Q1",
        model="TS-453 Pro",
        purchased_on=date(2023, 5, 2),
        proof_of_purchase="INV",
        country_of_purchase="US",
    )
    projection = project(BOOK, Facts(unit=plain, on=date(2024, 1, 1)))

    before = answer_on(projection, date(2023, 5, 1))
    during = answer_on(projection, date(2024, 1, 1))
    after = answer_on(projection, date(2025, 5, 2))

    assert before.outcome is Outcome.NOT_COVERED
    assert during.outcome is Outcome.COVERED
    assert during.applies is not None and during.applies.kind is CoverageKind.STANDARD
    assert during.covered_until == date(2025, 5, 1)
    assert after.outcome is Outcome.NOT_COVERED
    assert projection.covered_from == date(2023, 5, 2)
    assert projection.last_term is not None and projection.last_term.ends_on == date(2025, 5, 1)
    assert projection.region is not None


@settings(max_examples=EXAMPLES, deadline=None)
@given(histories(), histories(), days)
def test_the_answers_kept_across_batches_give_each_row_the_engines_answer(
    first: History, second: History, day: date
) -> None:
    """``ProjectedAnswers`` (which the API keeps across batches): each stored row gets the
    answer the engine gives its unit, rows alike the same answer object, also once the
    memo has started again past its bound."""
    for bound in (ProjectedAnswers.MAX_KEPT, 1):  # 1: starts again at every new answer
        kept = ProjectedAnswers()
        kept.MAX_KEPT = bound
        for unit_id, history in enumerate((first, second, first)):
            row = encode(unit_id, 1, project(BOOK, _facts(history, day)))
            assert_same_answer(kept.answer(row, day), BOOK.evaluate(_facts(history, day)))
        alike = encode(9, 1, project(BOOK, _facts(first, day)))
        assert kept.answer(alike, day) is kept.answer(alike, day)
