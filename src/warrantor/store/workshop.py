"""Repository: everything the workshop records on an RMA (issue #5).

``WorkshopRepository`` (``uow.workshop``) is the union of the workshop's
records, one concept per module: the inspection (``workshop_inspection``:
findings, SMART reports, certificates presented), the maker's written
permissions (``workshop_permissions``), the decisions
(``workshop_decisions``), the repair (``workshop_repair``: quotes, parts), the
replacements (``workshop_replacements``) and the repair coverages
(``workshop_repair_coverages``). ``record`` reads all of it for one RMA.
Callers never see a row.
"""

from __future__ import annotations

from warrantor.domain.workshop import WorkshopRecord
from warrantor.store.workshop_decisions import DecisionRecords
from warrantor.store.workshop_inspection import InspectionRecords
from warrantor.store.workshop_permissions import PermissionRecords
from warrantor.store.workshop_repair import RepairRecords
from warrantor.store.workshop_repair_coverages import RepairCoverageRecords
from warrantor.store.workshop_replacements import ReplacementRecords


class WorkshopRepository(
    InspectionRecords,
    PermissionRecords,
    DecisionRecords,
    RepairRecords,
    ReplacementRecords,
    RepairCoverageRecords,
):
    """Reads and writes on one connection (inside a unit of work)."""

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
