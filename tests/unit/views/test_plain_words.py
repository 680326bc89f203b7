"""Pages speak the customer's language: plain coverage answers, names instead of codes."""

from __future__ import annotations

from datetime import date

from warrantor.policy.decision import Outcome
from warrantor.policy.text import is_table_row
from warrantor.views.coverage import CoverageAnswer, CoverageOut, ReasonOut, UsageOut
from warrantor.views.coverage_plain import plain_answer, public_note
from warrantor.views.names import day, money, order_state, rma_state
from warrantor.views.rma_next_step import what_happens_next
from warrantor.views.rmas import DueOut, RmaOut

ON = date(2026, 12, 7)
STANDARD = CoverageOut(
    kind="standard", starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30), in_force=False,
    clause_ids=["qnap.table.2-year"],
)  # fmt: skip
EXTENDED = CoverageOut(
    kind="extended", starts_on=date(2026, 12, 1), ends_on=date(2027, 11, 30), in_force=True,
    clause_ids=["qnap.ext.supplemental-begins"],
)  # fmt: skip
TABLE_ROW = "TS-x51 NAS Series TS-x53 NAS Series 2 Year Included 1 Additional Year / Max 3 Year"


def _answer(**changes: object) -> CoverageAnswer:
    fields: dict[str, object] = dict(
        brand="QNAP", serial="Q1", model="TS-453 Pro", product_line="TS-x53", on=ON,
        covered=True, outcome=Outcome.COVERED, summary="", covered_until=EXTENDED.ends_on,
        applies=EXTENDED, coverages=[STANDARD, EXTENDED], usage=None, voided=False,
        voiding_findings=[], determining=["qnap.ext.supplemental-begins"], supporting=[],
        reasons=[
            ReasonOut(clause_id="qnap.ext.supplemental-begins", role="determining",
                      text="QNAP Extended Warranty Service begins on the date the standard "
                      "warranty expires."),
            ReasonOut(clause_id="qnap.table.2-year", role="supporting", text=TABLE_ROW),
            ReasonOut(clause_id="qnap.region.usa-canada", role="supporting",
                      text="Valid within USA and Canada only.", inferred="FACTS.md says so"),
            ReasonOut(clause_id="qnap.ext.usa-canada", role="determining",
                      text="Valid within USA and Canada only."),
        ],
        errors=[], missing=[], notes=[], facts_used={}, policy_id="qnap", policy_version="1",
    )  # fmt: skip
    fields.update(changes)
    return CoverageAnswer.model_validate(fields)


def test_a_covered_answer_reads_as_a_sentence_naming_the_coverage_and_the_line() -> None:
    plain = plain_answer(_answer(), "TS-x53 NAS Series")
    assert plain.headline == (
        "Covered until 30 November 2027 by the extended warranty of the TS-x53 NAS Series (1 year)."
    )
    assert [(r.kind, r.status) for r in plain.rows] == [
        ("standard warranty", "Ended 30 November 2026"),
        ("extended warranty", "Applies"),
    ]


def test_deciding_sentences_come_first_each_once_and_table_cells_are_never_quoted() -> None:
    plain = plain_answer(_answer(), "TS-x53 NAS Series")
    assert [r.clause_ids for r in plain.decided_by] == [
        ["qnap.ext.supplemental-begins"],
        ["qnap.region.usa-canada", "qnap.ext.usa-canada"],  # one sentence, two ids, once
    ]
    table = plain.also[0]
    assert table.table_row and table.quote is None and table.clause_ids == ["qnap.table.2-year"]
    assert len(plain.also) == 1


def test_a_coverage_in_force_does_not_count_when_its_tbw_is_used_up() -> None:
    used_up = UsageOut(limit_bytes=10, limit_tb=0.0, used_bytes=10, remaining_bytes=0,
                       remaining_tb=0.0, status="limit reached")  # fmt: skip
    plain = plain_answer(
        _answer(covered=False, outcome=Outcome.NOT_COVERED, usage=used_up, covered_until=None),
        "TS-x53 NAS Series",
    )
    assert plain.headline.endswith(": its TBW (bytes written) limit is used up.")
    assert plain.rows[1].status == "Doesn't count: its TBW (bytes written) limit is used up"
    assert not any(r.counts for r in plain.rows)


def test_a_unit_outside_the_region_of_its_coverage_has_no_row_that_counts() -> None:
    standard = CoverageOut(
        kind="standard", starts_on=date(2022, 5, 1), ends_on=date(2027, 4, 30), in_force=True,
        clause_ids=["qnap.table.ecx80u-sas"],
    )  # fmt: skip
    plain = plain_answer(
        _answer(covered=False, outcome=Outcome.NOT_COVERED, covered_until=None, applies=None,
                coverages=[standard], determining=["qnap.global-footnote"],
                summary="Not covered here: service is given only in the region of purchase "
                "(DE), not in US."),
    )  # fmt: skip
    why = "the unit is outside the region this coverage is valid in"
    assert plain.headline == f"Not covered on 7 December 2026: {why}."
    assert [r.status for r in plain.rows] == [f"Doesn't count: {why}"]


def test_a_counterfeit_or_voided_unit_has_no_row_that_counts() -> None:
    plain = plain_answer(
        _answer(covered=False, outcome=Outcome.NOT_COVERED, voided=True,
                voiding_findings=["counterfeit"], covered_until=None),
        "",
    )  # fmt: skip
    assert plain.headline == "Not covered on 7 December 2026: the warranty is void (counterfeit)."
    assert plain.rows[1].status == "Doesn't count: the warranty is void (counterfeit)"


def test_table_rows_and_headings_are_told_from_sentences() -> None:
    assert is_table_row(TABLE_ROW)
    assert is_table_row("| Crucial MX500 | 250GB 100 | 5 |")
    assert is_table_row("Warranty Period")
    assert not is_table_row("The term of the applicable warranty period has expired.")


def test_a_public_note_leaves_out_our_own_files() -> None:
    note = "NV7000: Demo figures, not Netac's: the tables are lost (sources/netac.md)."
    assert public_note(note) == "NV7000: Demo figures, not Netac's: the tables are lost."


def test_names_days_money_and_states_read_as_words() -> None:
    assert day(date(2027, 4, 29)) == "29 April 2027"
    assert money(300000, "CNY") == "CNY 3000.00"
    assert money(1500, "JPY") == "JPY 1500"
    assert rma_state("awaiting_unit") == "Waiting for the unit"
    assert order_state("awaiting_payment") == "Waiting for payment"


def test_the_customer_is_told_what_happens_next_with_the_due_day() -> None:
    due = DueOut(due_on=date(2026, 12, 9), due_at=ON, provisional=False, clause_ids=[])
    rma = RmaOut.model_validate(dict(
        id=1, number=None, state="documents_validated", brand="QNAP", serial="Q1",
        model="TS-453 Pro", customer=None, opened_by=None, contact_name="Ann",
        contact_email="a@b.c", symptom="fan", proof_of_purchase="INV-1", service_country="US",
        service_point="qnap-us", opened_at=ON, documents_validated_at=ON, number_issued_at=None,
        received_on=None, shipped_at=None, closed_at=None, number_due=due, repair_due=None,
        needs_attention=False, attention_reason=None,
    ))  # fmt: skip
    assert what_happens_next(rma) == (
        "Your documents are in order; we issue your RMA number next. It is due by 9 December 2026."
    )
