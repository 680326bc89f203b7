"""`warrantor check`'s text: no coverage row contradicts the verdict (issue #25, item 1)."""

from __future__ import annotations

from datetime import date

from warrantor.cli.check import render_text
from warrantor.policy.decision import Outcome
from warrantor.views.coverage import CoverageAnswer, CoverageOut


def test_a_void_units_coverage_in_its_term_says_it_doesnt_count() -> None:
    standard = CoverageOut(
        kind="standard", starts_on=date(2026, 11, 22), ends_on=date(2029, 11, 21), in_force=True,
        clause_ids=["netac.period-table"],
    )  # fmt: skip
    answer = CoverageAnswer.model_validate(
        dict(
            brand="Netac", serial="NT1", model="SA500 256GB", product_line="netac-sata",
            on=date(2026, 12, 7), covered=False, outcome=Outcome.NOT_COVERED,
            summary="Not covered: the warranty of this unit is void.", covered_until=None,
            applies=None, coverages=[standard], usage=None, voided=True,
            voiding_findings=["counterfeit"], determining=["netac.counterfeit"], supporting=[],
            reasons=[], errors=[], missing=[], notes=[], facts_used={}, policy_id="netac",
            policy_version="1",
        )
    )  # fmt: skip

    text = render_text(answer, "Netac SATA SSD")

    row = "  standard warranty  2026-11-22 .. 2029-11-21  Doesn't count: the warranty is void"
    assert row + " (counterfeit)\n" in text
    assert "in force" not in text
