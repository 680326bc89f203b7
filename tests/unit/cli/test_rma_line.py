"""The CLI's one-line RMA names what a paused clock waits for (issue #25, item 2)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from warrantor.cli.rma_text import rma_line
from warrantor.domain.rma import Rma

AT = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def _rma(**changes: object) -> Rma:
    base = Rma(
        id=7,
        number="QNAP-2026-000007",
        brand="QNAP",
        serial="Q1",
        model="TS-453 Pro",
        state="received",
        customer="CUST-ANN",
        opened_by="DEALER-1",
        contact_name="Ann",
        contact_email="ann@example.com",
        symptom="dead",
        backup_acknowledged_at=AT,
        proof_of_purchase="INV-1",
        service_country="US",
        service_point="qnap-us",
        opened_at=AT,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_paused_rma_says_what_it_waits_for_in_words() -> None:
    line = rma_line(_rma(paused_since=AT, paused_for="documents"))
    assert "PAUSED since 2026-11-23" in line
    assert "(waiting for documents asked of the customer)" in line
    quote = rma_line(_rma(paused_since=AT, paused_for="quote"))
    assert "(waiting for the customer's answer to a paid-repair quote)" in quote


def test_a_running_clock_says_nothing_of_a_pause() -> None:
    assert "PAUSED" not in rma_line(_rma())
