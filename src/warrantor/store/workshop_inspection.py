"""What an RMA's inspection recorded: findings, SMART reports, certificates presented.

The technician's findings (some void the unit), the SMART reports read from the
drive (with the usage a replacement drive carries), and the extension
certificates the customer presented for the claim. Maps ``tables_workshop``
rows to ``domain.workshop`` records; the decision that weighs them is in
``workshop_decisions``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from warrantor.domain.workshop import PresentedCertificate, RmaFinding, SmartReport
from warrantor.store.repository import Repository, inserted_id
from warrantor.store.tables_workshop import rma_certificates, rma_findings, rma_smart_reports


class InspectionRecords(Repository):
    """Findings, SMART reports and presented certificates of an RMA."""

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
        return inserted_id(result)

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
        return inserted_id(result)

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
