"""The maker's written permissions recorded on a unit or an RMA (issue 19).

Maps ``tables_workshop.written_permissions`` rows to ``domain.workshop``
records; the claim's facts (``services.rma.decision.claim_facts``) read the
findings they permit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select

from warrantor.domain.workshop import WrittenPermission
from warrantor.store.repository import Repository, inserted_id
from warrantor.store.tables_workshop import written_permissions

_SHOWN = [c for c in written_permissions.c if c.name != "attachment"]
"""Every column but the letter's bytes (read only when asked for)."""


class PermissionRecords(Repository):
    """Written permissions: added once, never changed."""

    def add_permission(
        self,
        *,
        unit_id: int,
        rma_id: int | None,
        finding: str,
        granted_by: str,
        granted_on: date,
        permitted: str,
        attachment_name: str | None,
        attachment: bytes | None,
        by: str,
        now: datetime,
    ) -> int:
        result = self._connection.execute(
            written_permissions.insert().values(
                unit_id=unit_id,
                rma_id=rma_id,
                finding=finding,
                granted_by=granted_by,
                granted_on=granted_on,
                permitted=permitted,
                attachment_name=attachment_name,
                attachment=attachment,
                recorded_by=by,
                recorded_at=now,
            )
        )
        return inserted_id(result)

    def permissions_for_claim(self, unit_id: int, rma_id: int) -> tuple[WrittenPermission, ...]:
        """The permissions a claim on RMA ``rma_id`` stands on: the RMA's and the unit's."""
        rows = self._connection.execute(
            select(*_SHOWN)
            .where(
                written_permissions.c.unit_id == unit_id,
                or_(written_permissions.c.rma_id.is_(None), written_permissions.c.rma_id == rma_id),
            )
            .order_by(written_permissions.c.recorded_at, written_permissions.c.id)
        )
        return tuple(
            WrittenPermission(
                id=row.id,
                finding=row.finding,
                granted_by=row.granted_by,
                granted_on=row.granted_on,
                permitted=row.permitted,
                attachment_name=row.attachment_name,
                recorded_by=row.recorded_by,
                recorded_at=row.recorded_at,
                rma_id=row.rma_id,
            )
            for row in rows
        )

    def permission_attachment(self, permission_id: int) -> tuple[str, bytes] | None:
        """The letter attached to a permission (its name and bytes), if there is one."""
        row = self._connection.execute(
            select(written_permissions.c.attachment_name, written_permissions.c.attachment).where(
                written_permissions.c.id == permission_id
            )
        ).first()
        if row is None or row.attachment is None:
            return None
        return row.attachment_name or "attachment", bytes(row.attachment)
