"""The workshop's arithmetic: TBW carried to a replacement drive, the original coverage's
end, and the repair cover (the longer of the rest and the minimum)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warrantor.policy.decision import CoverageKind, CoverageTerm, Decision, Outcome
from warrantor.policy.workshop_rules import carried_usage, coverage_until, repair_cover

TB = 10**12


def test_a_same_model_replacement_carries_the_bytes_the_old_drive_wrote() -> None:
    assert carried_usage(550 * TB, 600 * TB, 600 * TB) == 550 * TB


def test_a_bigger_substitute_starts_where_the_same_tbw_is_left() -> None:
    assert carried_usage(550 * TB, 600 * TB, 1200 * TB) == 1150 * TB


def test_a_smaller_substitute_never_starts_below_zero() -> None:
    assert carried_usage(10 * TB, 600 * TB, 300 * TB) == 0


def test_a_drive_past_its_limit_leaves_nothing_to_its_replacement() -> None:
    assert carried_usage(700 * TB, 600 * TB, 600 * TB) == 600 * TB


def test_unknown_limits_carry_the_bytes_written() -> None:
    assert carried_usage(5 * TB, None, 600 * TB) == 5 * TB


def test_negative_usage_is_refused() -> None:
    with pytest.raises(ValueError):
        carried_usage(-1, None, None)


@given(
    used=st.integers(0, 2000 * TB),
    old=st.integers(1, 2000 * TB),
    new=st.integers(1, 2000 * TB),
)
def test_the_tbw_left_is_kept_whenever_the_new_limit_allows_it(
    used: int, old: int, new: int
) -> None:
    carried = carried_usage(used, old, new)
    left_before = max(old - used, 0)
    assert new - carried == min(left_before, new)


def decision(*terms: CoverageTerm, voided: bool = False) -> Decision:
    return Decision(
        outcome=Outcome.COVERED,
        brand="QNAP",
        policy_id="qnap",
        policy_version="1",
        on=date(2026, 11, 23),
        summary="",
        terms=terms,
        voided=voided,
    )


STANDARD = CoverageTerm(CoverageKind.STANDARD, date(2024, 5, 2), date(2026, 5, 1))
EXTENDED = CoverageTerm(CoverageKind.EXTENDED, date(2026, 5, 2), date(2027, 5, 1))
GLOBAL = CoverageTerm(CoverageKind.GLOBAL_SERVICE, date(2024, 5, 2), date(2029, 5, 1))


def test_the_original_coverage_runs_to_its_last_term_global_service_aside() -> None:
    assert coverage_until(decision(STANDARD, EXTENDED, GLOBAL)) == date(2027, 5, 1)


def test_a_void_unit_has_no_original_coverage_left() -> None:
    assert coverage_until(decision(STANDARD, EXTENDED, voided=True)) is None
    assert coverage_until(decision()) is None


def test_repair_cover_is_three_months_from_shipping_when_the_rest_is_shorter() -> None:
    cover = repair_cover(date(2026, 11, 23), date(2027, 2, 21), 3, "fan")
    assert (cover.starts_on, cover.ends_on, cover.reason) == (
        date(2026, 11, 23),
        date(2027, 2, 22),
        "fan",
    )


def test_repair_cover_is_the_rest_of_the_original_when_that_is_longer() -> None:
    assert repair_cover(date(2026, 11, 23), date(2027, 2, 23), 3, "").ends_on == date(2027, 2, 23)


def test_repair_cover_without_original_coverage_is_the_minimum() -> None:
    assert repair_cover(date(2026, 11, 30), None, 3, "").ends_on == date(2027, 2, 28)
