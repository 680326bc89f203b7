"""An RMA record for unit tests that need one without a database: QNAP-2026-000007, Ann's
TS-453 Pro, opened at ``AT``, in any state, with any field changed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from warrantor.domain.rma import Rma

AT = datetime(2026, 11, 23, 12, tzinfo=UTC)


def an_rma(state: str = "requested", **changes: object) -> Rma:
    """The RMA in ``state``, with ``changes`` applied to its fields."""
    base = Rma(
        id=7,
        number="QNAP-2026-000007",
        brand="QNAP",
        serial="Q1",
        model="TS-453 Pro",
        state=state,
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
