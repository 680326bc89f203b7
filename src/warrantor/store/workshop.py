"""Repository: inspections, decisions, quotes, parts, replacements, repair coverages (issue #5).

Maps the ``tables_workshop`` rows to ``warrantor.domain.workshop`` dataclasses
and ``domain.coverage.RepairCoverage``; callers never see a row.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, Row, func, select, update

from warrantor.domain.coverage import RepairCoverage
from warrantor.domain.workshop import (
    DecisionRecord,
    MissingFact,
    PartUsed,
    PresentedCertificate,
    Quote,
    Reason,
    Replacement,
    RmaFinding,
    SmartReport,
    StoredDecision,
    StoredRepairCoverage,
    WorkshopRecord,
)
from warrantor.store.tables import brands, models, units
from warrantor.store.tables_workshop import (
    repair_coverages,
    rma_certificates,
    rma_decisions,
    rma_findings,
    rma_parts,
    rma_quotes,
    rma_smart_reports,
    unit_replacements,
)

_original = units.alias("original")
_replacement = units.alias("replacement")
_original_model = models.alias("original_model")
_replacement_model = models.alias("replacement_model")


class WorkshopRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- the check's read -------------------------------------------------------------

    def repair_coverages_for(self, brand: str, serial: str) -> tuple[RepairCoverage, ...]:
        """Coverages of repaired parts / replacement units held by this unit.

        A coverage not yet fixed by the return shipment says so in its reason:
        its dates count from the expected ship day until the unit ships.
        """
        rows = self._connection.execute(
            select(
                repair_coverages.c.starts_on,
                repair_coverages.c.ends_on,
                repair_coverages.c.reason,
                repair_coverages.c.fixed,
            )
            .join(units, units.c.id == repair_coverages.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
            .order_by(repair_coverages.c.starts_on, repair_coverages.c.id)
        )
        return tuple(
            RepairCoverage(
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                reason=row.reason if row.fixed else f"{row.reason} (until the unit ships)",
            )
            for row in rows
        )

    # --- findings ---------------------------------------------------------------------

    def findings(self, rma_id: int) -> tuple[RmaFinding, ...]:
        rows = self._connection.execute(
            select(rma_findings)
            .where(rma_findings.c.rma_id == rma_id)
            .order_by(rma_findings.c.recorded_at, rma_findings.c.id)
        )
        return tuple(
            RmaFinding(
                finding=row.finding,
                voids_unit=row.voids_unit,
                note=row.note,
                recorded_at=row.recorded_at,
                recorded_by=row.recorded_by,
            )
            for row in rows
        )

    def add_finding(
        self, rma_id: int, finding: str, voids_unit: bool, note: str, by: str, now: datetime
    ) -> None:
        self._connection.execute(
            rma_findings.insert().values(
                rma_id=rma_id,
                finding=finding,
                voids_unit=voids_unit,
                note=note,
                recorded_at=now,
                recorded_by=by,
            )
        )

    # --- SMART reports ----------------------------------------------------------------

    def add_smart_report(self, rma_id: int, report: SmartReport) -> int:
        result = self._connection.execute(
            rma_smart_reports.insert().values(
                rma_id=rma_id,
                file_name=report.file_name,
                model_name=report.model_name,
                serial_reported=report.serial_reported,
                serial_matches=report.serial_matches,
                protocol=report.protocol,
                drive_bytes_written=report.drive_bytes_written,
                carried_bytes_written=report.carried_bytes_written,
                power_on_hours=report.power_on_hours,
                unit_rule=report.unit_rule,
                notes=json.dumps(list(report.notes)),
                read_on=report.read_on,
                recorded_at=report.recorded_at,
                recorded_by=report.recorded_by,
            )
        )
        return _new_id(result)

    def smart_reports(self, rma_id: int) -> tuple[SmartReport, ...]:
        rows = self._connection.execute(
            select(rma_smart_reports)
            .where(rma_smart_reports.c.rma_id == rma_id)
            .order_by(rma_smart_reports.c.recorded_at, rma_smart_reports.c.id)
        )
        return tuple(_smart_report(row) for row in rows)

    # --- certificates presented -------------------------------------------------------

    def add_certificate(
        self,
        rma_id: int,
        number: str | None,
        file_name: str | None,
        document: str | None,
        by: str,
        now: datetime,
    ) -> int:
        result = self._connection.execute(
            rma_certificates.insert().values(
                rma_id=rma_id,
                certificate_number=number,
                file_name=file_name,
                document=document,
                attached_at=now,
                attached_by=by,
            )
        )
        return _new_id(result)

    def certificates(self, rma_id: int) -> tuple[PresentedCertificate, ...]:
        rows = self._connection.execute(
            select(rma_certificates)
            .where(rma_certificates.c.rma_id == rma_id)
            .order_by(rma_certificates.c.attached_at, rma_certificates.c.id)
        )
        return tuple(
            PresentedCertificate(
                id=row.id,
                certificate_number=row.certificate_number,
                file_name=row.file_name,
                document=row.document,
                attached_at=row.attached_at,
                attached_by=row.attached_by,
            )
            for row in rows
        )

    # --- decisions --------------------------------------------------------------------

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
            select(rma_decisions).where(rma_decisions.c.id == _new_id(result))
        ).one()
        return _decision(row)

    def decisions(self, rma_id: int) -> tuple[StoredDecision, ...]:
        rows = self._connection.execute(
            select(rma_decisions)
            .where(rma_decisions.c.rma_id == rma_id)
            .order_by(rma_decisions.c.decided_at, rma_decisions.c.id)
        )
        return tuple(_decision(row) for row in rows)

    # --- quotes -----------------------------------------------------------------------

    def add_quote(
        self, rma_id: int, amount_minor: int, currency: str, note: str, by: str, now: datetime
    ) -> None:
        self._connection.execute(
            rma_quotes.insert().values(
                rma_id=rma_id,
                amount_minor=amount_minor,
                currency=currency,
                note=note,
                quoted_at=now,
                quoted_by=by,
            )
        )

    def quotes(self, rma_id: int) -> tuple[Quote, ...]:
        rows = self._connection.execute(
            select(rma_quotes)
            .where(rma_quotes.c.rma_id == rma_id)
            .order_by(rma_quotes.c.quoted_at, rma_quotes.c.id)
        )
        return tuple(
            Quote(
                id=row.id,
                amount_minor=row.amount_minor,
                currency=row.currency,
                note=row.note,
                quoted_at=row.quoted_at,
                quoted_by=row.quoted_by,
                answer=row.answer,
                answered_at=row.answered_at,
                answered_by=row.answered_by,
            )
            for row in rows
        )

    def answer_quote(self, quote_id: int, answer: str, by: str, now: datetime) -> None:
        self._connection.execute(
            update(rma_quotes)
            .where(rma_quotes.c.id == quote_id)
            .values(answer=answer, answered_at=now, answered_by=by)
        )

    # --- parts ------------------------------------------------------------------------

    def add_part(self, rma_id: int, part: PartUsed) -> None:
        self._connection.execute(
            rma_parts.insert().values(
                rma_id=rma_id,
                part=part.part,
                part_number=part.part_number,
                quantity=part.quantity,
                replaced=part.replaced,
                removed_part_owner=part.removed_part_owner,
                note=part.note,
                recorded_at=part.recorded_at,
                recorded_by=part.recorded_by,
            )
        )

    def parts(self, rma_id: int) -> tuple[PartUsed, ...]:
        rows = self._connection.execute(
            select(rma_parts)
            .where(rma_parts.c.rma_id == rma_id)
            .order_by(rma_parts.c.recorded_at, rma_parts.c.id)
        )
        return tuple(
            PartUsed(
                part=row.part,
                part_number=row.part_number,
                quantity=row.quantity,
                replaced=row.replaced,
                removed_part_owner=row.removed_part_owner,
                note=row.note,
                recorded_at=row.recorded_at,
                recorded_by=row.recorded_by,
            )
            for row in rows
        )

    # --- replacements -----------------------------------------------------------------

    def add_replacement(
        self,
        rma_id: int,
        original_unit_id: int,
        replacement_unit_id: int,
        condition: str,
        carried_bytes_written: int | None,
        original_part_owner: str | None,
        note: str,
        by: str,
        now: datetime,
    ) -> None:
        self._connection.execute(
            unit_replacements.insert().values(
                rma_id=rma_id,
                original_unit_id=original_unit_id,
                replacement_unit_id=replacement_unit_id,
                condition=condition,
                carried_bytes_written=carried_bytes_written,
                original_part_owner=original_part_owner,
                note=note,
                replaced_at=now,
                replaced_by=by,
            )
        )

    def replacements_for_rma(self, rma_id: int) -> tuple[Replacement, ...]:
        return self._replacements(unit_replacements.c.rma_id == rma_id)

    def replacements_touching(self, unit_ids: list[int]) -> tuple[Replacement, ...]:
        """Replacements where one of ``unit_ids`` is the original or the replacement."""
        if not unit_ids:
            return ()
        return self._replacements(
            unit_replacements.c.original_unit_id.in_(unit_ids)
            | unit_replacements.c.replacement_unit_id.in_(unit_ids)
        )

    def replacement_links(self, unit_id: int) -> tuple[int | None, int | None]:
        """``(replaces, replaced_by)``: the unit ids this unit replaced and was replaced by."""
        replaces = self._connection.scalar(
            select(unit_replacements.c.original_unit_id).where(
                unit_replacements.c.replacement_unit_id == unit_id
            )
        )
        replaced_by = self._connection.scalar(
            select(unit_replacements.c.replacement_unit_id).where(
                unit_replacements.c.original_unit_id == unit_id
            )
        )
        return replaces, replaced_by

    def carried_bytes_written(self, unit_id: int) -> int:
        """Usage a replacement drive starts with (the drive it replaced had written it)."""
        carried = self._connection.scalar(
            select(unit_replacements.c.carried_bytes_written).where(
                unit_replacements.c.replacement_unit_id == unit_id
            )
        )
        return int(carried or 0)

    def _replacements(self, where: Any) -> tuple[Replacement, ...]:
        rows = self._connection.execute(
            select(
                unit_replacements,
                brands.c.name.label("brand"),
                _original.c.serial.label("original_serial"),
                _original_model.c.name.label("original_model"),
                _replacement.c.serial.label("replacement_serial"),
                _replacement_model.c.name.label("replacement_model"),
            )
            .join(_original, _original.c.id == unit_replacements.c.original_unit_id)
            .join(_replacement, _replacement.c.id == unit_replacements.c.replacement_unit_id)
            .join(brands, brands.c.id == _original.c.brand_id)
            .join(_original_model, _original_model.c.id == _original.c.model_id)
            .join(_replacement_model, _replacement_model.c.id == _replacement.c.model_id)
            .where(where)
            .order_by(unit_replacements.c.replaced_at, unit_replacements.c.id)
        )
        return tuple(
            Replacement(
                rma_id=row.rma_id,
                brand=row.brand,
                original_serial=row.original_serial,
                original_model=row.original_model,
                replacement_serial=row.replacement_serial,
                replacement_model=row.replacement_model,
                condition=row.condition,
                carried_bytes_written=row.carried_bytes_written,
                original_part_owner=row.original_part_owner,
                note=row.note,
                replaced_at=row.replaced_at,
                replaced_by=row.replaced_by,
            )
            for row in rows
        )

    # --- repair coverages -------------------------------------------------------------

    def add_repair_coverage(
        self,
        rma_id: int,
        unit_id: int,
        kind: str,
        part: str | None,
        coverage: RepairCoverage,
        original_ends_on: date | None,
        minimum_months: int,
        now: datetime,
    ) -> None:
        self._connection.execute(
            repair_coverages.insert().values(
                rma_id=rma_id,
                unit_id=unit_id,
                kind=kind,
                part=part,
                starts_on=coverage.starts_on,
                ends_on=coverage.ends_on,
                original_ends_on=original_ends_on,
                minimum_months=minimum_months,
                fixed=False,
                reason=coverage.reason,
                created_at=now,
            )
        )

    def repair_coverages_of_rma(self, rma_id: int) -> tuple[StoredRepairCoverage, ...]:
        rows = self._connection.execute(
            select(repair_coverages, brands.c.name.label("brand"), units.c.serial)
            .join(units, units.c.id == repair_coverages.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(repair_coverages.c.rma_id == rma_id)
            .order_by(repair_coverages.c.id)
        )
        return tuple(
            StoredRepairCoverage(
                id=row.id,
                rma_id=row.rma_id,
                brand=row.brand,
                serial=row.serial,
                kind=row.kind,
                part=row.part,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                original_ends_on=row.original_ends_on,
                minimum_months=row.minimum_months,
                fixed=row.fixed,
                reason=row.reason,
            )
            for row in rows
        )

    def fix_repair_coverage(
        self, coverage_id: int, starts_on: date, ends_on: date, now: datetime
    ) -> None:
        """Set the dates from the day the unit shipped; they no longer move."""
        self._connection.execute(
            update(repair_coverages)
            .where(repair_coverages.c.id == coverage_id)
            .values(starts_on=starts_on, ends_on=ends_on, fixed=True, fixed_at=now)
        )

    # --- all of it --------------------------------------------------------------------

    def record(self, rma_id: int) -> WorkshopRecord:
        """Everything the workshop recorded on one RMA."""
        return WorkshopRecord(
            findings=self.findings(rma_id),
            smart_reports=self.smart_reports(rma_id),
            certificates=self.certificates(rma_id),
            decisions=self.decisions(rma_id),
            quotes=self.quotes(rma_id),
            parts=self.parts(rma_id),
            replacements=self.replacements_for_rma(rma_id),
            repair_coverages=self.repair_coverages_of_rma(rma_id),
        )

    def unit_row(self, unit_id: int) -> Row[Any] | None:
        """The stored ``units`` row (ids included), to copy what a replacement inherits."""
        return self._connection.execute(select(units).where(units.c.id == unit_id)).first()

    def unit_ref(self, unit_id: int) -> tuple[str, str] | None:
        """``(brand, serial)`` of a unit id."""
        row = self._connection.execute(
            select(brands.c.name, units.c.serial)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(units.c.id == unit_id)
        ).first()
        return (row.name, row.serial) if row else None


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _smart_report(row: Row[Any]) -> SmartReport:
    return SmartReport(
        id=row.id,
        file_name=row.file_name,
        model_name=row.model_name,
        serial_reported=row.serial_reported,
        serial_matches=row.serial_matches,
        protocol=row.protocol,
        drive_bytes_written=row.drive_bytes_written,
        carried_bytes_written=row.carried_bytes_written,
        power_on_hours=row.power_on_hours,
        unit_rule=row.unit_rule,
        notes=tuple(json.loads(row.notes)),
        read_on=row.read_on,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


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
