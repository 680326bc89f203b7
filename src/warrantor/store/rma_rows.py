"""An RMA's row as the domain's ``Rma``, and its due dates as columns.

``to_rma`` maps a row of ``rmas`` (with the customer's and the opener's account
codes) to ``domain.rma.Rma``; ``due_values`` spells an ``RmaDue`` as the four
columns each clock (``number``, ``repair``) keeps. Used by ``RmaRepository``
so callers never see a row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from warrantor.domain.rma import Rma, RmaDue


def _due(row: Row[Any], prefix: str) -> RmaDue | None:
    due_on = getattr(row, f"{prefix}_due_on")
    if due_on is None:
        return None
    clauses = getattr(row, f"{prefix}_due_clauses") or ""
    return RmaDue(
        due_on=due_on,
        due_at=getattr(row, f"{prefix}_due_at"),
        provisional=bool(getattr(row, f"{prefix}_due_provisional")),
        clause_ids=tuple(clauses.split()),
    )


def to_rma(row: Row[Any]) -> Rma:
    return Rma(
        id=row.id,
        number=row.number,
        brand=row.brand,
        serial=row.serial,
        model=row.model,
        state=row.state,
        customer=row.customer_code,
        opened_by=row.opener_code,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        symptom=row.symptom,
        backup_acknowledged_at=row.backup_acknowledged_at,
        proof_of_purchase=row.proof_of_purchase,
        service_country=row.service_country,
        service_point=row.service_point,
        opened_at=row.opened_at,
        unit_id=row.unit_id,
        documents_validated_at=row.documents_validated_at,
        number_issued_at=row.number_issued_at,
        received_at=row.received_at,
        received_on=row.received_on,
        shipped_at=row.shipped_at,
        closed_at=row.closed_at,
        number_due=_due(row, "number"),
        repair_due=_due(row, "repair"),
        needs_attention=row.needs_attention,
        attention_reason=row.attention_reason,
        assignee_user_id=row.assignee_user_id,
        assignee=row.assignee_name,
        paused_since=row.paused_since,
        paused_for=row.paused_for,
    )


def due_values(prefix: str, due: RmaDue | None) -> dict[str, Any]:
    return {
        f"{prefix}_due_on": due.due_on if due else None,
        f"{prefix}_due_at": due.due_at if due else None,
        f"{prefix}_due_provisional": due.provisional if due else None,
        f"{prefix}_due_clauses": " ".join(due.clause_ids) if due else None,
    }
