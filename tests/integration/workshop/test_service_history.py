"""A unit's service history: every RMA of the unit and of its replacement chain."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import request
from workshop_support import ADMIN, QNAP_UNIT, TECHNICIAN, Workshop, customer

from warrantor.errors import NotFound, Refused
from warrantor.services.rma.decision import decide
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.repair import finish_repair, replace_unit
from warrantor.services.rma.service_history import service_history


def replaced(workshop: Workshop, serial: str, by: str) -> int:
    """An RMA on ``serial`` decided covered, its unit replaced by ``by`` and finished."""
    runtime = workshop.runtime
    rma = workshop.rma({"brand": "QNAP", "serial": serial})
    record_findings(runtime.uow_factory, runtime.book, TECHNICIAN, rma.id, [], workshop.now)
    decide(runtime.uow_factory, runtime.book, runtime.keys, TECHNICIAN, rma.id, workshop.now)
    replace_unit(
        runtime.uow_factory, runtime.book, runtime.keys, TECHNICIAN, rma.id, by, workshop.now
    )
    finish_repair(runtime.uow_factory, runtime.book, TECHNICIAN, rma.id, workshop.now)
    return rma.id


def test_the_history_follows_a_unit_replaced_twice_from_any_of_its_serials(
    workshop: Workshop,
) -> None:
    first = replaced(workshop, QNAP_UNIT["serial"], "Q23H00002")
    second = replaced(workshop, "Q23H00002", "Q23H00003")

    for serial in (QNAP_UNIT["serial"], "Q23H00002", "Q23H00003"):
        history = service_history(workshop.uow_factory, ADMIN, "QNAP", serial)
        assert history.serials == (QNAP_UNIT["serial"], "Q23H00002", "Q23H00003")
        assert [h.rma.id for h in history.rmas] == [first, second]
        assert [h.record.decision.outcome for h in history.rmas if h.record.decision] == [
            "covered",
            "covered",
        ]
        assert [(r.original_serial, r.replacement_serial) for r in history.replacements] == [
            (QNAP_UNIT["serial"], "Q23H00002"),
            ("Q23H00002", "Q23H00003"),
        ]
        assert [c.serial for c in history.repair_coverages] == ["Q23H00002", "Q23H00003"]


def test_a_unit_without_rmas_has_an_empty_history(workshop: Workshop) -> None:
    history = service_history(workshop.uow_factory, TECHNICIAN, None, QNAP_UNIT["serial"])

    assert history.rmas == () and history.serials == (QNAP_UNIT["serial"],)


def test_the_owner_sees_their_history_and_another_customer_gets_not_found(
    workshop: Workshop, add_units: Any
) -> None:
    replaced(workshop, QNAP_UNIT["serial"], "Q23H00009")

    mine = service_history(workshop.uow_factory, customer("CUST-A"), "QNAP", "Q23H00009")
    assert len(mine.rmas) == 1

    with pytest.raises(NotFound):
        service_history(workshop.uow_factory, customer("CUST-B"), "QNAP", "Q23H00009")
    with pytest.raises(NotFound):
        service_history(workshop.uow_factory, customer("CUST-B"), "QNAP", QNAP_UNIT["serial"])


def test_a_customer_sees_only_their_own_rmas_on_a_unit_that_changed_hands(
    workshop: Workshop,
) -> None:
    mine = workshop.rma(QNAP_UNIT, customer_code="CUST-A")
    workshop.rma(QNAP_UNIT, customer_code="CUST-B")

    history = service_history(workshop.uow_factory, customer("CUST-A"), "QNAP", QNAP_UNIT["serial"])

    assert [h.rma.id for h in history.rmas] == [mine.id]
    assert len(service_history(workshop.uow_factory, ADMIN, "QNAP", QNAP_UNIT["serial"]).rmas) == 2


def test_no_new_rma_on_a_unit_already_replaced_only_on_its_replacement(
    workshop: Workshop,
) -> None:
    replaced(workshop, QNAP_UNIT["serial"], "Q23H00002")
    runtime = workshop.runtime

    def ask(serial: str) -> Any:
        asked = request(serial, brand="QNAP", service_country="US")
        return open_rma(runtime.uow_factory, runtime.book, ADMIN, asked, workshop.now)

    with pytest.raises(Refused) as refused:
        ask(QNAP_UNIT["serial"])
    assert "qnap.remedy.replaced-parts" in refused.value.clause_ids
    assert "replaced by Q23H00002" in refused.value.message
    assert ask("Q23H00002").serial == "Q23H00002"
