"""A claim under an extended warranty: the certificate on the RMA, and the extension moving
to a replacement unit with a reissued certificate."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from workshop_support import TECHNICIAN, Workshop, customer

from warrantor.errors import NotFound
from warrantor.policy.decision import CoverageKind
from warrantor.services.installed_base.check import check_serial
from warrantor.services.rma.decision import decide
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.presented_certificates import attach_certificate
from warrantor.services.rma.repair import finish_repair, replace_unit
from warrantor.services.sales.grants import grant_extension
from warrantor.store.accounts import Account

EXTENDED_UNIT = {
    "brand": "QNAP",
    "serial": "Q24EXT0001",
    "model": "TS-453 Pro",
    "purchased_on": "2024-05-02",
    "first_invoiced_on": "2024-05-02",
    "first_invoiced_to": "DIST-US",
    "proof_of_purchase": "INV-77",
    "country_of_purchase": "US",
    "owner": "CUST-A",
}
"""Standard term to 2026-05-01; a +1 year extension runs 2026-05-02 to 2027-05-01."""


@pytest.fixture
def extended(workshop: Workshop, add_units: Any) -> str:
    """The unit with its extension granted; returns the certificate number."""
    distributor = Account(
        code="DIST-US", name="US Dist", kind="distributor", is_direct_customer=True
    )
    with workshop.uow_factory() as uow:
        uow.accounts.upsert(distributor, workshop.now)
    assert add_units([EXTENDED_UNIT]).rejected == 0
    book = workshop.runtime.book
    with workshop.uow_factory() as uow:
        unit = uow.units.get("QNAP", EXTENDED_UNIT["serial"])
        assert unit is not None
        granted = grant_extension(
            uow,
            workshop.runtime.keys,
            book.version_for("QNAP", None),
            unit,
            years=1,
            purchased_on=date(2024, 6, 1),
            buyer=distributor,
            now=workshop.now,
        )
    assert granted.certificate_number is not None
    return granted.certificate_number


def inspected(workshop: Workshop) -> int:
    rma = workshop.rma(EXTENDED_UNIT)
    record_findings(
        workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma.id, [], workshop.now
    )
    return rma.id


def decide_now(workshop: Workshop, rma_id: int) -> Any:
    runtime = workshop.runtime
    return decide(runtime.uow_factory, runtime.book, runtime.keys, TECHNICIAN, rma_id, workshop.now)


def test_a_claim_under_the_extension_asks_for_its_certificate(
    workshop: Workshop, extended: str
) -> None:
    rma_id = inspected(workshop)

    result = decide_now(workshop, rma_id)

    assert result.decision.outcome == "needs_information"
    assert [m.fact for m in result.decision.missing] == ["extension_certificate"]
    assert result.state == "inspecting"


def test_the_certificate_asked_for_pauses_the_repair_clock_until_it_is_presented(
    workshop: Workshop, extended: str
) -> None:
    rma_id = inspected(workshop)

    decide_now(workshop, rma_id)  # needs information: the extension's certificate
    waiting = workshop.get(rma_id)
    attach_certificate(workshop.uow_factory, workshop.runtime.book, customer("CUST-A"), rma_id,
                       workshop.now, number=extended)  # fmt: skip

    assert (waiting.paused_since, waiting.paused_for) == (workshop.now, "certificate")
    assert workshop.get(rma_id).paused_since is None
    with workshop.uow_factory() as uow:
        [pause] = uow.rmas.pauses(rma_id)
    assert (pause.wait, pause.clock, pause.ended_at) == ("certificate", "repair", workshop.now)


def test_the_certificate_the_customer_attaches_makes_the_claim_covered(
    workshop: Workshop, extended: str
) -> None:
    rma_id = inspected(workshop)

    attached = attach_certificate(
        workshop.uow_factory,
        workshop.runtime.book,
        customer("CUST-A"),
        rma_id,
        workshop.now,
        number=extended.lower(),
    )
    result = decide_now(workshop, rma_id)

    assert attached.certificate_number == extended
    assert result.decision.outcome == "covered"
    assert result.decision.applies_kind == "extended"
    assert result.decision.facts_used["certificate_presented"] == extended
    assert "qnap.ext.certificate" in result.decision.clause_ids


def test_a_certificate_number_never_issued_is_not_attached(
    workshop: Workshop, extended: str
) -> None:
    rma_id = inspected(workshop)

    with pytest.raises(NotFound):
        attach_certificate(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma_id,
            workshop.now,
            number="EW-QNAP-2026-999999",
        )


def test_another_customer_cannot_attach_to_the_rma(workshop: Workshop, extended: str) -> None:
    rma_id = inspected(workshop)

    with pytest.raises(NotFound):
        attach_certificate(
            workshop.uow_factory,
            workshop.runtime.book,
            customer("CUST-B"),
            rma_id,
            workshop.now,
            number=extended,
        )


def test_the_extension_moves_to_the_replacement_with_a_reissued_certificate(
    workshop: Workshop, extended: str
) -> None:
    rma_id = inspected(workshop)
    attach_certificate(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        workshop.now,
        number=extended,
    )
    assert decide_now(workshop, rma_id).state == "repairing"
    runtime = workshop.runtime

    replace_unit(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        TECHNICIAN,
        rma_id,
        "Q24EXT0002",
        workshop.now,
    )
    _, covers = finish_repair(runtime.uow_factory, runtime.book, TECHNICIAN, rma_id, workshop.now)

    with workshop.uow_factory() as uow:
        assert uow.extensions.for_unit("QNAP", "Q24EXT0001") == ()
        moved = uow.extensions.for_unit("QNAP", "Q24EXT0002")
        assert len(moved) == 1
        new_number = moved[0].certificate_number
        assert new_number is not None and new_number != extended
        old = uow.certificates.get(extended)
        new = uow.certificates.get(new_number)
    assert old is not None and old.revoked
    assert new is not None and new.certificate.serial == "Q24EXT0002"
    # The replacement's cover: the rest of the extension (to 2027-05-01), longer than 3 months
    assert [(c.serial, c.ends_on) for c in covers] == [("Q24EXT0002", date(2027, 5, 1))]
    result = check_serial(runtime.uow_factory, runtime.book, "Q24EXT0002", workshop.now.date())
    kinds = {t.kind for t in result.decision.terms}
    assert {CoverageKind.EXTENDED, CoverageKind.REPAIR} <= kinds
    assert result.decision.outcome == "covered"


def test_a_certificate_file_attached_over_the_api_is_read_and_kept(
    workshop: Workshop, extended: str, client_as: Any
) -> None:
    rma_id = inspected(workshop)
    with workshop.uow_factory() as uow:
        issued = uow.certificates.get(extended)
    assert issued is not None

    attached = client_as(customer("CUST-A")).post(
        f"/api/v1/rmas/{rma_id}/certificates",
        files={"file": ("certificate.json", issued.document.encode(), "application/json")},
    )
    bad = client_as(customer("CUST-A")).post(
        f"/api/v1/rmas/{rma_id}/certificates", files={"file": ("x.txt", b"hello")}
    )

    assert attached.status_code == 201, attached.text
    assert attached.json()["certificate_number"] == extended
    assert bad.status_code == 422
    assert decide_now(workshop, rma_id).decision.outcome == "covered"


def test_a_certificate_number_nobody_issued_or_an_rma_not_yours_is_not_found_over_the_api(
    workshop: Workshop, extended: str, client_as: Any
) -> None:
    rma_id = inspected(workshop)

    made_up = client_as(customer("CUST-A")).post(
        f"/api/v1/rmas/{rma_id}/certificates", data={"number": "QX-NOT-ISSUED-1"}
    )
    stranger = client_as(customer("CUST-B")).post(
        f"/api/v1/rmas/{rma_id}/certificates", data={"number": "QX-NOT-ISSUED-1"}
    )

    assert made_up.status_code == 404
    assert "QX-NOT-ISSUED-1" in made_up.json()["error"]["message"]
    assert stranger.status_code == 404
    assert "QX-NOT-ISSUED-1" not in stranger.json()["error"]["message"]
