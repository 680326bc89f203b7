"""The policy's charges rule decides whether a covered repair is quoted, and what is free
(issue 19, item 5).

QNAP's rule puts parts and labour on the maker and makes remote troubleshooting free: a
covered claim goes straight to repair. In a copy of the policy whose rule leaves parts to
the customer, the same claim needs a quote for them, citing the rule, and waits for the
customer's answer like a paid repair.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from workshop_support import QNAP_UNIT, TECHNICIAN, Workshop, customer

from warrantor.errors import InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.rma.decision import DecisionResult, QuoteInput, answer_quote, decide
from warrantor.services.rma.inspection import record_findings

POLICIES = Path(__file__).resolve().parents[3] / "policies"
CHARGES = 'parts = "maker"\nlabour = "maker"\nremote_troubleshooting = true'
CHARGES_CLAUSES = ["qnap.free-warranty", "qnap.no-hidden-fee", "qnap.benefit.parts-and-labor",
                   "qnap.benefit.remote-troubleshooting"]  # fmt: skip


def book_with_charges(tmp_path: Path, charges: str) -> PolicyBook:
    """The seed policies, QNAP's charges rule replaced by ``charges``."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    qnap = folder / "qnap.toml"
    text = qnap.read_text("utf-8")
    assert text.count(CHARGES) == 1
    qnap.write_text(text.replace(CHARGES, charges), encoding="utf-8")
    return PolicyBook.from_dir(folder)


def inspected_covered_claim(workshop: Workshop) -> int:
    """A QNAP claim the policy covers (a power supply, no finding against it)."""
    rma = workshop.rma(QNAP_UNIT)
    record_findings(workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma.id, (),
                    workshop.now)  # fmt: skip
    return rma.id


def decide_with(
    workshop: Workshop, book: PolicyBook, rma_id: int, quote: QuoteInput | None = None
) -> DecisionResult:
    return decide(workshop.uow_factory, book, workshop.runtime.keys, TECHNICIAN, rma_id,
                  workshop.now, part_claimed="power_supply", quote=quote)  # fmt: skip


def last_step(workshop: Workshop, rma_id: int) -> tuple[str, str]:
    with workshop.uow_factory() as uow:
        line = uow.rmas.timeline(rma_id)[-1]
    return line.event, line.reason


def test_a_covered_repair_is_free_and_not_quoted_where_the_maker_pays(workshop: Workshop) -> None:
    rma_id = inspected_covered_claim(workshop)

    result = decide_with(workshop, workshop.runtime.book, rma_id)

    assert (result.decision.outcome, result.state, result.quote) == ("covered", "repairing", None)
    event, reason = last_step(workshop, rma_id)
    assert event == "decide_covered"
    assert reason.endswith("Free of charge: parts, labour, remote troubleshooting.")


def test_parts_left_to_the_customer_make_a_covered_repair_quoted(
    workshop: Workshop, tmp_path: Path
) -> None:
    book = book_with_charges(
        tmp_path, 'parts = "customer"\nlabour = "maker"\nremote_troubleshooting = true'
    )
    rma_id = inspected_covered_claim(workshop)

    with pytest.raises(InvalidInput) as caught:
        decide_with(workshop, book, rma_id)
    assert caught.value.problems[0].field == "quote_amount_minor"
    assert "charges the customer for parts" in caught.value.message
    assert ", ".join(CHARGES_CLAUSES) in caught.value.message
    with workshop.uow_factory() as uow:
        assert uow.workshop.decisions(rma_id) == ()
    assert workshop.get(rma_id).state == "inspecting"

    result = decide_with(workshop, book, rma_id, QuoteInput(4500, "USD", "power supply"))

    assert (result.decision.outcome, result.state) == ("covered", "quote_pending")
    assert result.quote is not None and result.quote.amount_minor == 4500
    event, reason = last_step(workshop, rma_id)
    assert event == "decide_covered_charged"
    assert reason.endswith("Free of charge: labour, remote troubleshooting.")
    with workshop.uow_factory() as uow:
        (mail,) = [m.body for m in uow.outbox.find() if m.topic == "rma.decided"]
    # the customer's mail joins the list in prose, as English does (issue 26)
    assert "Free of charge: labour and remote troubleshooting." in mail
    answered = answer_quote(
        workshop.uow_factory, workshop.runtime.book, customer("CUST-A"), rma_id, True, workshop.now
    )
    assert answered.state == "repairing"


def test_remote_troubleshooting_is_named_free_only_where_the_rule_says_so(
    workshop: Workshop, tmp_path: Path
) -> None:
    book = book_with_charges(tmp_path, 'parts = "maker"\nlabour = "maker"')
    rma_id = inspected_covered_claim(workshop)

    result = decide_with(workshop, book, rma_id)

    assert result.state == "repairing"
    assert last_step(workshop, rma_id)[1].endswith("Free of charge: parts, labour.")
