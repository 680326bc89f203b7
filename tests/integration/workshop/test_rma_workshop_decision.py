"""Decision: the policy engine decides the inspected claim; a paid quote when it says no."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from workshop_support import (
    FIXTURES,
    NETAC_UNIT,
    QNAP_UNIT,
    TECHNICIAN,
    Workshop,
    customer,
    open_rma,
)

from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from warrantor.services.rma.decision import QuoteInput, answer_quote, decide
from warrantor.services.rma.inspection import record_findings, upload_smart


def inspect(workshop: Workshop, rma_id: int, *findings: str) -> None:
    book = workshop.runtime.book
    record_findings(workshop.uow_factory, book, TECHNICIAN, rma_id, findings, workshop.now)


def smart(workshop: Workshop, rma_id: int, fixture: str, serial: str, **changes: int) -> None:
    document = json.loads((FIXTURES / fixture).read_text())
    document["serial_number"] = serial
    for path, value in changes.items():
        section, key = path.split("__")
        document[section][key] = value
    upload_smart(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        fixture,
        json.dumps(document).encode(),
        workshop.now,
    )


def decide_as_technician(workshop: Workshop, rma_id: int, **kwargs: object) -> object:
    return decide(
        workshop.uow_factory,
        workshop.runtime.book,
        workshop.runtime.keys,
        TECHNICIAN,
        rma_id,
        workshop.now,
        **kwargs,  # type: ignore[arg-type]
    )


def decided_mail(workshop: Workshop, number: str) -> list[str]:
    with workshop.uow_factory() as uow:
        return [m.body for m in uow.outbox.find(reference=number) if m.topic == "rma.decided"]


def test_a_covered_claim_is_stored_with_its_clauses_and_goes_to_repair(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id, "human_error")  # excluded only under the extended warranty

    result = decide_as_technician(workshop, rma.id, part_claimed="power_supply")

    assert result.state == "repairing"  # type: ignore[attr-defined]
    with workshop.uow_factory() as uow:
        stored = uow.workshop.decisions(rma.id)
    assert [d.outcome for d in stored] == ["covered"]
    decision = stored[0]
    assert "qnap.table.2-year" in decision.clause_ids
    assert {r.clause_id for r in decision.reasons} == set(decision.clause_ids)
    assert "qnap.table.2-year" in decision.determining
    assert decision.supporting and not set(decision.supporting) & set(decision.determining)
    assert decision.applies_kind == "standard"
    assert decision.applies_until is not None and decision.applies_until.isoformat() == (
        "2027-05-31"
    )
    assert decision.facts_used["findings"] == "human_error"
    assert decision.facts_used["part_claimed"] == "power_supply"
    assert decision.facts_used["service_country"] == "US"
    assert workshop.get(rma.id).state == "repairing"
    assert rma.number is not None
    assert decided_mail(workshop, rma.number)


def test_a_claim_that_is_not_covered_needs_a_quote_and_writes_nothing_without_one(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id, "mishandled")

    with pytest.raises(InvalidInput) as caught:
        decide_as_technician(workshop, rma.id)

    assert caught.value.problems[0].field == "quote_amount_minor"
    assert "mishandled" in caught.value.message
    with workshop.uow_factory() as uow:
        assert uow.workshop.decisions(rma.id) == ()
        assert uow.workshop.quotes(rma.id) == ()
    assert workshop.get(rma.id).state == "inspecting"


def test_a_claim_that_is_not_covered_gets_a_paid_quote_in_minor_units(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id, "mishandled")

    result = decide_as_technician(
        workshop, rma.id, quote=QuoteInput(amount_minor=12950, currency="usd", note="new board")
    )

    assert result.state == "quote_pending"  # type: ignore[attr-defined]
    with workshop.uow_factory() as uow:
        decision = uow.workshop.decisions(rma.id)[-1]
        quote = uow.workshop.quotes(rma.id)[-1]
    assert decision.outcome == "not_covered"
    assert "qnap.void.mishandled" in decision.clause_ids
    assert (quote.amount_minor, quote.currency, quote.answer) == (12950, "USD", None)
    assert rma.number is not None
    mail = decided_mail(workshop, rma.number)
    assert mail and "USD 129.50" in mail[0]


def test_an_unknown_part_claimed_is_refused_naming_the_field_and_nothing_is_stored(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id)

    with pytest.raises(InvalidInput) as caught:
        decide_as_technician(workshop, rma.id, part_claimed="flux_capacitor")

    assert caught.value.problems[0].field == "part_claimed"
    assert "flux_capacitor" in caught.value.message
    with workshop.uow_factory() as uow:
        assert uow.workshop.decisions(rma.id) == ()
    assert workshop.get(rma.id).state == "inspecting"


def test_a_bad_quote_currency_is_refused_naming_the_field(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id, "mishandled")

    with pytest.raises(InvalidInput) as caught:
        decide_as_technician(workshop, rma.id, quote=QuoteInput(100, "dollars"))

    assert caught.value.problems[0].field == "quote_currency"


def test_an_ssd_claim_without_a_reading_needs_information_and_stays_inspecting(
    workshop: Workshop,
) -> None:
    inspect_only = workshop.rma(NETAC_UNIT, service_country="CN")
    inspect(workshop, inspect_only.id)  # nothing found, no SMART report yet

    result = decide_as_technician(workshop, inspect_only.id)

    assert result.state == "inspecting"  # type: ignore[attr-defined]
    decision = result.decision  # type: ignore[attr-defined]
    assert decision.outcome == "needs_information"
    assert [m.fact for m in decision.missing] == ["bytes_written"]
    assert workshop.get(inspect_only.id).state == "inspecting"
    assert inspect_only.number is not None
    assert decided_mail(workshop, inspect_only.number) == []


def test_an_ssd_claim_is_decided_on_its_smart_reading(workshop: Workshop) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    smart(workshop, rma.id, "scrutiny__smart-nvme.json", NETAC_UNIT["serial"])

    result = decide_as_technician(workshop, rma.id)

    decision = result.decision  # type: ignore[attr-defined]
    assert decision.outcome == "covered"
    assert decision.facts_used["bytes_written"] == str(7_773_431 * 512_000)
    assert "netac.tbw-table" in decision.clause_ids


def test_a_claim_is_judged_on_the_day_it_was_opened_at_its_service_centre(
    workshop: Workshop,
) -> None:
    # 20:30 UTC is 04:30 the next morning at Netac's centre in China (Asia/Shanghai, UTC+8).
    evening = datetime.combine(workshop.now.date() - timedelta(days=3), datetime.min.time())
    opened_at = evening.replace(hour=20, minute=30, tzinfo=UTC)
    rma = open_rma(
        workshop.uow_factory,
        opened_at,
        "netac",
        NETAC_UNIT["serial"],
        service_country="CN",
        service_point="netac-cn",
    )
    smart(workshop, rma.id, "scrutiny__smart-nvme.json", NETAC_UNIT["serial"])

    decision = decide_as_technician(workshop, rma.id).decision  # type: ignore[attr-defined]

    assert decision.facts_used["claim_day"] == (opened_at.date() + timedelta(days=1)).isoformat()


def test_an_ssd_past_its_tbw_is_not_covered(workshop: Workshop) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    # 1.2 billion NVMe data units = 614.4 TB, past the NV3000 1TB's 600 TB
    smart(
        workshop,
        rma.id,
        "scrutiny__smart-nvme.json",
        NETAC_UNIT["serial"],
        nvme_smart_health_information_log__data_units_written=1_200_000_000,
    )

    result = decide_as_technician(workshop, rma.id, quote=QuoteInput(5000, "CNY"))

    decision = result.decision  # type: ignore[attr-defined]
    assert decision.outcome == "not_covered"
    assert "netac.tbw-table" in decision.clause_ids
    assert result.state == "quote_pending"  # type: ignore[attr-defined]


def test_a_flagged_rma_is_not_decided_until_a_person_clears_it(workshop: Workshop) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    smart(workshop, rma.id, "scrutiny__smart-nvme.json", "SOMEONE-ELSES-DRIVE")

    with pytest.raises(Conflict) as caught:
        decide_as_technician(workshop, rma.id)

    assert "flagged" in caught.value.message
    with workshop.uow_factory() as uow:
        assert uow.workshop.decisions(rma.id) == ()


def test_a_decision_is_asked_only_while_inspecting(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    with pytest.raises(Conflict) as caught:
        decide_as_technician(workshop, rma.id)

    assert "received" in caught.value.message


def quoted(workshop: Workshop) -> int:
    rma = workshop.rma(QNAP_UNIT)
    inspect(workshop, rma.id, "mishandled")
    decide_as_technician(workshop, rma.id, quote=QuoteInput(9900, "USD"))
    return rma.id


def test_the_customer_accepts_the_quote_and_the_paid_repair_starts(workshop: Workshop) -> None:
    rma_id = quoted(workshop)

    result = answer_quote(
        workshop.uow_factory, workshop.runtime.book, customer("CUST-A"), rma_id, True, workshop.now
    )

    assert result.state == "repairing"
    assert result.quote is not None and result.quote.answer == "accepted"
    assert result.quote.answered_by == customer("CUST-A").label
    assert workshop.get(rma_id).state == "repairing"


def test_the_customer_declines_and_the_unit_goes_back_unrepaired(workshop: Workshop) -> None:
    rma_id = quoted(workshop)

    result = answer_quote(
        workshop.uow_factory, workshop.runtime.book, customer("CUST-A"), rma_id, False, workshop.now
    )

    assert result.state == "ready_to_ship"
    assert result.quote is not None and result.quote.answer == "declined"


def test_another_customer_cannot_see_or_answer_the_quote(workshop: Workshop) -> None:
    rma_id = quoted(workshop)

    with pytest.raises(NotFound):
        answer_quote(
            workshop.uow_factory,
            workshop.runtime.book,
            customer("CUST-B"),
            rma_id,
            True,
            workshop.now,
        )
    assert workshop.get(rma_id).state == "quote_pending"


def test_a_technician_may_not_answer_for_the_customer(workshop: Workshop) -> None:
    rma_id = quoted(workshop)

    with pytest.raises(PermissionDenied):
        answer_quote(
            workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma_id, True, workshop.now
        )
