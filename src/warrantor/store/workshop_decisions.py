"""The coverage decisions taken on an RMA, as they were taken.

A decision is stored with everything it rested on (outcome, policy version,
clause ids, reasons, facts used, facts missing), so a later reader sees why,
even after the policy changed. Maps ``rma_decisions`` rows to
``domain.workshop.StoredDecision``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from warrantor.domain.workshop import DecisionRecord, MissingFact, Reason, StoredDecision
from warrantor.store.repository import Repository, inserted_id
from warrantor.store.tables_workshop import rma_decisions


class DecisionRecords(Repository):
    """The decisions of an RMA, oldest first."""

    def add_decision(
        self, rma_id: int, record: DecisionRecord, by: str, now: datetime
    ) -> StoredDecision:
        reasons = [asdict(r) for r in record.reasons]
        missing = [{"fact": m.fact, "why": m.why, "clause_id": m.clause_id} for m in record.missing]
        values: dict[str, Any] = {
            "rma_id": rma_id,
            "outcome": record.outcome,
            "summary": record.summary,
            "policy_id": record.policy_id,
            "policy_version": record.policy_version,
            "decided_on": record.decided_on,
            "applies_kind": record.applies_kind,
            "applies_until": record.applies_until,
            "coverage_until": record.coverage_until,
            "clause_ids": json.dumps(list(record.clause_ids)),
            "reasons": json.dumps(reasons),
            "facts_used": json.dumps(record.facts_used, sort_keys=True),
            "missing": json.dumps(missing),
            "decided_at": now,
            "decided_by": by,
        }
        result = self._connection.execute(rma_decisions.insert().values(**values))
        row = self._connection.execute(
            select(rma_decisions).where(rma_decisions.c.id == inserted_id(result))
        ).one()
        return _decision(row)

    def decisions(self, rma_id: int) -> tuple[StoredDecision, ...]:
        rows = self._connection.execute(
            select(rma_decisions)
            .where(rma_decisions.c.rma_id == rma_id)
            .order_by(rma_decisions.c.decided_at, rma_decisions.c.id)
        )
        return tuple(_decision(row) for row in rows)


def _decision(row: Row[Any]) -> StoredDecision:
    return StoredDecision(
        id=row.id,
        outcome=row.outcome,
        summary=row.summary,
        policy_id=row.policy_id,
        policy_version=row.policy_version,
        decided_on=row.decided_on,
        applies_kind=row.applies_kind,
        applies_until=row.applies_until,
        coverage_until=row.coverage_until,
        clause_ids=tuple(json.loads(row.clause_ids)),
        reasons=tuple(Reason(**r) for r in json.loads(row.reasons)),
        facts_used=dict(json.loads(row.facts_used)),
        missing=tuple(MissingFact(**m) for m in json.loads(row.missing)),
        decided_at=row.decided_at,
        decided_by=row.decided_by,
    )
